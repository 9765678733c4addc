"""Regenerate assets/regions/gb2260.tsv (GB/T 2260 administrative division codes) from the
table python-stdnum ships for resident ID numbers (stdnum/cn/loc.dat).

    .venv/bin/python scripts/make_regions.py

Every code of every edition is kept, prefectures' own codes too (a few numbers were registered
at that level). Columns: code, province, prefecture (地级市; empty for direct-administered
parts), county (empty on a prefecture's own row), and `current` (1 when the code is in use
today, 0 for a retired code that old IDs still carry).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "regions" / "gb2260.tsv"
ENTRY = re.compile(r'^\s+(\d{4}) county="(?P<names>[^"]*)"')
SPAN = re.compile(r"^\[(?P<span>[^\]]*)\](?P<name>.*)$")


def latest(names: str) -> tuple[str, bool]:
    """The newest of `[1983-1993]A,[1993-]B` style names, and whether it is still in use."""
    name, current = names, True
    for part in names.split(","):
        match = SPAN.match(part)
        span, name = (match.group("span"), match.group("name")) if match else ("", part)
        current = not span or span.endswith("-")
    return name, current


def main() -> None:
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    rows, province, prefix, names = [], "", "", {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        head = re.match(r'^(\d{2}) province="([^"]*)"', line)
        if head:
            prefix, province = head.group(1), head.group(2)
            continue
        entry = ENTRY.match(line)
        if not entry:
            continue
        code = prefix + entry.group(1)
        names[code], current = latest(entry.group("names"))
        rows.append((code, province, current))
    with OUT.open("w", encoding="utf-8") as out:
        out.write("code\tprovince\tprefecture\tcounty\tcurrent\n")
        for code, prov, current in rows:
            if code.endswith("0000"):
                continue  # the province itself: no number is registered at that level
            heading = code.endswith("00")  # a prefecture: its own row, with no county
            prefecture = names.get(code[:4] + "00", "")
            if prefecture in ("市辖区", "县", prov):
                prefecture = ""
            county = "" if heading else names[code]
            out.write(f"{code}\t{prov}\t{prefecture}\t{county}\t{int(current)}\n")


if __name__ == "__main__":
    main()
