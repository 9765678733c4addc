"""The `fenqi` command: init-demo and quote on SQLite and PostgreSQL, and its errors."""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.services.exports import write_crash_report
from storage.certificates import load_or_create_identity
from tests.factories.cli import run, snapshot


@pytest.fixture
def demo_db(demo_url) -> str:
    return demo_url


def test_init_demo_loads_the_demo_store(db_url, capsys):
    code, out, _ = run(capsys, "init-demo", "--db", db_url)
    assert code == 0
    assert "26 products, 78 units in stock" in out
    assert "rate table: demo-2026.11-1" in out
    dump = snapshot(db_url)
    assert len(dump["staff"]) == 2 and len(dump["terminals"]) == 2


def test_init_demo_twice_changes_nothing(demo_db, capsys):
    before = snapshot(demo_db)
    code, out, _ = run(capsys, "init-demo", "--db", demo_db)
    assert code == 0 and "changed rows: none" in out
    assert snapshot(demo_db) == before


def test_demo_imeis_pass_the_luhn_check(demo_db):
    from stdnum import imei

    engine = create_engine(demo_db)
    with engine.connect() as connection:
        imeis = connection.execute(text("SELECT imei FROM device_units")).scalars().all()
    engine.dispose()
    assert len(imeis) == len(set(imeis)) == 78
    assert all(imei.is_valid(number) for number in imeis)


ARGS = ("--price", "5999", "--trade-in", "800", "--down", "500", "--start", "2026-11-23")


def test_quote_one_plan_prints_the_contract_json(demo_db, capsys):
    code, out, err = run(
        capsys,
        "quote",
        "--db",
        demo_db,
        *ARGS,
        "--term",
        "12",
        "--method",
        "equal_installment",
        "--rate",
        "0.12",
        "--json",
    )
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["financed"] == "4699.00" and doc["term"] == 12 and doc["rate"] == "0.12"
    assert doc["apr"] == "0.119998" and doc["total_payable"] == "5010.00"
    assert doc["schedule"][-1]["due_date"] == "2027-11-23"
    assert sum(D(r["payment"]) for r in doc["schedule"]) == D(doc["total_payable"])


