"""Reading the resident ID card: verifier (python-stdnum as the reference), finder, reader,
camera capture and bad inputs, on generated cards (no real card is ever used)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from app.domain.card import lawful_period
from app.domain.errors import UserError
from app.domain.regions import region_of, regions
from app.idcard.capture import CaptureSettings, auto_capture
from app.idcard.consistency import (
    CONFUSIONS,
    ETHNICITIES,
    fit_region,
    known_issuers,
    match_issuer,
    number_sex,
    region_in_address,
    repair_id_number,
    snap_ethnicity,
    suggest_address,
    trim_address,
)
from app.idcard.engines import Reading, load_engines
from app.idcard.finder import (
    find_card,
    find_card_by_content,
    load_image,
    realign_front,
    warp_card,
)
from app.idcard.reader import CardReader, _without_stray_head
from tests.factories.cardgen import (
    check_character,
    make_sample,
    place_in_scene,
    random_card,
    render_back,
    render_front,
)
from tests.factories.frames import RecordedFrames

TODAY = date(2026, 11, 23)
GOOD = "310104199005201237"


# --- verifier -----------------------------------------------------------------------


def test_a_valid_number_is_taken_as_read():
    assert repair_id_number(GOOD, today=TODAY) == (GOOD, False)


def test_letters_ocr_confuses_with_digits_are_mapped_back():
    assert repair_id_number("31O1O4I99OO52O1237", today=TODAY) == (GOOD, False)
    body = "44220119990712256"
    assert repair_id_number(body + "×", today=TODAY) == (body + "X", False)  # X as ×


def test_a_single_confused_digit_is_repaired_and_reported():
    number, repaired = repair_id_number("310104199085201237", today=TODAY)  # 0 read as 8
    assert (number, repaired) == (GOOD, True) and ric.is_valid(number)


def test_an_ambiguous_repair_is_refused_not_guessed():
    assert repair_id_number("310104199005201287", today=TODAY) == (None, False)


@pytest.mark.parametrize(
    "raw", ["31010419900520123", "3101041990052012377", "", "31010X199005201237"]
)
def test_a_number_of_the_wrong_shape_is_not_guessed(raw):
    assert repair_id_number(raw, today=TODAY) == (None, False)


def test_a_number_with_an_unknown_region_or_future_birth_is_not_plausible():
    future = "310104203001011234"
    body = future[:17]
    future = body + ric.calc_check_digit(body + "?")
    assert repair_id_number(future, today=TODAY) == (None, False)


ids = st.builds(lambda seed: random_card(random.Random(seed)).id_number, st.integers(0, 10**9))


@settings(max_examples=200, deadline=None)
@given(ids, st.integers(0, 17), st.data())
def test_one_confusion_never_yields_a_wrong_number_unflagged(number, position, data):
    alternatives = CONFUSIONS.get(number[position], "")
    if not alternatives:
        return
    wrong = number[:position] + data.draw(st.sampled_from(alternatives)) + number[position + 1 :]
    result, repaired = repair_id_number(wrong, today=TODAY)
    if result is not None:
        assert check_character(result[:17]) == result[17]  # the check digit, computed apart
        assert result == number or repaired  # never silently different


def test_sex_comes_from_the_17th_digit():
    assert number_sex(GOOD) == "男" and number_sex("440106199603085127") == "女"


def test_the_56_ethnicities_and_snapping():
    assert len(set(ETHNICITIES)) == 56
    assert snap_ethnicity("维吾尔") == ("维吾尔", True)
    assert snap_ethnicity("汉族") == ("汉", True)
    assert snap_ethnicity("维吾") == ("维吾尔", False)
    assert snap_ethnicity("汊") == (None, False)


def test_region_table_names_current_divisions():
    assert region_of(GOOD).prefix == "上海市徐汇区"
    assert region_of("513231199001011234").prefix == "四川省阿坝藏族羌族自治州阿坝县"
    assert sum(r.current for r in regions().values()) > 2900


def test_an_address_is_never_mended_only_a_suggestion_is_offered():
    assert suggest_address("上海市徐江区天钥桥路100号", GOOD) == "上海市徐汇区天钥桥路100号"
    assert suggest_address("上海市徐汇区天钥桥路100号", GOOD) is None
    assert trim_address("17日上海市徐汇区天钥桥路") == "上海市徐汇区天钥桥路"


@pytest.mark.parametrize(
    ("address", "county"),
    [
        ("广东省广州市天河区体育西路", "天河区"),
        ("河北省定州市马家镇张湾村十组164号", "定州市"),  # a county-level city, no prefecture
        ("河北省保定市定州市马家镇", "定州市"),
        ("北京市崇文区广渠门内大街", "崇文区"),  # retired in 2010; old cards still say so
    ],
)
def test_an_address_may_start_with_any_spelling_of_any_edition(address, county):
    assert region_in_address(address).county == county


def test_a_card_in_another_county_than_its_number_keeps_its_address():
    dingzhou = "130682198001011230"[:17]
    number = dingzhou + check_character(dingzhou)
    assert suggest_address("河北省定州市马家镇张湾村十组164号", number) is None
    guizhou = "522422198001011230"[:17]  # 大方县 in 毕节: the card prints 贵州省大方县
    assert suggest_address("贵州省大方县大方镇", guizhou + check_character(guizhou)) is None


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("河北省保定市源县高马镇", "河北省保定市涞源县高马镇"),  # a character dropped
        ("湖北省剂州市沙市区明东街272号", "湖北省荆州市沙市区明东街272号"),  # one mistaken
        ("广西杜族自治区来宾市忻城县李大镇", "广西壮族自治区来宾市忻城县李大镇"),
        ("云南省怒江族自治州福贡县", "云南省怒江傈僳族自治州福贡县"),  # two lost, a long name
        ("北京市崇文巴广渠门内大街", "北京市崇文区广渠门内大街"),  # a retired district
    ],
)
def test_a_misread_place_name_fits_the_one_region_it_nearly_spells(read, meant):
    assert fit_region(read) == meant


def test_a_place_name_that_spells_a_region_or_is_ambiguous_is_left_as_read():
    assert fit_region("河北省定州市马家镇张湾村十组164号") is None  # 定州市: a real county
    assert fit_region("广东省东莞市长安镇振安路1号") is None  # a prefecture without counties
    assert fit_region("上海市徐江区天钥桥路100号") is None  # 徐汇区? 松江区? as close
    assert fit_region("上海市徐江区天钥桥路100号", region_of(GOOD)) == "上海市徐汇区天钥桥路100号"
    assert fit_region("火星市奥林匹斯山") is None


def test_a_validity_period_must_be_one_the_law_gives_for_the_age_at_issue():
    born = date(1990, 6, 15)
    assert lawful_period(date(2010, 3, 1), date(2020, 3, 1), born)  # 19: ten years
    assert lawful_period(date(2020, 3, 1), date(2040, 3, 1), born)  # 29: twenty years
    assert lawful_period(date(2040, 3, 1), "长期", born)  # 49: long-term
    assert not lawful_period(date(2010, 3, 1), date(2020, 5, 1), born)  # 03 misread as 05
    assert not lawful_period(date(2020, 3, 1), date(2030, 3, 1), born)  # ten years at 29
    assert not lawful_period(date(2020, 3, 1), "长期", born)
    assert lawful_period(date(2016, 7, 1), date(2026, 7, 1), born)  # 26 on issue, 25 on applying
    assert lawful_period(date(2004, 5, 1), date(2009, 5, 1), born)  # 13: five years
    assert lawful_period(date(2012, 2, 29), date(2022, 2, 28), born)
    assert lawful_period(date(2012, 2, 1), date(2032, 2, 1), None)  # no birth date: the shape
    assert not lawful_period(date(2012, 2, 1), date(2019, 2, 1), None)


def test_issuer_is_matched_to_the_regions_bureau():
    region = region_in_address("广东省广州市天河区体育西路")
    suggested, _ = match_issuer("广州市公安局天河巴分局", [region])
    assert suggested in ("广州市公安局天河分局", "广州市公安局天河区分局")


@pytest.mark.parametrize(
    "printed",
    [
        "上海市公安局浦东分局",  # districts by their short name, as their bureaus sign
        "武汉市公安局洪山分局",
        "乌鲁木齐市公安局天山分局",
        "北京市公安局朝阳分局",
        "上海市公安局浦东新区分局",  # and by their full name
        "临泉县公安局",  # a county's and a county-level city's own bureau
        "定州市公安局",
        "泰安市公安局东平县分局",
    ],
)
def test_the_issuers_real_cards_print_are_known_as_printed(printed):
    assert printed in known_issuers()


def test_an_issuer_is_transcribed_as_printed_and_a_misreading_flagged(reader):
    rng = random.Random("issuer/1")
    card = dataclasses.replace(
        random_card(rng), address="上海市浦东新区张江路88号", issuer="上海市公安局浦东分局"
    )
    back = place_in_scene(render_back(card, rng), "easy", rng)
    front = place_in_scene(render_front(card, rng), "easy", rng)
    doc = reader.read(front, back).to_json()
    assert doc["issuer"] == "上海市公安局浦东分局" and "issuer" not in doc["needs_review"]
    wrong = dataclasses.replace(card, issuer="上海市公安局浦东新县分局")  # no such bureau
    doc = reader.read(front, place_in_scene(render_back(wrong, rng), "easy", rng)).to_json()
    assert doc["issuer"].endswith("上海市公安局浦东新县分局") and "issuer" in doc["needs_review"]


# --- finder and bad inputs ----------------------------------------------------------


@pytest.mark.parametrize("level", ["easy", "medium"])
def test_the_card_is_found_and_flattened(level):
    for seed in range(3):
        _, front, _ = make_sample(seed, level)
        card = warp_card(front, find_card(front))
        assert card.shape == (540, 856, 3)
        # the flattened card is mostly the pale card itself, not the background
        assert np.median(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)) > 170


def test_the_desk_around_a_pale_card_is_not_taken_for_it(reader):
    card, front, _ = make_sample(0, "hard")  # a pale card on a pale desk, half in shadow
    with pytest.raises(UserError):
        find_card(front)  # the lit and the shaded desk made a card-shaped outline once
    assert reader.read(front).fields["id_number"] == card.id_number  # placed by its print


def test_a_placement_a_few_per_cent_off_is_set_square_by_the_labels():
    image = np.array(render_front(random_card(random.Random(15)), random.Random(15)))[:, :, ::-1]
    photo = cv2.copyMakeBorder(image, 100, 100, 100, 100, cv2.BORDER_CONSTANT, value=(60, 70, 80))
    true = np.array([[100, 100], [956, 100], [956, 640], [100, 640]], np.float32)
    off = (true - (528, 370)) * 1.05 + (540, 360)  # 5% too large, off centre
    assert np.abs(realign_front(photo, off) - true).max() < 6
    assert np.abs(realign_front(photo, true) - true).max() < 4
    specks = np.full_like(photo, 235)
    specks[np.random.default_rng(2).integers(0, 700, 30), 50] = (200, 60, 20)  # blue dots
    assert realign_front(specks, off) is off  # no labels' pattern: left as placed


def test_a_photo_without_a_card_is_refused_with_what_to_do():
    rng = np.random.default_rng(1)
    clutter = rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8)
    with pytest.raises(UserError, match="no ID card found: put the whole card inside the frame"):
        find_card(clutter)


def test_bad_image_files_are_refused(tmp_path):
    with pytest.raises(UserError, match="no image file"):
        load_image(tmp_path / "missing.jpg")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(UserError, match="is empty"):
        load_image(tmp_path / "empty.jpg")
    (tmp_path / "notes.png").write_text("not a picture")
    with pytest.raises(UserError, match="not a readable image"):
        load_image(tmp_path / "notes.png")
    _, front, _ = make_sample(1, "easy")
    _, data = cv2.imencode(".jpg", front)
    (tmp_path / "cut.jpg").write_bytes(data.tobytes()[: len(data) // 50])
    with pytest.raises(UserError):
        load_image(tmp_path / "cut.jpg")


def test_a_huge_photo_is_downscaled(tmp_path):
    big = np.full((5000, 7000, 3), 90, np.uint8)
    cv2.imwrite(str(tmp_path / "big.png"), big)
    assert max(load_image(tmp_path / "big.png").shape[:2]) == 3000


# --- the reader, end to end (real Tesseract and RapidOCR) ---------------------------

ENGINE_SETS = [("tesseract",), ("rapidocr",), ("tesseract", "rapidocr")]


@pytest.fixture(scope="module")
def reader():
    return CardReader(today=TODAY)  # every installed engine, as the counter runs by default


@pytest.mark.parametrize("engines", ENGINE_SETS, ids="+".join)
@pytest.mark.parametrize(
    ("seed", "level"), [(1, "easy"), (2, "easy"), (5, "medium"), (6, "medium")]
)
def test_generated_cards_are_read_and_verified(engines, seed, level):
    card, front, back = make_sample(seed, level)
    doc = CardReader(load_engines(engines), today=TODAY).read(front, back).to_json()
    assert doc["engines"] == list(engines)
    assert doc["id_number"] == card.id_number and doc["checksum_ok"]
    assert doc["sex"] == card.sex and doc["birth_date"] == card.birth.isoformat()
    assert doc["ethnicity"] == card.ethnicity
    assert doc["address"] == card.address or "address" in doc["needs_review"]
    assert doc["name"] == card.name or "name" in doc["needs_review"]
    assert doc["issuer"] == card.issuer or "issuer" in doc["needs_review"]
    assert doc["region"]["code"] == card.id_number[:6]
    assert set(doc["confidence"]) >= {"id_number", "name", "address"}


@pytest.mark.parametrize("engines", ENGINE_SETS, ids="+".join)
def test_an_upside_down_card_is_read(engines):
    card = random_card(random.Random(42))
    image = np.array(render_front(card, random.Random(42)))[:, :, ::-1]
    scene = cv2.copyMakeBorder(
        cv2.rotate(image, cv2.ROTATE_180),
        120,
        120,
        160,
        160,
        cv2.BORDER_CONSTANT,
        value=(60, 70, 80),
    )
    doc = CardReader(load_engines(engines), today=TODAY).read(scene).to_json()
    assert doc["id_number"] == card.id_number and doc["birth_date"] == card.birth.isoformat()
    assert doc["issuer"] is None and doc["valid_from"] is None  # no back given


def test_the_back_given_as_the_front_is_refused(reader):
    _, _, back = make_sample(1, "easy")
    with pytest.raises(UserError, match="this is the back"):
        reader.read(back)


def test_an_unreadable_back_leaves_the_front_and_flags_the_back(reader):
    card, front, _ = make_sample(2, "easy")
    doc = reader.read(front, front).to_json()
    assert doc["id_number"] == card.id_number
    assert {"issuer", "valid_from", "valid_to"} <= set(doc["needs_review"])
    assert "no national emblem" in doc["back_problem"]


def test_a_blurred_card_is_read_while_its_number_reads_and_refused_after(reader):
    card, front, _ = make_sample(1, "easy")
    doc = reader.read(cv2.GaussianBlur(front, (0, 0), 9)).to_json()
    assert doc["id_number"] == card.id_number  # soft, but the check digit verifies it
    with pytest.raises(UserError, match="too blurred"):
        reader.read(cv2.GaussianBlur(front, (0, 0), 14))


def test_the_last_resort_finds_the_backs_fields_anywhere_and_flags_them(reader):
    rng = random.Random("back/1")
    card = random_card(rng)
    flat = np.array(render_back(card, rng))[:, :, ::-1].copy()
    found = reader._back_anywhere([flat])
    period = card.valid_to.strftime("%Y.%m.%d") if card.valid_to else "长期"
    assert period in found["validity"][0].text
    assert card.issuer in found["issuer"][0].text
    assert reader._back_anywhere([np.full_like(flat, 230)]) is None  # a bare desk: nothing


def test_a_back_whose_outline_is_lost_in_shadow_is_still_read_and_flagged(reader):
    card, front, back = make_sample(100_059, "medium")  # a dev-split card: emblem placed, cut
    doc = reader.read(front, back).to_json()
    assert doc["issuer"] == card.issuer and doc["valid_from"] == card.valid_from.isoformat()
    assert doc["back_problem"] is None
    assert {"issuer", "valid_from", "valid_to"} <= set(doc["needs_review"])


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("关上海市公安局浦东分局", "上海市公安局浦东分局"),  # the label's end caught by the crop
        ("其北海市公安局银海分局", "北海市公安局银海分局"),  # a mark before the name
        ("关岭布依族苗族自治县公安局", "关岭布依族苗族自治县公安局"),  # a bureau's own name
        ("关某某市公安局", "关某某市公安局"),  # no bureau left: as read (and flagged)
    ],
)
def test_only_a_stray_head_before_a_bureaus_name_is_dropped(read, printed):
    assert _without_stray_head(read, known_issuers()) == printed


def test_a_han_name_read_without_its_surname_is_flagged(reader):
    card, front, back = make_sample(100_182, "medium")  # a dev-split card: 陆 is lost
    doc = reader.read(front, back).to_json()
    assert doc["name"] == card.name or "name" in doc["needs_review"]


# --- camera capture ------------------------------------------------------------------


def test_capture_waits_for_a_steady_sharp_card():
    _, front, _ = make_sample(3, "easy")
    blurred = cv2.GaussianBlur(front, (0, 0), 6)
    seen = []
    frames = [blurred] * 5 + [front] * 4
    image = auto_capture(
        RecordedFrames(frames),
        CaptureSettings(steady_frames=3),
        on_frame=lambda frame, corners, score: seen.append(score),
    )
    assert image is front or np.array_equal(image, front)
    assert len(seen) == 8 and max(seen[:5]) < 120 <= min(seen[5:])


def test_capture_gives_up_when_no_sharp_card_shows():
    _, front, _ = make_sample(3, "easy")
    blurred = cv2.GaussianBlur(front, (0, 0), 6)
    with pytest.raises(UserError, match="hold the card still"):
        auto_capture(RecordedFrames([blurred] * 6), CaptureSettings(max_frames=6))


# --- real counters (issue 10): light surfaces, addresses as printed ---------------------


def on_counter(card_image, surface, angle=6.0):
    """A photo of `card_image` lying on a flat `surface` colour, turned by `angle`, with no
    shadow: where it lies on white paper its outline is all but invisible."""
    image = np.array(card_image)[:, :, ::-1]
    h, w = image.shape[:2]
    canvas = np.full((h + 500, w + 600, 3), surface, np.uint8)
    canvas[250 : 250 + h, 300 : 300 + w] = image
    matrix = cv2.getRotationMatrix2D((canvas.shape[1] / 2, canvas.shape[0] / 2), angle, 0.9)
    photo = cv2.warpAffine(canvas, matrix, canvas.shape[1::-1], borderValue=surface)
    noise = np.random.default_rng(0).normal(0, 2, photo.shape)
    return np.clip(photo + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("surface", [(250, 250, 250), (212, 214, 216)], ids=["paper", "grey"])
def test_a_card_on_a_light_counter_is_found_and_read(reader, surface):
    card = random_card(random.Random(11))
    photo = on_counter(render_front(card, random.Random(11), family="Noto Sans CJK SC"), surface)
    doc = reader.read(photo).to_json()
    assert doc["id_number"] == card.id_number and doc["birth_date"] == card.birth.isoformat()


def test_a_card_seen_only_by_its_print_is_flattened_the_right_size():
    card = random_card(random.Random(12))
    photo = on_counter(render_front(card, random.Random(12)), (250, 250, 250), angle=-30)
    flat = warp_card(photo, find_card_by_content(photo))
    ink = (cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) < 120).mean(axis=1)
    rows = np.flatnonzero(ink > 0.01)
    assert 30 < rows.min() < 100 and 440 < rows.max() < 520  # from 姓名 to the number


def card_living_at(rng, address, code):
    """A card of a man born 1980-01-01 whose number was issued under `code`, printed with
    `address`."""
    body = f"{code}19800101123"
    return dataclasses.replace(
        random_card(rng),
        address=address,
        id_number=body + check_character(body),
        birth=date(1980, 1, 1),
        sex="男",
    )


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("河北省定州市马家镇张湾村十组164号", "130682"),  # 定州市 printed without 保定市
        ("贵州省大方县大方镇人民路12号", "522422"),  # no 毕节市 is added
        ("上海市徐汇区天钥桥路100号", "130682"),  # a Hebei number, living in Shanghai
    ],
)
def test_the_address_is_transcribed_as_printed_never_rewritten(reader, address, code):
    rng = random.Random(13)
    card = card_living_at(rng, address, code)
    photo = on_counter(render_front(card, rng, family="Noto Sans CJK SC"), (60, 70, 80))
    doc = reader.read(photo).to_json()
    assert doc["id_number"] == card.id_number
    assert doc["address"] == address or "address" in doc["needs_review"]
    assert doc["address"].startswith(address[:5])  # the start is never replaced by the region's


@pytest.mark.parametrize(
    "address",
    ["河北省保定市涞源县高马镇李石村二组3号", "云南省怒江傈僳族自治州福贡县上帕镇1号"],
)
def test_a_rare_place_name_on_a_card_is_read_as_printed(reader, address):
    rng = random.Random(14)
    card = card_living_at(rng, address, "110101")  # a Beijing number: no hint from the code
    photo = on_counter(render_front(card, rng, family="AR PL UKai CN"), (200, 200, 196))
    doc = reader.read(photo).to_json()
    assert doc["address"] == address


def test_a_widely_spaced_number_at_the_cards_edge_is_found_and_flagged(reader):
    rng = random.Random("spread/3")
    card = random_card(rng)
    front = place_in_scene(render_front(card, rng, spread=True), "easy", rng)
    back = place_in_scene(render_back(card, rng), "easy", rng)
    doc = reader.read(front, back).to_json()
    assert doc["id_number"] == card.id_number and doc["checksum_ok"]


def test_the_last_resort_finds_the_number_anywhere_on_the_card_never_a_repair(reader):
    rng = random.Random("spread/4")
    card = random_card(rng)
    flat = np.array(render_front(card, rng, spread=True))[:, :, ::-1].copy()
    none = {"sex_ethnicity": [], "birth": []}
    assert reader._number_anywhere([flat], none) == card.id_number
    other = "男" if card.sex == "女" else "女"  # the printed sex disagrees: not taken
    disagrees = {"sex_ethnicity": [Reading(f"{other} 民族 汉", 0.9, "x")], "birth": []}
    assert reader._number_anywhere([flat], disagrees) is None
    wrong = card.id_number[:-1] + ("0" if card.id_number[-1] != "0" else "1")
    spoiled = dataclasses.replace(card, id_number=wrong)  # its check digit fails as printed
    flat = np.array(render_front(spoiled, rng, spread=True))[:, :, ::-1].copy()
    assert reader._number_anywhere([flat], none) is None
