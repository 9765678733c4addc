"""Synthetic second-generation resident ID cards for tests and benchmarks. No real card is used.

Cards carry data drawn the way real numbers are issued, never through the validator under test:
any region code of any edition of GB/T 2260 (retired ones and codes newer than the holder's
birth included: the code is where the number was first registered), any birth date, a sequence
number of the right parity and the ISO 7064 MOD 11-2 check digit computed here. The address is
where the holder lives now (often another county), on 1–3 printed lines; names include middle
dots and rare characters. The values are printed in 黑体, 宋体, 楷体 or 仿宋 looks, the number in
an OCR-B or a sans face, and the card is photographed on dark, light and patterned counters:

- easy: flat, nearly upright, even light, large in the frame;
- medium: any rotation (upside down too), tilt and perspective up to ~12°, the card filling
  40–90% of the frame, glare, shadow, JPEG quality 60–95, exposure ±25%, a little clutter;
- hard: tilt up to ~20°, smaller in the frame, stronger blur and glare, noise, heavy JPEG.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from app.domain.regions import Region, regions

CARD_W, CARD_H = 856, 540  # 85.6 × 54.0 mm at 10 px/mm

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
DOUBLE_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "慕容", "令狐"]
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉浩宇轩然欣怡子涵梓晨思远嘉琪佳豪俊博文雅婷晓东海波建国志强春梅秋菊雪松立新"
)
RARE = list("垚燚䶮犇淼鑫堃喆曌赟昇翀")  # rare characters parents choose (䶮 is Extension A)
UYGHUR_PARTS = ["买买提", "艾力", "阿依古丽", "吐尔逊", "热依拉", "阿卜杜拉", "古丽", "努尔"]
STREET_WORDS = list("人民解放建设中山和平幸福胜利光明文化新华长江黄河朝阳团结友谊东风")
VILLAGE_WORDS = list("张王李刘马杨高石东西南北前后大小上下")
ETHNICITIES = ["汉"] * 18 + ["回", "满", "壮", "苗", "维吾尔", "土家", "彝", "蒙古", "藏", "朝鲜"]
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def check_character(body: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a 17-digit body (GB 11643), computed here."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class CardData:
    """What is printed on one card (front and back)."""

    name: str
    sex: str
    ethnicity: str
    birth: date
    address: str
    id_number: str
    issuer: str
    valid_from: date
    valid_to: date | None  # None: 长期

    @property
    def validity(self) -> str:
        end = "长期" if self.valid_to is None else f"{self.valid_to:%Y.%m.%d}"
        return f"{self.valid_from:%Y.%m.%d}-{end}"


@cache
def _codes() -> list[Region]:
    """Every code a number may carry: all editions, retired and prefecture-level ones too."""
    return list(regions().values())


@cache
def _counties() -> list[Region]:
    """Where people live today: current county-level regions."""
    return [r for r in regions().values() if r.current and r.county not in ("", "市辖区", "县")]


def _name(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == "维吾尔" and rng.random() < 0.8:
        return "·".join(rng.sample(UYGHUR_PARTS, 2))
    surname = rng.choice(DOUBLE_SURNAMES) if rng.random() < 0.05 else rng.choice(SURNAMES)
    given = [rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2]))]
    if rng.random() < 0.04:  # ~60 million people, ~4%, have a rare character in their name
        given[-1] = rng.choice(RARE)
    return surname + "".join(given)


def _address(rng: random.Random, home: Region) -> str:
    if rng.random() < 0.35:  # a village address: town, village, group, house number
        town = "".join(rng.choice(VILLAGE_WORDS) for _ in range(2)) + rng.choice(["镇", "乡"])
        village = "".join(rng.choice(VILLAGE_WORDS) for _ in range(2)) + "村"
        rest = f"{town}{village}{rng.choice('一二三四五六七八九十')}组{rng.randint(1, 300)}号"
    else:
        street = "".join(rng.choice(STREET_WORDS) for _ in range(2)) + rng.choice(
            ["路", "街", "大道"]
        )
        rest = f"{street}{rng.randint(1, 999)}号"
        if rng.random() < 0.5:
            rest += f"{rng.randint(1, 30)}栋{rng.randint(1, 30)}{rng.randint(1, 9):02d}室"
    start = home.prefix
    if home.prefecture and home.county.endswith("市") and rng.random() < 0.5:
        start = home.province + home.county  # 河北省定州市: a county-level city, no prefecture
    return (start + rest)[:33]  # the card prints at most three lines of 11


def printed_issuer(home: Region, *, short: bool) -> str:
    """The bureau as cards print it (its own list, not the reader's): a district's under its
    city, mostly by the district's short name (上海市公安局浦东分局, 武汉市公安局洪山分局),
    else its full name; a county or county-level city's own (临泉县公安局, 定州市公安局)."""
    city = home.prefecture or home.province
    if home.county.endswith("区"):
        district = home.county
        if short:
            district = district.removesuffix("新区") if district.endswith("新区") else district[:-1]
        return f"{city}公安局{district if len(district) >= 2 else home.county}分局"
    if home.county:
        return f"{home.county}公安局"
    return f"{city}公安局"


def random_card(rng: random.Random) -> CardData:
    """Plausible fake data, the number drawn as real numbers are (see the module docstring)."""
    sex = rng.choice("男女")
    code = rng.choice(_codes())
    birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 68 * 365))
    seq = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if sex == "男" else [0, 2, 4, 6, 8])
    body = f"{code.code}{birth:%Y%m%d}{seq:03d}"
    id_number = body + check_character(body)
    stayed = code.current and code.county not in ("", "市辖区", "县") and rng.random() < 0.6
    home = code if stayed else rng.choice(_counties())
    ethnicity = rng.choice(ETHNICITIES)
    issue_age = rng.randint(16, 60)
    valid_from = date(min(birth.year + issue_age, 2025), rng.randint(1, 12), rng.randint(1, 28))
    before_birthday = (valid_from.month, valid_from.day) < (birth.month, birth.day)
    age = valid_from.year - birth.year - before_birthday  # on the day of issue
    years = 10 if age < 26 else 20 if age < 46 else None  # the law's terms (art. 5)
    valid_to = None if years is None else valid_from.replace(year=valid_from.year + years)
    issuer = printed_issuer(home, short=int(id_number[14:17]) % 10 < 7)
    return CardData(
        _name(rng, ethnicity),
        sex,
        ethnicity,
        birth,
        _address(rng, home),
        id_number,
        issuer,
        valid_from,
        valid_to,
    )


