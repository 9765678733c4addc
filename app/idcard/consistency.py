"""Checking what OCR read against what must be true of a resident ID card.

The ID number's rule (`app.domain.idnumber`: check digit, region code, birth date) verifies the
number; the number's birth date and sex verify the printed ones; the 56
official ethnicity names and the region's name verify the text fields.
"""

from __future__ import annotations

import difflib
from datetime import date
from functools import cache

from rapidfuzz.distance import LCSseq, Levenshtein

from app.domain.idnumber import is_valid_id
from app.domain.regions import Region, region_of, regions

ETHNICITIES = [
    *"汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳".split(),
    *"佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬".split(),
    *"锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙".split(),
    *"鄂伦春 赫哲 门巴 珞巴 基诺".split(),
]
assert len(ETHNICITIES) == 56

# What OCR mistakes a character of an ID number for (and back), from the usual confusions
# 8/B/3, 0/O/D, 1/I/7, 5/S, 6/G, X/K once letters are mapped to the digits they resemble.
CONFUSIONS = {
    "0": "869",
    "1": "74",
    "2": "7",
    "3": "85",
    "4": "1",
    "5": "63",
    "6": "508",
    "7": "12",
    "8": "3060",
    "9": "80",
    "X": "4",
}
LETTERS = str.maketrans(
    {
        "O": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "L": "1",
        "|": "1",
        "B": "8",
        "S": "5",
        "G": "6",
        "Z": "2",
        "K": "X",
        "x": "X",
        "×": "X",  # RapidOCR reads the check character X as the multiplication sign
        "T": "7",
    }
)


def repair_id_number(raw: str, *, today: date) -> tuple[str | None, bool]:
    """The ID number in `raw`, and whether it had to be repaired.

    A reading that passes is taken as it is. Otherwise every single-character change along the
    usual confusions is tried; only a unique plausible result is accepted (flag it for review).
    Returns (None, False) when the number cannot be recovered with certainty.
    """
    text = "".join(ch for ch in raw.upper().translate(LETTERS) if ch.isdigit() or ch == "X")
    if len(text) != 18 or "X" in text[:17]:
        return None, False
    if is_valid_id(text, today=today):
        return text, False
    fixes = {
        text[:i] + alt + text[i + 1 :]
        for i, ch in enumerate(text)
        for alt in CONFUSIONS.get(ch, "")
        if not (alt == "X" and i < 17)
    }
    plausible = [fix for fix in fixes if is_valid_id(fix, today=today)]
    return (plausible[0], True) if len(plausible) == 1 else (None, False)


def number_sex(number: str) -> str:
    """男 or 女 from the 17th digit (odd: male)."""
    return "男" if int(number[16]) % 2 else "女"


def snap_ethnicity(text: str) -> tuple[str | None, bool]:
    """The official ethnicity name closest to `text`, and whether it matched exactly."""
    cleaned = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff").removesuffix("族")
    if cleaned in ETHNICITIES:
        return cleaned, True
    close = difflib.get_close_matches(cleaned, ETHNICITIES, n=1, cutoff=0.5)
    return (close[0], False) if close else (None, False)


PROVINCE_HEADS = (
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙",
    "辽宁",
    "吉林",
    "黑龙",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
)


def trim_address(text: str) -> str:
    """The address without stray marks read before its province (a neighbouring line's
    tail, a label): an address starts with a province's name."""
    if text.startswith(PROVINCE_HEADS):
        return text
    starts = [i for i in (text.find(head) for head in PROVINCE_HEADS) if 0 < i <= 12]
    return text[min(starts) :] if starts else text


def spellings(region: Region) -> tuple[str, ...]:
    """How an address in `region` may begin: province, prefecture and county, or (for a
    county-level city or a county named without its prefecture) province and county."""
    if not region.county:
        return (region.province + region.prefecture,)
    full = region.prefix
    short = region.province + region.county
    return (full, short) if short != full else (full,)


@cache
def _spelling_index() -> dict[str, list[tuple[str, Region]]]:
    """Every region's spellings, keyed by their first two characters (the province)."""
    index: dict[str, list[tuple[str, Region]]] = {}
    for region in regions().values():
        for spelling in spellings(region):
            index.setdefault(spelling[:2], []).append((spelling, region))
    return index


def region_in_address(address: str) -> Region | None:
    """The region an address begins with, spelt out exactly as some edition of GB/T 2260
    names it (the longest such start; a current region before a retired one)."""
    best: tuple[int, bool, Region] | None = None
    for spelling, region in _spelling_index().get(address[:2], ()):
        if address.startswith(spelling):
            key = (len(spelling), region.current, region)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


PLACEHOLDERS = ("", "市辖区", "县")  # table rows no address prints as its county


