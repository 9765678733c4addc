"""Two OCR engines and their agreement: fusion rules, engine choice, calibration, the line
crops RapidOCR reads, rare characters (flagged, and found by pinyin or component)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import cv2
import numpy as np
import pytest
from stdnum.cn import ric

from app.config import Settings
from app.domain.errors import UserError
from app.idcard.calibration import probability
from app.idcard.charsearch import readings_of, search
from app.idcard.engines import Reading, installed_engines, load_engines
from app.idcard.finder import find_card, warp_card
from app.idcard.layout import FRONT, crop_fields
from app.idcard.reader import (
    CONFIDENT,
    Candidate,
    CardReader,
    CardReading,
    _address,
    _back,
    _name,
    _number_sex_birth,
    clean_address,
    clean_name,
    fuse,
    vote,
)
from app.services.bootstrap import card_reader
from tests.factories.cardgen import make_sample, random_card, render_front

TODAY = date(2026, 11, 23)


def number(body: str) -> str:
    return body + ric.calc_check_digit(body + "?")


# --- fusion rules ---------------------------------------------------------------------


def test_agreeing_engines_combine_their_confidence_and_need_no_review():
    fused = fuse(
        [Candidate("张三", 0.8, 0.8, "tesseract"), Candidate("张三", 0.9, 0.9, "rapidocr")]
    )
    assert fused.value == "张三" and not fused.review and fused.alternatives == ()
    assert fused.confidence == pytest.approx(1 - 0.2 * 0.1)


def test_disagreement_takes_the_more_likely_reading_flags_it_and_offers_the_other():
    fused = fuse(
        [Candidate("印英子", 0.9, 0.7, "tesseract"), Candidate("邱英子", 0.9, 0.95, "rapidocr")]
    )
    assert fused.value == "邱英子" and fused.review and fused.alternatives == ("印英子",)


def test_a_reading_that_breaks_the_fields_rules_loses_to_one_that_keeps_them():
    fused = fuse(
        [
            Candidate("张", 0.99, 0.99, "tesseract", valid=False),
            Candidate("张三", 0.5, 0.6, "rapidocr"),
        ]
    )
    assert fused.value == "张三" and fused.review


def test_without_a_valid_reading_the_closest_is_kept_flagged_with_no_confidence():
    fused = fuse(
        [Candidate("张", 0.9, 0.9, "rapidocr", valid=False), Candidate(None, 0, 0, "tesseract")]
    )
    assert (fused.value, fused.confidence, fused.review) == ("张", 0.0, True)
    assert fuse([]).value is None and fuse([]).review


def test_an_address_in_the_id_numbers_region_is_preferred():
    fused = fuse(
        [
            Candidate("上海市黄浦区南京东路1号", 0.9, 0.9, "tesseract"),
            Candidate("上海市黄埔区南京东路1号", 0.8, 0.8, "rapidocr", preferred=True),
        ]
    )
    assert fused.value == "上海市黄埔区南京东路1号" and fused.review


def test_a_misread_place_name_is_read_as_the_region_it_nearly_spells_flagged():
    readings = [
        Reading("住址河北省保定市源县高马镇李石村二组3号", 0.99, "rapidocr"),  # 涞 dropped
        Reading("河北省保定市沫源县高马镇李石村二组3号", 0.9, "tesseract"),  # 涞 mistaken
    ]
    fused = _address(readings, None)
    assert fused.value == "河北省保定市涞源县高马镇李石村二组3号" and fused.review
    assert "河北省保定市源县高马镇李石村二组3号" in fused.alternatives  # what was read, beside it


def test_an_address_one_engine_read_exactly_needs_no_review_for_the_other_engines_slip():
    readings = [
        Reading("云南省怒江族自治州兰坪白族普米族自治县文福大道970号", 0.99, "rapidocr"),
        Reading("云南省怒江傈僳族自治州兰坪白族普米族自治县文福大道970号", 0.99, "tesseract"),
    ]
    fused = _address(readings, None)
    assert fused.value == "云南省怒江傈僳族自治州兰坪白族普米族自治县文福大道970号"
    assert not fused.review


def test_of_two_readings_the_one_missing_a_character_the_other_has_loses():
    readings = [
        Reading("安徽省芜湖市无为市解黄大道937号1栋290室", 0.99, "tesseract"),
        Reading("安徽省芜湖市无为市解黄大道937号1栋2909室", 0.6, "rapidocr"),
    ]
    fused = _address(readings, None)
    assert fused.value == "安徽省芜湖市无为市解黄大道937号1栋2909室" and fused.review


def test_one_engine_alone_is_trusted_only_above_the_review_threshold():
    assert not fuse([Candidate("汉", 0.95, 0.95, "tesseract")]).review
    assert fuse([Candidate("汉", CONFIDENT - 0.01, CONFIDENT - 0.01, "tesseract")]).review


def test_attempts_vote_by_majority_then_by_character_known_surnames_first():
    assert vote(["张三", "张三", "弓三"]) == "张三"
    assert vote(["张三丰", "弓三丰", "张三车"]) == "张三丰"
    assert vote(["玲雅伟", "龚雅伟", "获雅伟"]) == "龚雅伟"


def test_tesseract_attempts_vote_then_meet_rapidocr():
    attempts = [Reading(t, 0.9, "tesseract") for t in ("姓名印英子", "印英子", "印英于", "邱英子")]
    fused = _name([*attempts, Reading("邱英子", 0.99, "rapidocr")])
    assert fused.value in {"印英子", "邱英子"} and fused.review
    assert set(fused.alternatives) | {fused.value} == {"印英子", "邱英子"}
    agreed = _name([*attempts[:2], Reading("姓名 印英子", 0.99, "rapidocr")])
    assert agreed.value == "印英子" and not agreed.review


def _card_results(numbers, birth="1990年5月20日", sex="男 民族汉"):
    return {
        "number": [Reading(text, 0.9, engine) for engine, text in numbers],
        "birth": [Reading(birth, 0.9, "tesseract")],
        "sex_ethnicity": [Reading(sex, 0.9, "tesseract")],
    }


def test_an_id_number_read_alike_by_both_engines_is_certain():
    good = number("31010419900520123")
    reading = CardReading()
    _number_sex_birth(reading, _card_results([("tesseract", good), ("rapidocr", good)]), TODAY)
    assert reading.fields["id_number"] == good and reading.checksum_ok
    assert reading.confidence["id_number"] > 0.99 and reading.needs_review == []
    assert reading.fields["birth_date"] == date(1990, 5, 20) and reading.fields["sex"] == "男"


def test_of_two_valid_numbers_the_one_matching_the_printed_birth_date_wins_flagged():
    right = number("31010419900520123")
    other = number("31010419900502123")  # digits swapped: also passes the check digit
    reading = CardReading()
    results = _card_results([("tesseract", other), ("rapidocr", right)])
    _number_sex_birth(reading, results, TODAY)
    assert reading.fields["id_number"] == right and "id_number" in reading.needs_review
    assert reading.alternatives["id_number"] == [other]


def test_a_repaired_number_is_confirmed_by_the_other_engine():
    good = number("31010419900520123")
    misread = good[:10] + "8" + good[11:]  # 0 read as 8: repaired, alone it is flagged
    alone = CardReading()
    _number_sex_birth(alone, _card_results([("tesseract", misread)]), TODAY)
    assert alone.fields["id_number"] == good and "id_number" in alone.needs_review
    assert not alone.checksum_ok  # the check digit chose the repair: it verifies nothing
    both = CardReading()
    _number_sex_birth(both, _card_results([("tesseract", misread), ("rapidocr", good)]), TODAY)
    assert both.fields["id_number"] == good and "id_number" not in both.needs_review
    assert both.checksum_ok


# --- engines, settings, calibration --------------------------------------------------


def test_both_engines_are_installed_and_loaded_once_per_process():
    assert installed_engines() == ["tesseract", "rapidocr"]
    first, second = load_engines(), load_engines()
    assert [e.name for e in first] == ["tesseract", "rapidocr"]
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_the_engine_setting_chooses_and_unknown_engines_are_refused(monkeypatch):
    monkeypatch.setenv("FENQI_OCR_ENGINES", "RapidOCR")
    assert card_reader(Settings.read()).engine_names == ["rapidocr"]
    monkeypatch.setenv("FENQI_OCR_ENGINES", "tesseract,abbyy")
    with pytest.raises(UserError, match="unknown OCR engine 'abbyy'"):
        card_reader(Settings.read())


def test_calibration_is_monotone_and_leaves_unmeasured_fields_alone():
    for engine in ("tesseract", "rapidocr"):
        for field in ("name", "address"):
            chances = [probability(engine, field, s / 100) for s in range(101)]
            assert chances == sorted(chances) and all(0 < c < 1 for c in chances)
    assert probability("rapidocr", "no-such-field", 0.42) == 0.42


def test_the_address_is_cut_line_by_line_for_the_line_engine():
    card, front, _ = make_sample(1, "easy")  # an address of more than one printed line
    lines = min(-(-len(card.address) // 11), 3)
    flat = warp_card(front, find_card(front))
    crop = crop_fields(flat, {"address": FRONT["address"]})["address"]
    assert len(crop.lines) == lines
    assert all(line.shape[0] < 70 < crop.image.shape[0] for line in crop.lines)  # one line each


# --- rare characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "parts", "wanted"),
    [
        ("yao", "土", "垚"),
        ("yáo", "", "垚"),
        ("yan3", "", "䶮"),
        ("kuai", "刀", "蒯"),
        ("gen", "一", "亘"),
    ],
)
def test_rare_characters_are_found_by_reading_and_component(reading, parts, wanted):
    assert wanted in search(reading, parts)


def test_components_alone_narrow_to_the_character_and_common_ones_come_first():
    assert search("", "龍天") == ["龑"]
    found = search("yan")
    assert found.index("严") < found.index("䶮")  # GB 2312 before Extension A
    assert search("", "") == [] and search("qqq") == []
    assert "gèn" in readings_of("亘")


def test_rare_and_extension_characters_survive_cleaning():
    assert clean_name("姓名 刘䶮") == "刘䶮"  # 䶮 is CJK Extension A
    assert clean_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert clean_name("名孙玲") == "孙玲"  # the label's 名, its 姓 cut off
    assert clean_name("名和") == "和"  # (too short a name: flagged by its rule)
    assert clean_address("住址上海市徐汇区𠀀路1-3号") == "上海市徐汇区𠀀路1-3号"  # Extension B
    assert clean_address("河南省濮阳市范县明华路712号\n4县码3522021990020") == (
        "河南省濮阳市范县明华路712号"  # the number's row, caught by a crop set too low
    )


def test_a_name_with_a_character_no_engine_knows_is_kept_flagged():
    rng = random.Random(7)
    card = dataclasses.replace(random_card(rng), name="刘䶮")
    image = np.array(render_front(card, rng, family="Noto Sans CJK SC"))[:, :, ::-1]
    scene = cv2.copyMakeBorder(image, 100, 100, 140, 140, cv2.BORDER_CONSTANT, value=(60, 70, 80))
    doc = CardReader(today=TODAY).read(scene).to_json()
    assert doc["id_number"] == card.id_number
    assert doc["name"] == "刘䶮" or ("name" in doc["needs_review"] and doc["name"])


def test_an_issuer_no_engine_read_exactly_is_a_flagged_suggestion_beside_what_was_read():
    reading = CardReading()
    reading.fields["address"] = "广东省广州市天河区体育西路1号"
    misread = "广州市公安局天河巴分局"
    results = {
        "issuer": [Reading(misread, 0.99, "tesseract"), Reading(misread, 0.99, "rapidocr")],
        "validity": [Reading("2016.08.15-2036.08.15", 0.99, "rapidocr")],
    }
    _back(reading, results)
    assert reading.fields["issuer"] == misread  # as read, never rewritten
    assert "issuer" in reading.needs_review  # flagged, the nearest bureau suggested beside it
    assert reading.alternatives["issuer"][0] in ("广州市公安局天河分局", "广州市公安局天河区分局")
    exact = CardReading()
    exact.fields["address"] = reading.fields["address"]
    results["issuer"] = [
        Reading("广州市公安局天河区分局", 0.99, e) for e in ("tesseract", "rapidocr")
    ]
    _back(exact, results)
    assert exact.fields["issuer"] == "广州市公安局天河区分局" and "issuer" not in exact.needs_review


def test_an_ethnicity_one_engine_read_unsurely_is_flagged_though_it_is_a_name():
    from app.idcard.reader import _ethnicity

    unsure = _ethnicity([Reading("男 民族 土", 0.0, "tesseract")])  # a blurred 满 reads 土
    assert unsure.value == "土" and unsure.review
    sure = _ethnicity([Reading("男 民族 土", 0.93, "tesseract")])
    assert sure.value == "土" and not sure.review
    agreed = _ethnicity([Reading("男 民族 满", 0.0, "tesseract"), Reading("满", 0.97, "rapidocr")])
    assert agreed.value == "满" and not agreed.review