def test_quote_without_term_or_method_prices_every_plan(demo_db, capsys):
    code, out, _ = run(capsys, "quote", "--db", demo_db, *ARGS, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["rate_table_version"] == "demo-2026.11-1"
    # A bare price gets no model promotion: 11 offers less the two interest-free ones.
    assert len(doc["plans"]) == 9
    assert {p["method"] for p in doc["plans"]} == {
        "equal_installment",
        "equal_principal",
        "flat_fee",
    }


def test_quote_by_sku_applies_the_models_promotions(demo_db, capsys):
    code, out, _ = run(
        capsys,
        "quote",
        "--db",
        demo_db,
        "--sku",
        "apl-ip17-256-blk",
        "--down",
        "999",
        "--start",
        "2026-11-23",
        "--method",
        "interest_free",
        "--term",
        "6",
        "--json",
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["price"] == "5999.00" and doc["financed"] == "5000.00"
    assert doc["apr"] == "0.000000" and doc["merchant_subsidy"] == "175.00"


def test_quote_table_shows_apr_beside_the_nominal_rate(demo_db, capsys):
    code, out, _ = run(
        capsys, "quote", "--db", demo_db, "--sku", "MI-17-256-BLK", "--start", "2026-11-23"
    )
    assert code == 0
    assert "年化利率(IRR)" in out and "名义利率" in out
    assert "月手续费率 0.60%" in out and "12.2" in out  # flat fee 0.6%/month is ~12.2% a year


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--price", "-5"), "--price: '-5' must be between 0"),
        (("--price", "0"), "price must be more than 0"),
        (("--price", "abc"), "--price: 'abc' is not an amount"),
        (("--price", "5999.001"), "more than two decimals"),
        (("--price", "500", "--trade-in", "600"), "trade-in credit 600.00 is more than the price"),
        (("--price", "5999", "--down", "6000"), "down payment 6000.00 is more than"),
        (
            ("--price", "5999", "--term", "18", "--method", "equal_installment"),
            "term 18 is not offered",
        ),
        (
            ("--price", "5999", "--term", "12", "--method", "flat_fee", "--rate", "0.02"),
            "outside the allowed",
        ),
        (("--price", "5999", "--start", "2026-02-30"), "'2026-02-30' is not a date"),
        (("--price", "5999", "--term", "x"), "'x' is not a number of months"),
        (("--price", "5999", "--method", "balloon"), "invalid choice"),
        (("--price", "5999", "--rate", "0.1"), "--rate needs --method and --term"),
        (("--sku", "NOPE"), "no product with SKU 'NOPE'"),
        (("--price", "1", "--sku", "MI-17-256-BLK"), "not allowed with argument"),
    ],
)
def test_bad_quote_input_is_one_error_line_and_exit_2(demo_db, capsys, argv, message):
    code, out, err = run(capsys, "quote", "--db", demo_db, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err


def test_quote_before_init_demo_says_what_to_do(tmp_path, capsys):
    code, _, err = run(
        capsys, "quote", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "--price", "5999"
    )
    assert code == 1 and "run `fenqi init-demo` first" in err


def test_a_bug_is_one_line_and_a_crash_report(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr("app.cli.quote.run", lambda args: 1 / 0)
    code, _, err = run(capsys, "quote", "--price", "1")
    assert code == 1 and err.startswith("error: internal error (ZeroDivisionError)")
    (report,) = tmp_path.rglob("crash-*.txt")
    assert "ZeroDivisionError" in report.read_text()


EXAMPLES = "docs/examples"
TRADEIN = (
    "--model",
    "iPhone 13",
    "--storage",
    "128",
    "--imei",
    "356938035643809",
    "--screen",
    "scratches",
    "--body",
    "b",
    "--battery",
    "84",
)


def test_tradein_prints_the_itemised_appraisal(demo_db, capsys):
    code, out, _ = run(capsys, "tradein", "--db", demo_db, *TRADEIN, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["accepted"] and doc["credit"] == "1353.00"
    assert [d["label"] for d in doc["deductions"]] == ["屏幕划痕", "外观 B 级", "电池健康 84%"]
    assert doc["answers"]["battery_health"] == 84


def test_tradein_accept_puts_the_phone_in_stock(demo_db, capsys):
    code, out, _ = run(
        capsys, "tradein", "--db", demo_db, *TRADEIN, "--accept", "--staff", "sales01"
    )
    assert code == 0 and "已入库（二手）" in out
    code, _, err = run(capsys, "tradein", "--db", demo_db, *TRADEIN)
    assert code == 2 and "already in stock" in err


def tradein_args(**changes: str) -> list[str]:
    """TRADEIN with some options changed (`battery="140"` sets --battery)."""
    options = dict(zip(TRADEIN[::2], TRADEIN[1::2], strict=True))
    options.update({f"--{k}": v for k, v in changes.items()})
    return [x for pair in options.items() for x in pair]


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (tradein_args(imei="356938035643817"), "lost/stolen list"),
        (tradein_args(imei="12345"), "15 digits shown by *#06#"),
        (tradein_args(model="Nokia 3310"), "model 'Nokia 3310' is not in the trade-in table"),
        (tradein_args(battery="140"), "battery health must be 0–100%"),
        ([*TRADEIN, "--accept"], "--accept needs --staff"),
    ],
)
def test_bad_tradein_input_is_one_error_line(demo_db, capsys, argv, message):
    code, out, err = run(capsys, "tradein", "--db", demo_db, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_quote_credits_a_reappraised_trade_in(demo_db, capsys, tmp_path):
    _, out, _ = run(capsys, "tradein", "--db", demo_db, *TRADEIN, "--json")
    doc = json.loads(out)
    doc["credit"] = "5000.00"  # a hand-edited credit is ignored: the answers are re-appraised
    appraisal = tmp_path / "appraisal.json"
    appraisal.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "quote",
        "--db",
        demo_db,
        "--sku",
        "APL-IP17-256-BLK",
        "--appraisal",
        str(appraisal),
        "--down",
        "500",
        "--term",
        "12",
        "--method",
        "equal_installment",
        "--json",
    )
    assert code == 0 and json.loads(out)["trade_in_credit"] == "1353.00"


def test_quote_offers_only_what_the_tier_allows(demo_db, capsys):
    code, out, _ = run(
        capsys,
        "quote",
        "--db",
        demo_db,
        "--sku",
        "APL-IP17-256-BLK",
        "--down",
        "1800",
        "--tier",
        "c",
        "--json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["tier"] == "C"
    assert {(p["method"], p["term"]) for p in doc["plans"]} == {
        ("equal_installment", 3),
        ("equal_installment", 6),
        ("flat_fee", 6),
    }
    code, _, err = run(capsys, "quote", "--db", demo_db, "--price", "5999", "--tier", "Z")
    assert code == 2 and "no risk tier 'Z'" in err


@pytest.mark.parametrize(
    ("name", "decision", "tier"),
    [
        ("approve", "approve", "A"),
        ("review", "review", "A"),
        ("decline", "decline", None),
    ],
)
def test_risk_decides_the_example_applications(demo_db, capsys, name, decision, tier):
    code, out, _ = run(
        capsys, "risk", "--db", demo_db, f"{EXAMPLES}/application-{name}.json", "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["decision"] == decision and doc["tier"] == tier
    assert doc["rules_version"] == "demo-risk-2026.12-1" and doc["application_id"]
    assert doc["quote"]["term"] in (12, 24)


@pytest.mark.parametrize(
    "id_number",
    [
        "310115198001011238",  # 浦东新区 (1993-) for someone born in 1980
        "510202197003150019",  # Chongqing under its pre-1997 Sichuan code
        "110103198506120015",  # 崇文区, retired in 2010
    ],
)
def test_risk_accepts_genuine_numbers_whose_code_is_newer_or_retired(
    demo_db, capsys, tmp_path, id_number
):
    doc = json.loads(Path(EXAMPLES, "application-approve.json").read_text(encoding="utf-8"))
    doc["customer"]["id_number"] = id_number
    doc["customer"]["birth_date"] = f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
    path = tmp_path / "application.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "risk", "--db", demo_db, str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["decision"] in ("approve", "review")


def test_risk_explains_in_chinese_without_json(demo_db, capsys):
    code, out, _ = run(capsys, "risk", "--db", demo_db, f"{EXAMPLES}/application-review.json")
    assert (
        code == 0 and "预审结果：转店长复核" in out and "[DTI_HIGH]" in out and "负债收入比" in out
    )


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no file"),
        ("{not json", "is not valid JSON (line 1"),
        ("[]", "must hold one JSON object"),
        ('{"staff": "sales01"}', "'customer' is missing"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_risk_refuses_a_bad_application_file(demo_db, capsys, tmp_path, content, message):
    path = tmp_path / "application.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "risk", "--db", demo_db, str(path))
    assert code == 2 and out == "" and message in err


OCR_KEYS = {
    "id_number",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "address",
    "issuer",
    "valid_from",
    "valid_to",
    "checksum_ok",
    "needs_review",
    "confidence",
    "alternatives",
    "engines",
    "ms",
}


def test_ocr_prints_the_contract_json(tmp_path, capsys):
    import cv2

    from tests.factories.cardgen import make_sample

    card, front, back = make_sample(2, "easy")
    cv2.imwrite(str(tmp_path / "front.jpg"), front)
    cv2.imwrite(str(tmp_path / "back.jpg"), back)
    code, out, _ = run(
        capsys, "ocr", str(tmp_path / "front.jpg"), "--back", str(tmp_path / "back.jpg"), "--json"
    )
    doc = json.loads(out)
    assert code == 0 and set(doc) >= OCR_KEYS
    assert doc["id_number"] == card.id_number and doc["checksum_ok"] is True
    assert doc["birth_date"] == card.birth.isoformat()
    assert doc["engines"] == ["tesseract", "rapidocr"]
    code, out, _ = run(capsys, "ocr", str(tmp_path / "front.jpg"), "--engines", "rapidocr")
    assert code == 0 and "公民身份号码" in out and card.id_number in out and "引擎 rapidocr" in out


def test_ocr_with_an_unknown_engine_is_one_error_line(tmp_path, capsys):
    code, out, err = run(capsys, "ocr", "card.jpg", "--engines", "tesseract,abbyy")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "unknown OCR engine 'abbyy': choose from tesseract, rapidocr" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.jpg", None, "no image file"),
        ("empty.jpg", b"", "is empty: take the photo again"),
        ("notes.jpg", b"hello", "not a readable image"),
    ],
)
def test_ocr_bad_input_is_one_error_line(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "ocr", str(path))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_ocr_of_a_photo_with_no_card_says_what_to_do(tmp_path, capsys):
    import cv2
    import numpy as np

    cv2.imwrite(str(tmp_path / "desk.jpg"), np.full((600, 800, 3), 80, np.uint8))
    code, _, err = run(capsys, "ocr", str(tmp_path / "desk.jpg"))
    assert code == 2 and "no ID card found: put the whole card inside the frame" in err


def test_verify_reports_valid_altered_unsigned_and_untrusted_with_exit_codes(tmp_path, capsys):
    from app.config import key_file_path
    from app.domain.contract import canonical, contract_hash
    from printing.contract_pdf import render_contract
    from printing.pdf_signatures import sign_pdf
    from tests.factories.samples import contract, forged_identity

    identity = load_or_create_identity(key_file_path().parent, "分期通示例手机店（徐汇店）")
    data = contract()
    pdf = sign_pdf(render_contract(data), canonical_json=canonical(data), identity=identity)
    (tmp_path / "ok.pdf").write_bytes(pdf)
    code, out, _ = run(capsys, "verify", str(tmp_path / "ok.pdf"))
    assert code == 0 and out.startswith(f"valid {data.number} sha256={contract_hash(data)}")
    altered = bytearray(pdf)
    altered[len(pdf) // 3] ^= 1
    (tmp_path / "bad.pdf").write_bytes(bytes(altered))
    code, out, _ = run(capsys, "verify", str(tmp_path / "bad.pdf"))
    assert code == 1 and out.startswith("altered")
    (tmp_path / "plain.pdf").write_bytes(render_contract(data))
    code, out, _ = run(capsys, "verify", str(tmp_path / "plain.pdf"))
    assert code == 1 and out.startswith("unsigned")
    forged = sign_pdf(
        render_contract(data), canonical_json=canonical(data), identity=forged_identity()
    )
    (tmp_path / "forged.pdf").write_bytes(forged)
    code, out, _ = run(capsys, "verify", str(tmp_path / "forged.pdf"))
    assert code == 1 and out.startswith("untrusted")


def test_verify_on_a_machine_without_the_chain_trusts_only_what_it_is_given(
    tmp_path, capsys, monkeypatch
):
    from app.config import key_file_path
    from app.domain.contract import canonical
    from printing.contract_pdf import render_contract
    from printing.pdf_signatures import sign_pdf
    from tests.factories.samples import contract

    identity = load_or_create_identity(key_file_path().parent, "分期通示例手机店（徐汇店）")
    data = contract()
    (tmp_path / "c.pdf").write_bytes(
        sign_pdf(render_contract(data), canonical_json=canonical(data), identity=identity)
    )
    (tmp_path / "root.pem").write_bytes(identity.chain_pem)
    monkeypatch.setenv("FENQI_KEY_FILE", str(tmp_path / "elsewhere" / "fenqi.key"))
    code, out, _ = run(capsys, "verify", str(tmp_path / "c.pdf"))
    assert code == 1 and out.startswith("untrusted")
    code, out, _ = run(
        capsys, "verify", str(tmp_path / "c.pdf"), "--trust", str(tmp_path / "root.pem")
    )
    assert code == 0 and out.startswith("valid")
    code, _, err = run(
        capsys, "verify", str(tmp_path / "c.pdf"), "--trust", str(tmp_path / "c.pdf")
    )
    assert code == 2 and "not a PEM certificate" in err


@pytest.mark.parametrize(
    "demo_url", ["sqlite"], indirect=True
)  # input checks: one backend is enough
@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["quote", "--price", "1e30", "--db", "{db}"], 2, "'1e30' is not an amount in yuan"),
        (["quote", "--price", "-1", "--db", "{db}"], 2, "'-1' must be between 0 and 10,000,000"),
        (["quote", "--price", "5999", "--start", "9999-12-31"], 2, "outside 2000-01-01"),
        (["quote", "--price", "100", "--db", "notaurl://"], 2, "is not a database URL"),
        (["quote", "--price", "100", "--db", "nosuch+driver://x/y"], 2, "is not a database URL"),
        (
            ["quote", "--price", "100", "--db", "postgresql+psycopg://127.0.0.1:1/x"],
            1,
            "cannot open the database",
        ),
    ],
)
def test_hostile_command_lines_are_refused_in_one_line(demo_db, capsys, argv, code, message):
    got, out, err = run(capsys, *(demo_db if a == "{db}" else a for a in argv))
    assert (got, out) == (code, "") and message in err and err.count("\n") == 1