def fit_region(address: str, hint: Region | None = None) -> str | None:
    """The address with its start spelt as the county-level region of GB/T 2260 (any
    edition) that the start is likeliest a misreading of: within a character dropped, added or
    mistaken (two in a long name: 傈僳 lost), the region that explains most of the characters
    read; between equals, `hint` (the ID number's region). None when the start already spells
    a county, or nothing decides. Only the place name is touched; the rest is as read."""
    exact = region_in_address(address)
    if exact is not None and exact.county not in PLACEHOLDERS:
        return None
    floor = 0 if exact is None else max(len(s) for s in spellings(exact) if address.startswith(s))
    # spelling: (characters agreeing, -edits, -length change, cut, region)
    fits: dict[str, tuple[int, int, int, int, Region]] = {}
    for spelling, region in _spelling_index().get(address[:2], ()):
        if len(spelling) <= floor or region.county in PLACEHOLDERS:
            continue
        allowed = 1 if len(spelling) < 10 else 2
        for cut in range(len(spelling) - allowed, len(spelling) + allowed + 1):
            edits = Levenshtein.distance(spelling, address[:cut], score_cutoff=allowed)
            if edits > allowed:
                continue
            agreeing = LCSseq.similarity(spelling, address[:cut])
            fit = (agreeing, -edits, -abs(cut - len(spelling)), cut, region)
            if spelling not in fits or fit[:3] > fits[spelling][:3]:
                fits[spelling] = fit
    if not fits:
        return None
    top = max(fit[:2] for fit in fits.values())
    best = [(spelling, fit) for spelling, fit in fits.items() if fit[:2] == top]
    if len(best) > 1 and hint is not None:
        best = [(spelling, fit) for spelling, fit in best if fit[4].code == hint.code]
    if len(best) != 1:
        return None  # two regions as close and nothing to choose between them
    spelling, (*_, cut, _) = best[0]
    return spelling + address[cut:]


def issuer_names(region: Region) -> list[str]:
    """How the public security bureau of `region` may sign a card's back: a district's
    bureau under its city, with the district's short name as cards print it (上海市公安局浦东
    分局) or its full name (…浦东新区分局); a county's or county-level city's own bureau
    (临泉县公安局, 定州市公安局)."""
    if _grouping(region.prefecture):  # 省直辖县级行政单位, 重庆's 市: no city above
        return [f"{region.county}公安局"] if region.county else []
    city = region.prefecture or region.province
    if not region.county:  # a prefecture's own code
        return [f"{city}公安局"]
    names = [f"{city}公安局{region.county}分局", f"{region.county}公安局"]
    for suffix in ("新区", "区", "县"):
        short = region.county.removesuffix(suffix)
        if short != region.county and len(short) >= 2:
            names.append(f"{city}公安局{short}分局")
            break
    return names


def _grouping(prefecture: str) -> bool:
    """Whether GB/T 2260's prefecture entry is a grouping of counties, not a city."""
    return prefecture in ("市", "县") or "直辖" in prefecture


@cache
def known_issuers() -> frozenset[str]:
    """Every name a bureau of any GB/T 2260 region (of any edition) signs cards with: a
    reading that is one of them is taken as printed, whatever region the number names
    (people move)."""
    return frozenset(name for region in regions().values() for name in issuer_names(region))


def match_issuer(text: str, candidates: list[Region]) -> tuple[str, float]:
    """The issuer name of `candidates` closest to what was read, and how close (0–1): a
    suggestion beside a doubtful reading, never put in its place."""
    best, score = text, 0.0
    for region in candidates:
        for name in issuer_names(region):
            ratio = difflib.SequenceMatcher(None, text, name).ratio()
            if ratio > score:
                best, score = name, ratio
    return best, score


def suggest_address(address: str, number: str | None) -> str | None:
    """The address with its start spelt as the ID number's region, when it nearly spells it
    but not exactly: a suggestion for the salesperson, never an edit (people move, and a card
    prints the address as registered). None when there is nothing to suggest."""
    region = region_of(number) if number else None
    if region is None or not address:
        return None
    for prefix in (*spellings(region), region.province):
        if address.startswith(prefix):
            return None
        if len(prefix) < 3:
            continue
        # the misread start may be longer or shorter than the name: align, then cut
        window = address[: len(prefix) + 3]
        blocks = [
            b for b in difflib.SequenceMatcher(None, window, prefix).get_matching_blocks() if b.size
        ]
        if blocks and sum(b.size for b in blocks) >= 0.75 * len(prefix) and blocks[0].a <= 2:
            last = blocks[-1]
            cut = last.a + last.size + len(prefix) - (last.b + last.size)
            return prefix + address[cut:]
    return None