# The looks counters show. 仿宋 is a light Song face drawn narrower.
VALUE_LOOKS = {
    "黑体": ("Noto Sans CJK SC", "WenQuanYi Micro Hei"),
    "宋体": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "楷体": ("AR PL UKai CN", "LXGW WenKai"),
    "仿宋": ("Noto Serif CJK SC",),
}
NUMBER_FONTS = ("OCR B", "DejaVu Sans:bold", "Noto Sans CJK SC:bold", "DejaVu Sans Mono:bold")
FALLBACK = "Noto Sans CJK SC"  # has the rare characters (Extension A) other faces lack


@cache
def _font_file(family: str) -> tuple[str, int]:
    found = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}", family], capture_output=True, text=True, check=True
    ).stdout
    path, _, index = found.partition("|")
    return path, int(index or 0)


@cache
def _font(family: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = _font_file(family)
    return ImageFont.truetype(path, size, index=index)


@cache
def _covers(family: str, ch: str) -> bool:
    """Whether the face draws `ch` itself (not its empty or "missing" box): a card is printed
    with a face that has every character, so a lacking one is drawn from the fallback face."""
    font = _font(family, 40)
    mask = font.getmask(ch)
    return mask.getbbox() is not None and bytes(mask) != bytes(font.getmask("\U0010fffd"))


def _draw_line(
    img: Image.Image,
    xy: tuple[int, int],
    text: str,
    family: str,
    size: int,
    fill: tuple[int, ...],
    *,
    gap: int = 0,
    squeeze: float = 1.0,
) -> None:
    """Draw one line of text character by character (those the face lacks from the fallback
    face), `gap` pixels apart, narrowed by `squeeze`."""
    layer = Image.new("L", (int(size * 1.4 * len(text) + gap * len(text) + 8), int(size * 1.6)))
    draw = ImageDraw.Draw(layer)
    x = 0
    for ch in text:
        font = _font(family if _covers(family, ch) else FALLBACK, size)
        draw.text((x, 0), ch, font=font, fill=255)
        x += int(draw.textlength(ch, font=font)) + gap
    if squeeze != 1.0:
        layer = layer.resize((max(int(layer.width * squeeze), 1), layer.height), Image.LANCZOS)
    img.paste(Image.new("RGB", layer.size, fill), xy, layer)


def _background(rng: random.Random) -> Image.Image:
    """The card's pale security background with fine wavy lines."""
    base = np.array(
        [rng.randint(236, 248), rng.randint(238, 248), rng.randint(232, 246)], np.float32
    )
    y, x = np.mgrid[0:CARD_H, 0:CARD_W].astype(np.float32)
    shade = 6 * np.sin(x / 90 + rng.random() * 6) + 5 * np.cos(y / 70)
    waves = (np.sin((x + 12 * np.sin(y / 23)) / 4.5) > 0.93) * -14.0
    img = base[None, None, :] + (shade + waves)[..., None] * np.array([0.6, 0.8, 1.0], np.float32)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def render_front(
    data: CardData, rng: random.Random, family: str | None = None, *, spread: bool = False
) -> Image.Image:
    """The portrait side (人像面), 856×540: values in `family` or a look chosen by `rng`;
    `spread` prints the number in OCR-B, widely spaced, ending at the card's right edge (as
    some printers place it)."""
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    look = rng.choice(list(VALUE_LOOKS))
    family = family or rng.choice(VALUE_LOOKS[look])
    squeeze = 0.88 if look == "仿宋" and family == "Noto Serif CJK SC" else 1.0
    blue = (rng.randint(30, 60), rng.randint(85, 110), rng.randint(150, 175))
    ink = (rng.randint(10, 40),) * 3
    dx, dy = rng.randint(-6, 6), rng.randint(-5, 5)  # printers do not align to the pixel
    size = rng.randint(28, 32)
    for text, (x, y) in [
        ("姓 名", (64, 68)),
        ("性 别", (64, 131)),
        ("民 族", (250, 131)),
        ("出 生", (64, 194)),
        ("住 址", (64, 257)),
        ("公民身份号码", (64, 455)),
    ]:
        _draw_line(img, (x, y), text, "Noto Sans CJK SC", 22, blue)
    _draw_line(img, (152 + dx, 58 + dy), data.name, family, size + 4, ink, squeeze=squeeze)
    _draw_line(img, (152 + dx, 122 + dy), data.sex, family, size, ink)
    _draw_line(img, (336 + dx, 122 + dy), data.ethnicity, family, size, ink, squeeze=squeeze)
    birth = f"{data.birth.year} 年 {data.birth.month} 月 {data.birth.day} 日"
    _draw_line(img, (152 + dx, 185 + dy), birth, family, size, ink, squeeze=squeeze)
    per_line = 11
    lines = [data.address[i : i + per_line] for i in range(0, len(data.address), per_line)][:3]
    for i, line in enumerate(lines):
        _draw_line(img, (152 + dx, 248 + dy + 42 * i), line, family, size, ink, squeeze=squeeze)
    number_font = rng.choice(NUMBER_FONTS)
    gap = 1 if number_font == "DejaVu Sans Mono:bold" else 3
    x = 262 + dx
    if spread:
        number_font, gap = "OCR B", 9
        width = sum(_font(number_font, 34).getlength(ch) + gap for ch in data.id_number)
        x = int(CARD_W - width - 4)
    _draw_line(img, (x, 445 + dy), data.id_number, number_font, 34, ink, gap=gap)
    # portrait: a plain backdrop and a head-and-shoulders silhouette
    draw.rectangle((560, 62, 800, 360), fill=(228, 232, 236))
    tone = rng.randint(70, 120)
    draw.ellipse((625, 110, 735, 240), fill=(tone + 60, tone + 45, tone + 35))
    draw.ellipse((585, 250, 775, 420), fill=(tone, tone, tone + 10))
    draw.rectangle((560, 361, 800, 440), fill=img.getpixel((500, 400)))
    return img


def render_back(data: CardData, rng: random.Random) -> Image.Image:
    """The national-emblem side (国徽面), 856×540."""
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    look = rng.choice(list(VALUE_LOOKS))
    family = rng.choice(VALUE_LOOKS[look])
    red, gold = (200, 30, 35), (245, 200, 60)
    draw.ellipse((62, 44, 202, 184), fill=red)
    for cx, cy, r in [(112, 94, 22), (150, 70, 9), (166, 90, 9), (166, 114, 9), (150, 132, 9)]:
        star = [
            (
                cx + r * np.cos(np.pi / 2 + k * 4 * np.pi / 5),
                cy - r * np.sin(np.pi / 2 + k * 4 * np.pi / 5),
            )
            for k in range(5)
        ]
        draw.polygon(star, fill=gold)
    draw.rectangle((80, 150, 185, 172), fill=gold)
    black = (25, 25, 25)
    _draw_line(img, (290, 62), "中华人民共和国", "Noto Serif CJK SC", 44, black, gap=6)
    _draw_line(img, (262, 140), "居民身份证", "Noto Sans CJK SC", 66, black, gap=18)
    _draw_line(img, (170, 385), "签发机关", "Noto Sans CJK SC", 22, black)
    _draw_line(img, (292, 379), data.issuer, family, 28, black)
    _draw_line(img, (170, 445), "有效期限", "Noto Sans CJK SC", 22, black)
    _draw_line(img, (292, 439), data.validity, family, 28, black)
    return img


LEVELS = {
    # in-plane rotation (deg), tilt/perspective (deg), card width / frame width, blur sigma,
    # JPEG quality, exposure (±), glare strength, shadow chance, noise sigma, clutter items
    "easy": dict(
        rot=(-4, 4), tilt=3, fill=(0.60, 0.90), blur=(0, 0.4), jpeg=(85, 95), exposure=0.08,
        glare=0.0, shadow=0.0, noise=2, clutter=0, flip=False,
    ),
    "medium": dict(
        rot=(-180, 180), tilt=12, fill=(0.40, 0.90), blur=(0.3, 1.0), jpeg=(60, 95),
        exposure=0.25, glare=0.3, shadow=0.5, noise=4, clutter=4, flip=True,
    ),
    "hard": dict(
        rot=(-180, 180), tilt=20, fill=(0.30, 0.55), blur=(0.8, 1.8), jpeg=(45, 70),
        exposure=0.35, glare=0.5, shadow=0.7, noise=9, clutter=10, flip=True,
    ),
}  # fmt: skip
SURFACES = ("dark", "light", "patterned")


def _surface(rng: random.Random, w: int, h: int) -> np.ndarray:
    """A counter: dark (wood, mats), light (white paper, a pale grey desk) or patterned
    (wood grain, a checked cloth, marble), BGR float."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    kind = rng.choice(SURFACES)
    if kind == "dark":
        colour = np.array([rng.randint(20, 150) for _ in range(3)], np.float32)
        grain = 14 * np.sin(x / rng.uniform(6, 30) + 3 * np.sin(y / rng.uniform(40, 120)))
        return colour + grain[..., None]
    if kind == "light":
        level = rng.choice([rng.randint(236, 255), rng.randint(190, 228)])  # paper, grey desk
        tint = np.array([rng.randint(-6, 6) for _ in range(3)], np.float32)
        fibre = cv2.GaussianBlur(
            np.random.default_rng(rng.randrange(2**32)).normal(0, 3, (h, w)), (0, 0), 2
        )
        return level + tint + fibre[..., None].astype(np.float32)
    pattern = rng.choice(["wood", "check", "marble"])
    if pattern == "wood":
        base = np.array(
            [rng.randint(60, 110), rng.randint(110, 160), rng.randint(170, 220)], np.float32
        )
        rings = np.sin((x + 40 * np.sin(y / rng.uniform(60, 200))) / rng.uniform(4, 12))
        return base + 25 * rings[..., None]
    if pattern == "check":
        cell = rng.randint(25, 90)
        on = ((x // cell + y // cell) % 2)[..., None]
        a = np.array([rng.randint(150, 255) for _ in range(3)], np.float32)
        b = np.array([rng.randint(20, 200) for _ in range(3)], np.float32)
        return a * on + b * (1 - on)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 1, (h // 8 + 1, w // 8 + 1))
    veins = cv2.resize(noise.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    marble = 200 + 40 * np.abs(np.sin(x / 80 + 4 * veins))
    return np.repeat(marble[..., None], 3, axis=2) * np.array([0.95, 0.97, 1.0], np.float32)


def _clutter(img: np.ndarray, rng: random.Random, items: int) -> None:
    """Pens, receipts, phones: bright and dark shapes around the card."""
    h, w = img.shape[:2]
    for _ in range(items):
        c = tuple(
            int(v)
            for v in rng.choice(
                [(rng.randint(180, 255),) * 3, tuple(rng.randint(0, 255) for _ in range(3))]
            )
        )
        x0, y0 = rng.randint(0, w), rng.randint(0, h)
        if rng.random() < 0.5:
            cv2.rectangle(
                img, (x0, y0), (x0 + rng.randint(20, 200), y0 + rng.randint(10, 60)), c, -1
            )
        else:
            cv2.line(
                img,
                (x0, y0),
                (x0 + rng.randint(-300, 300), y0 + rng.randint(-300, 300)),
                c,
                rng.randint(2, 12),
            )
        if rng.random() < 0.3:
            cv2.putText(img, "RECEIPT 12.50", (x0, y0), cv2.FONT_HERSHEY_SIMPLEX, 0.8, c, 2)


def place_in_scene(card: Image.Image, level: str, rng: random.Random) -> np.ndarray:
    """Photograph-like BGR image of the card at the given difficulty level."""
    p = LEVELS[level]
    w, h = rng.choice([(1280, 960), (1600, 1200), (1200, 900), (1280, 720)])
    surface = np.clip(_surface(rng, w, h), 0, 255).astype(np.uint8)
    _clutter(surface, rng, rng.randint(0, p["clutter"]))
    scene = surface.astype(np.float32)
    src = np.array(card)[:, :, ::-1].astype(np.float32)
    card_w = rng.uniform(*p["fill"]) * w
    s = card_w / CARD_W
    corners = np.float32([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]])
    # tilt: shrink one edge (perspective), then rotate in plane, then place
    t = np.tan(np.radians(rng.uniform(0, p["tilt"]))) * 0.5
    tilted = corners.copy()
    if rng.random() < 0.5:
        tilted[[0, 3], 1] += [CARD_H * t / 2, -CARD_H * t / 2]
    else:
        tilted[[0, 1], 0] += [CARD_W * t / 2, -CARD_W * t / 2]
    angle = np.radians(rng.uniform(*p["rot"]) + (180 if p["flip"] and rng.random() < 0.25 else 0))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centred = (tilted - [CARD_W / 2, CARD_H / 2]) * s
    placed = centred @ rot.T
    span = placed.max(axis=0) - placed.min(axis=0)
    fit = min(1.0, *(0.95 * np.array([w, h]) / span))  # the whole card stays in the frame
    placed, span, card_w = placed * fit, span * fit, card_w * fit
    margin = np.maximum([w, h] - span, 0)
    offset = -placed.min(axis=0) + [
        rng.uniform(0.1, 0.9) * margin[0],
        rng.uniform(0.1, 0.9) * margin[1],
    ]
    dst = (placed + offset).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, dst)
    warped = cv2.warpPerspective(src, matrix, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((CARD_H, CARD_W), 1.0, np.float32), matrix, (w, h))
    # the card's own soft shadow on the counter, then the card (anti-aliased edge)
    drop = cv2.GaussianBlur(
        np.roll(mask, (rng.randint(2, 8), rng.randint(2, 8)), (0, 1)), (0, 0), 4
    )
    scene *= 1 - rng.uniform(0.05, 0.25) * drop[..., None]
    scene = scene * (1 - mask[..., None]) + warped * mask[..., None]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    # exposure and uneven light
    light = 1 + 0.18 * (rng.random() - 0.5) * (x / w - 0.5) + 0.18 * (rng.random() - 0.5) * (y / h)
    scene *= light[..., None] * (1 + rng.uniform(-p["exposure"], p["exposure"]))
    if rng.random() < p["shadow"]:  # a hand or a phone between the lamp and the counter
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        nx, ny = np.cos(a := rng.uniform(0, 2 * np.pi)), np.sin(a)
        side = np.clip(((x - cx) * nx + (y - cy) * ny) / (0.08 * w), 0, 1)
        scene *= (1 - rng.uniform(0.2, 0.45) * side)[..., None]
    if p["glare"]:
        gx, gy = dst[rng.randrange(4)] * 0.6 + dst.mean(axis=0) * 0.4
        radius = card_w * rng.uniform(0.15, 0.3)
        glare = np.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * radius**2)) * 255 * p["glare"]
        scene += glare[..., None] * rng.uniform(0.5, 1.0)
    scene += np.random.default_rng(rng.randrange(2**32)).normal(0, p["noise"], scene.shape)
    out = np.clip(scene, 0, 255).astype(np.uint8)
    sigma = rng.uniform(*p["blur"])
    if sigma > 0.05:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*p["jpeg"])])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def make_sample(seed: int, level: str) -> tuple[CardData, np.ndarray, np.ndarray]:
    """A card's data and photographs of its front and back at `level` (copies: the last
    16 asked are made once per process, as several tests read the same card)."""
    data, front, back = _sample(seed, level)
    return data, front.copy(), back.copy()


@lru_cache(maxsize=16)
def _sample(seed: int, level: str) -> tuple[CardData, np.ndarray, np.ndarray]:
    rng = random.Random(f"{level}/{seed}")
    data = random_card(rng)
    front = place_in_scene(render_front(data, rng), level, rng)
    back = place_in_scene(render_back(data, rng), level, rng)
    return data, front, back