def test_a_folder_or_a_non_database_file_as_db_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "quote", "--price", "100", "--db", f"sqlite:///{tmp_path}")
    assert code == 2 and "names a folder, not a database file" in err
    text = tmp_path / "notes.txt"
    text.write_text("not a database " * 100)
    code, _, err = run(capsys, "quote", "--price", "100", "--db", f"sqlite:///{text}")
    assert code == 1 and "cannot open the database" in err and "not a database" in err
    assert text.read_text() == "not a database " * 100  # left as it was


def test_a_negative_trade_in_price_is_refused_and_nothing_is_stored(demo_db, capsys):
    before = snapshot(demo_db)
    code, _, err = run(
        capsys, "tradein", "--db", demo_db, "--model", "iPhone 13", "--storage", "128",
        "--imei", "356938035643809", "--screen", "scratches", "--body", "B", "--battery", "84",
        "--price", "-100", "--accept", "--staff", "sales01",
    )  # fmt: skip
    assert code == 2 and "'-100' must be between 0" in err
    assert snapshot(demo_db) == before


def test_demo_refuses_an_output_that_is_a_file_or_cannot_be_made(demo_db, capsys, tmp_path):
    afile = tmp_path / "out.pdf"
    afile.write_bytes(b"x")
    code, _, err = run(capsys, "demo", "--db", demo_db, "--out", str(afile))
    assert code == 2 and "is a file: give a folder" in err
    code, _, err = run(capsys, "demo", "--db", demo_db, "--out", str(afile / "sub"))
    assert code == 2 and "cannot create that folder" in err


def test_ocr_refuses_a_huge_image_from_its_header(tmp_path, capsys):
    import cv2
    import numpy as np

    cv2.imwrite(str(tmp_path / "huge.png"), np.zeros((9000, 9000), np.uint8))  # 81 MP, 300 KB
    code, out, err = run(capsys, "ocr", str(tmp_path / "huge.png"))
    assert code == 2 and out == "" and "too large an image" in err


def test_crash_reports_never_overwrite_each_other_and_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    reports = {write_crash_report(RuntimeError(f"bug {i}")) for i in range(5)}
    assert len(reports) == 5
    assert {r.read_text(encoding="utf-8").strip().splitlines()[-1] for r in reports} == {
        f"RuntimeError: bug {i}" for i in range(5)
    }
    if os.name == "posix":
        assert {stat.S_IMODE(r.stat().st_mode) for r in reports} == {0o600}
