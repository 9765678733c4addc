"""Application documents (docs/examples) and submitting them through the service."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.demo.assets import demo_risk_rules
from app.services.applications import (
    parse_application,
    submit_application,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


RULES = demo_risk_rules()


def example(name: str, **changes) -> dict:
    doc = json.loads((EXAMPLES / f"application-{name}.json").read_text(encoding="utf-8"))
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = doc
        for part in parents:
            node = node[part]
        node[leaf] = value
    return doc


def submit(services, doc, now=NOW):
    with services.unit_of_work() as uow:
        return submit_application(uow, parse_application(doc), rules=RULES, now=now)


def count(services, model) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))
