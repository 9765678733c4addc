"""`fenqi risk`: the pre-check on an application, with every reason."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.text import read_json
from app.domain.quote import quote_to_json
from app.domain.risk import DECISION_LABELS, FACTOR_LABELS, result_to_json
from app.services.applications import parse_application
from app.services.counter import open_counter


def run(args: argparse.Namespace) -> int:
    """Run the pre-check on an application file, store it, print the decision and reasons."""
    form = parse_application(read_json(args.file))
    counter = open_counter(args.db)
    try:
        submitted = counter.pre_check(form)
        application_id = str(submitted.application.id)
    finally:
        counter.close()
    document = {
        "application_id": application_id,
        **result_to_json(submitted.result),
        "quote": quote_to_json(submitted.quote),
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_decision(document))
    return 0


def render_decision(doc: dict[str, Any]) -> str:
    """The pre-check result as the salesperson reads it."""
    tier = doc["tier"] or "—"
    lines = [
        f"预审结果：{DECISION_LABELS[doc['decision']]}   风险等级：{tier}   评分：{doc['score']}",
        f"申请编号 {doc['application_id']}   规则版本 {doc['rules_version']}",
    ]
    lines += [f"  [{r['code']}] {r['message']}" for r in doc["reasons"]]
    items = "，".join(
        f"{FACTOR_LABELS[i['factor']]} {i['value']} {i['points']:+d}" for i in doc["score_items"]
    )
    lines.append(f"评分明细：{items}")
    return "\n".join(lines)
