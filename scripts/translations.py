"""Keep the window's translation files in step with the code (run by `make translations`).

    python scripts/translations.py          update assets/translations/*.ts, compile the .qm
    python scripts/translations.py --check  list what is new or untranslated; exit 1 if any

Two Qt Linguist files (open them in `pyside6-linguist` to translate):
- fenqi_en.ts, context "fenqi": every Chinese string of ui/ and the label tables the window
  shows, translated to English;
- fenqi_zh_CN.ts, context "messages": every refusal template of app/, storage/ and printing/
  (the first argument of UserError and EnvironmentProblem, the problems the application
  form names, its field paths, and the codes a refusal carries as values), translated to
  Chinese.
A source that left the code is dropped; a translation already made is kept.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "assets" / "translations"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
REFUSALS = {"UserError", "EnvironmentProblem"}
COMMAND_LINE_ONLY = ("app/cli/", "app/demo/")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def window_sources() -> list[str]:
    """The Chinese strings the window shows."""
    sys.path.insert(0, str(ROOT))
    from app.domain.card import FIELD_LABELS
    from app.domain.plan_row import HEADERS
    from app.domain.rates import Method
    from app.domain.repayment import CHANNELS, COMPONENT_LABELS, STATUS_LABELS
    from app.domain.risk import DECISION_LABELS, FACTOR_LABELS
    from app.domain.tradein import FAULT_LABELS, SCREEN_LABELS
    from printing.receipt_pdf import KIND_LABELS
    from printing.report_pdf import FIGURES

    found = [m.label for m in Method]
    found += [*DECISION_LABELS.values(), *FACTOR_LABELS.values(), *FIELD_LABELS.values()]
    found += [*CHANNELS.values(), *STATUS_LABELS.values(), *COMPONENT_LABELS.values()]
    found += [*SCREEN_LABELS.values(), *FAULT_LABELS.values(), *KIND_LABELS.values()]
    found += FIGURES.values()
    found += HEADERS
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name == "i18n.py":  # each language is named in itself
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        fragments = {
            id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and id(node) not in docs | fragments
            ):
                found.append(node.value)
    return list(dict.fromkeys(found))


def message_sources() -> list[str]:
    """The refusal templates of app/, storage/ and printing/, and the application's fields."""
    sys.path.insert(0, str(ROOT))
    from app.domain.application import ApplicationIn

    found: list[str] = []
    for folder in ("app", "storage", "printing"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(COMMAND_LINE_ONLY):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                name = node.func.id
                takes = name in REFUSALS or (name == "ValueError" and "application" in relative)
                if takes and node.args and isinstance(node.args[0], ast.Constant):
                    found.append(node.args[0].value)
    found += _field_paths(ApplicationIn)
    found += value_words()
    return list(dict.fromkeys(found))


def value_words() -> list[str]:
    """The codes a refusal may carry as a value (a step, a channel, a unit's or a
    decision's state), translated as phrases so the clerk reads no code."""
    from app.domain.enums import Decision, UnitStatus
    from app.domain.repayment import CHANNELS
    from app.services.sale import Step

    return [
        *(s.value for s in Step),
        *CHANNELS,
        *(u.value for u in UnitStatus),
        *(d.value for d in Decision),
    ]


def _field_paths(model: type, prefix: str = "") -> list[str]:
    from pydantic import BaseModel

    paths = []
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        path = f"{prefix}{name}"
        paths.append(path)
        kinds = [field.annotation, *getattr(field.annotation, "__args__", ())]
        for kind in kinds:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                paths += _field_paths(kind, f"{path}.")
    return paths


FILES = {
    "fenqi_en.ts": ("en", "fenqi", window_sources),
    "fenqi_zh_CN.ts": ("zh_CN", "messages", message_sources),
}


def read_ts(path: Path) -> dict[str, str]:
    """source → translation ("" while unfinished) of a .ts file."""
    if not path.exists():
        return {}
    done = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        unfinished = translation is None or translation.get("type") == "unfinished"
        done[source] = "" if unfinished or translation is None else (translation.text or "")
    return done


def write_ts(path: Path, language: str, context: str, entries: dict[str, str]) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="")
    group = ET.SubElement(root, "context")
    ET.SubElement(group, "name").text = context
    for source, translation in entries.items():
        message = ET.SubElement(group, "message")
        ET.SubElement(message, "source").text = source
        element = ET.SubElement(message, "translation")
        if translation:
            element.text = translation
        else:
            element.set("type", "unfinished")
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + text + "\n", "utf-8"
    )


def main() -> int:
    check = "--check" in sys.argv
    problems = []
    for name, (language, context, sources) in FILES.items():
        path = FOLDER / name
        known = read_ts(path)
        entries = {source: known.get(source, "") for source in sources()}
        problems += [f"{name}: {source!r}" for source, done in entries.items() if not done]
        if not check:
            FOLDER.mkdir(parents=True, exist_ok=True)
            write_ts(path, language, context, entries)
            lrelease = Path(sys.executable).with_name("pyside6-lrelease")
            subprocess.run(
                [str(lrelease), "-silent", str(path), "-qm", str(path.with_suffix(".qm"))],
                check=True,
            )
    for problem in problems:
        print(f"untranslated: {problem}")
    return 1 if check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
