"""Checking what OCR read against what must be true of a resident ID card.

The ID number's GB 11643 check digit (python-stdnum), its region code (GB/T 2260) and birth
date verify the number; the number's birth date and sex verify the printed ones; the 56
official ethnicity names and the region's name verify the text fields.
"""

from __future__ import annotations

import difflib
from datetime import date

from stdnum.cn import ric

from app.idcard.regions import Region, region_of, regions
from app.idnumber import is_valid_id

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
        "T": "7",
    }
)


def is_plausible_id(number: str, *, today: date) -> bool:
    """A valid check digit, a known region code and a birth date in the last 120 years."""
    if not is_valid_id(number) or region_of(number) is None:
        return False
    born = ric.get_birth_date(number)
    return today.replace(year=today.year - 120) <= born <= today


def repair_id_number(raw: str, *, today: date) -> tuple[str | None, bool]:
    """The ID number in `raw`, and whether it had to be repaired.

    A reading that passes is taken as it is. Otherwise every single-character change along the
    usual confusions is tried; only a unique plausible result is accepted (flag it for review).
    Returns (None, False) when the number cannot be recovered with certainty.
    """
    text = "".join(ch for ch in raw.upper().translate(LETTERS) if ch.isdigit() or ch == "X")
    if len(text) != 18 or "X" in text[:17]:
        return None, False
    if is_plausible_id(text, today=today):
        return text, False
    fixes = {
        text[:i] + alt + text[i + 1 :]
        for i, ch in enumerate(text)
        for alt in CONFUSIONS.get(ch, "")
        if not (alt == "X" and i < 17)
    }
    plausible = [fix for fix in fixes if is_plausible_id(fix, today=today)]
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


def region_in_address(address: str) -> Region | None:
    """The county an address begins with (province, city and county spelt out exactly)."""
    best = None
    for region in regions().values():
        fits = region.current and address.startswith(region.prefix)
        if fits and (best is None or len(region.prefix) > len(best.prefix)):
            best = region
    return best


def issuer_names(region: Region) -> list[str]:
    """How the public security bureau of `region` signs a card's back."""
    city = region.prefecture or region.province
    names = [f"{city}公安局{region.county}分局", f"{region.county}公安局"]
    if region.county.endswith(("市", "区")):
        names.append(f"{region.county}公安局")
    return names


def match_issuer(text: str, candidates: list[Region]) -> tuple[str, float]:
    """The official issuer name closest to what was read, and how close (0–1)."""
    best, score = text, 0.0
    for region in candidates:
        for name in issuer_names(region):
            ratio = difflib.SequenceMatcher(None, text, name).ratio()
            if ratio > score:
                best, score = name, ratio
    return best, score


def correct_address_prefix(address: str, number: str | None) -> tuple[str, bool]:
    """Mend the start of an address that nearly spells the ID's region (province, city,
    county). Returns the address and whether it now starts with the region's exact name."""
    region = region_of(number) if number else None
    if region is None or not address:
        return address, False
    for prefix in (region.prefix, region.province + region.prefecture, region.province):
        if address.startswith(prefix):
            return address, True
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
            return prefix + address[cut:], True
    return address, False
