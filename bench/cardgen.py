"""Synthetic second-generation resident ID cards for tests and benchmarks. No real card is used.

Cards carry valid fake data (a real region code, a birth date, a sequence number and a correct
GB 11643 check digit), are drawn in the card's layout with a CJK font, and are placed in
photo-like scenes at three levels:

- easy: flat, upright, even light, large in the frame;
- medium: any rotation (upside-down too), tilt up to ~15°, clutter, mild blur, JPEG, uneven light;
- hard: tilt up to ~20°, stronger blur, glare, noise, heavy JPEG, smaller in the frame.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from stdnum.cn import ric

from app.idcard.regions import regions

CARD_W, CARD_H = 856, 540  # 85.6 × 54.0 mm at 10 px/mm

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉浩宇轩然欣怡子涵梓晨思远嘉琪佳豪俊博文雅婷晓东海波建国志强春梅秋菊雪松立新"
)
STREET_WORDS = list("人民解放建设中山和平幸福胜利光明文化新华长江黄河朝阳团结友谊东风")
ETHNICITIES = ["汉"] * 18 + ["回", "满", "壮", "苗", "维吾尔", "土家", "彝", "蒙古", "藏", "朝鲜"]


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
def _counties() -> list:
    return [
        r
        for r in regions().values()
        if r.current and r.county not in ("市辖区", "县") and not r.code.endswith("00")
    ]


def random_card(rng: random.Random) -> CardData:
    """Plausible fake data with a valid ID number."""
    sex = rng.choice("男女")
    while True:  # python-stdnum also checks that the region code existed in the birth year
        region = rng.choice(_counties())
        birth = date(1955, 1, 1) + timedelta(days=rng.randint(0, 52 * 365))
        seq = rng.randint(0, 99) * 10 + rng.choice(
            [1, 3, 5, 7, 9] if sex == "男" else [0, 2, 4, 6, 8]
        )
        body = f"{region.code}{birth:%Y%m%d}{seq:03d}"
        id_number = body + ric.calc_check_digit(body + "?")
        if ric.is_valid(id_number):
            break
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    street = "".join(rng.choice(STREET_WORDS) for _ in range(2)) + rng.choice(["路", "街", "大道"])
    tail = f"{rng.randint(1, 999)}号"
    if rng.random() < 0.6:
        tail += f"{rng.randint(1, 30)}栋{rng.randint(1, 30)}{rng.randint(1, 9):02d}室"
    address = region.prefix + street + tail
    if len(address) > 33:  # the card prints three lines of 11: keep what it can print
        address = (region.prefix + street + tail.partition("号")[0] + "号")[:33]
    issue_age = rng.randint(16, 60)
    valid_from = date(min(birth.year + issue_age, 2025), rng.randint(1, 12), rng.randint(1, 28))
    age = valid_from.year - birth.year
    years = 10 if age < 26 else 20 if age < 46 else None
    valid_to = None if years is None else valid_from.replace(year=valid_from.year + years)
    issuer = (region.prefecture or region.province) + "公安局" + region.county + "分局"
    if not region.prefecture:
        issuer = region.province.removesuffix("市") + "市公安局" + region.county + "分局"
    return CardData(
        name, sex, rng.choice(ETHNICITIES), birth, address, id_number, issuer, valid_from, valid_to
    )


@cache
def _font_file(family: str) -> str:
    return subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True
    ).stdout


@cache
def _font(family: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(family), size)


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


def _spaced(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font, fill, gap: int
) -> None:
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=font, fill=fill)
        x += int(draw.textlength(ch, font=font)) + gap


def render_front(data: CardData, rng: random.Random, family: str | None = None) -> Image.Image:
    """The portrait side (人像面), 856×540, in `family` or a font chosen by `rng`."""
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    family = family or rng.choice(["Noto Sans CJK SC", "WenQuanYi Micro Hei"])
    label, value = _font(family, 22), _font(family, 30)
    blue = (40, 95, 160)
    ink = (rng.randint(10, 40),) * 3
    for text, (x, y) in [
        ("姓 名", (64, 68)),
        ("性 别", (64, 131)),
        ("民 族", (250, 131)),
        ("出 生", (64, 194)),
        ("住 址", (64, 257)),
        ("公民身份号码", (64, 455)),
    ]:
        draw.text((x, y), text, font=label, fill=blue)
    draw.text((152, 60), data.name, font=_font(family, 34), fill=ink)
    draw.text((152, 124), data.sex, font=value, fill=ink)
    draw.text((336, 124), data.ethnicity, font=value, fill=ink)
    x = 152
    for part in (
        str(data.birth.year),
        "年",
        str(data.birth.month),
        "月",
        str(data.birth.day),
        "日",
    ):
        draw.text((x, 187), part, font=value, fill=ink)
        x += int(draw.textlength(part, font=value)) + 12
    per_line = 11
    lines = [data.address[i : i + per_line] for i in range(0, len(data.address), per_line)][:3]
    for i, line in enumerate(lines):
        draw.text((152, 250 + 42 * i), line, font=value, fill=ink)
    number_font = _font(rng.choice(["DejaVu Sans:bold", "Noto Sans CJK SC:bold"]), 36)
    _spaced(draw, (262, 447), data.id_number, number_font, ink, gap=3)
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
    family = rng.choice(["Noto Sans CJK SC", "WenQuanYi Micro Hei"])
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
    _spaced(draw, (290, 62), "中华人民共和国", _font(family, 44), black, gap=6)
    _spaced(draw, (262, 140), "居民身份证", _font(family, 66), black, gap=18)
    label, value = _font(family, 22), _font(family, 28)
    draw.text((170, 385), "签发机关", font=label, fill=black)
    draw.text((292, 379), data.issuer, font=value, fill=black)
    draw.text((170, 445), "有效期限", font=label, fill=black)
    draw.text((292, 439), data.validity, font=value, fill=black)
    return img


LEVELS = {
    # rotation range (deg), tilt (deg), card width / frame width, blur sigma, jpeg quality,
    # glare strength, noise sigma, clutter items
    "easy": dict(
        rot=(-4, 4),
        tilt=0,
        scale=(0.70, 0.80),
        blur=(0, 0.3),
        jpeg=(90, 95),
        glare=0.0,
        noise=2,
        clutter=0,
        flip=False,
    ),
    "medium": dict(
        rot=(-180, 180),
        tilt=15,
        scale=(0.50, 0.70),
        blur=(0.3, 1.0),
        jpeg=(70, 88),
        glare=0.25,
        noise=5,
        clutter=6,
        flip=True,
    ),
    "hard": dict(
        rot=(-180, 180),
        tilt=20,
        scale=(0.38, 0.55),
        blur=(0.8, 1.6),
        jpeg=(50, 70),
        glare=0.5,
        noise=9,
        clutter=12,
        flip=True,
    ),
}


def _scene_background(rng: random.Random, w: int, h: int, clutter: int) -> np.ndarray:
    colour = np.array([rng.randint(20, 190) for _ in range(3)], np.float32)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    grain = 18 * np.sin(x / rng.uniform(6, 30) + 3 * np.sin(y / rng.uniform(40, 120)))
    img = colour[None, None, :] + grain[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    for _ in range(clutter):  # pens, receipts, phones: bright and dark shapes around
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
    return img


def place_in_scene(card: Image.Image, level: str, rng: random.Random) -> np.ndarray:
    """Photograph-like BGR image of the card at the given difficulty level."""
    p = LEVELS[level]
    w, h = rng.choice([(1280, 960), (1600, 1200), (1200, 900)])
    scene = _scene_background(rng, w, h, p["clutter"])
    src = np.array(card)[:, :, ::-1].copy()
    card_w = rng.uniform(*p["scale"]) * w
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
    warped = cv2.warpPerspective(src, matrix, (w, h))
    mask = cv2.warpPerspective(np.full((CARD_H, CARD_W), 255, np.uint8), matrix, (w, h))
    cv2.fillConvexPoly(scene, dst.astype(np.int32), (0, 0, 0))  # a shadow-free paste
    scene = np.where(mask[..., None] > 127, warped, scene).astype(np.float32)
    # uneven light and glare
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1 + 0.18 * (rng.random() - 0.5) * (x / w - 0.5) + 0.18 * (rng.random() - 0.5) * (y / h)
    scene *= light[..., None]
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
    """A card's data and photographs of its front and back at `level`."""
    rng = random.Random(f"{level}/{seed}")
    data = random_card(rng)
    front = place_in_scene(render_front(data, rng), level, rng)
    back = place_in_scene(render_back(data, rng), level, rng)
    return data, front, back
