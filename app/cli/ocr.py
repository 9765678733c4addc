"""`fenqi ocr`: read a resident ID card from a photo."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.text import pad, width
from app.config import Settings
from app.domain.card import FIELD_LABELS
from app.idcard.finder import load_image
from app.services.bootstrap import apply_settings, card_reader


def run(args: argparse.Namespace) -> int:
    """Read the card in the photo(s); print the fields, doubtful ones marked."""
    settings = Settings.read()
    apply_settings(settings)
    engines = tuple(args.engines.split(",")) if args.engines else ()
    reader = card_reader(settings, engines)
    front = load_image(args.image)
    back = load_image(args.back) if args.back else None
    document = reader.read(front, back).to_json()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_card(document))
    return 0


def render_card(doc: dict[str, Any]) -> str:
    """The reading as the salesperson checks it: doubtful fields marked with ⚠."""
    columns = max(width(label) for label in FIELD_LABELS.values())
    lines = []
    for field, label in FIELD_LABELS.items():
        value = doc[field] if doc[field] is not None else "（未识别）"
        mark = "  ⚠ 请核对" if field in doc["needs_review"] else ""
        others = doc["alternatives"].get(field)
        if others:
            mark += f"（另读作：{'、'.join(str(o) for o in others)}）"
        lines.append(f"{pad(label, columns, right=False)}  {value}{mark}")
    check = "通过" if doc["checksum_ok"] else "未通过"
    engines = "+".join(doc["engines"])
    lines.append(f"身份证号校验：{check}   识别引擎 {engines}   用时 {doc['ms']} ms")
    if doc["back_problem"]:
        lines.append(f"背面：{doc['back_problem']}")
    return "\n".join(lines)
