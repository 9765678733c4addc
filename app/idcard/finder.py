"""Finding the ID card in a photo (OpenCV) and bringing it to a canonical, upright view."""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image

from app.domain.errors import UserError

CARD_W, CARD_H = 856, 540  # the card is 85.6 × 54.0 mm; canonical view at 10 px/mm
CARD_RATIO = CARD_W / CARD_H
CARD_CORNERS = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], np.float32)
MAX_SIDE = 3000  # larger photos are downscaled first: no card needs more pixels
MAX_PIXELS = 50_000_000  # refused from the header: decoding would take gigabytes
DETECT_SIDE = 800
NO_CARD = (
    "no ID card found: put the whole card inside the frame, portrait side up, and hold the "
    "camera still over it"
)


def load_image(path: str | Path) -> np.ndarray:
    """Read a JPEG/PNG/BMP photo as BGR, downscaled when huge.

    Raises:
        UserError: no such file, an empty file, or not a readable image.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError("no image file {path}", path=path)
    data = np.fromfile(path, dtype=np.uint8)  # (cv2.imread cannot open non-ASCII paths on Windows)
    if data.size == 0:
        raise UserError("{path} is empty: take the photo again", path=path)
    _check_size(data, path)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None:
        raise UserError("{path} is not a readable image (use JPEG, PNG or BMP)", path=path)
    return downscale(image, MAX_SIDE)


def _check_size(data: np.ndarray, path: Path) -> None:
    """Refuse an image of more than MAX_PIXELS from its header, before its pixels are decoded
    (a 1 MB file can hold a 20000×20000 image). A header Pillow does not know is left to
    OpenCV to judge."""
    too_big = UserError(
        "{path} is too large an image: give a photo of at most {value} megapixels",
        path=path,
        value=MAX_PIXELS // 1_000_000,
    )
    try:
        with Image.open(io.BytesIO(data.tobytes())) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise too_big from None
    except (OSError, ValueError):
        return
    if width * height > MAX_PIXELS:
        raise too_big


def downscale(image: np.ndarray, max_side: int) -> np.ndarray:
    """The image scaled down so its longer side is at most `max_side`."""
    scale = max_side / max(image.shape[:2])
    if scale >= 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _candidates(small: np.ndarray) -> list[np.ndarray]:
    """Outlines that could be the card: bright low-saturation regions and closed edges."""
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    masks = []
    value = cv2.GaussianBlur(hsv[:, :, 2], (5, 5), 0)
    otsu, _ = cv2.threshold(value, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    opening = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))
    dot = np.ones((5, 5), np.uint8)
    for level in (otsu, max(otsu, 150), 185):
        bright = ((value > level) & (hsv[:, :, 1] < 70)).astype(np.uint8) * 255
        closed = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
        masks.append(closed)
        masks.append(cv2.morphologyEx(closed, cv2.MORPH_OPEN, opening))  # cut touching lines
    # on a light counter the card is barely brighter: what differs from the surface (its
    # colour sampled along the photo's border; a median filter wipes out a granite or wood
    # grain's speckle first), and faint edges
    blurred = cv2.medianBlur(small, 9).astype(np.int16)
    border = np.concatenate(
        [
            blurred[:4].reshape(-1, 3),
            blurred[-4:].reshape(-1, 3),
            blurred[:, :4].reshape(-1, 3),
            blurred[:, -4:].reshape(-1, 3),
        ]
    )
    distance = np.abs(blurred - np.median(border, axis=0)).sum(axis=2)
    for level in (18, 36):
        differs = cv2.morphologyEx((distance > level).astype(np.uint8) * 255, cv2.MORPH_OPEN, dot)
        masks.append(cv2.morphologyEx(differs, cv2.MORPH_CLOSE, kernel))
    median = float(np.median(gray))
    smooth = cv2.GaussianBlur(gray, (5, 5), 0)
    for low, high in ((0.5 * median, 1.2 * median + 20), (10, 30)):
        edges = cv2.Canny(smooth, low, high)
        masks.append(cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2))
    contours: list[np.ndarray] = []
    for mask in masks:
        found, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        contours += found
    return contours


def _quad(hull: np.ndarray) -> np.ndarray:
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)


def _edge_offsets(
    gray: np.ndarray, quad: np.ndarray, i: int, search: int
) -> list[tuple[np.ndarray, int]]:
    """Along edge i of `quad`: where the strongest step across the edge lies (a card is
    brighter than a dark counter, darker than white paper)
    (a point, and its offset from the edge in pixels), for samples with a clear step."""
    h, w = gray.shape
    p, q = quad[i], quad[(i + 1) % 4]
    tangent = (q - p) / max(float(np.linalg.norm(q - p)), 1.0)
    normal = np.array([-tangent[1], tangent[0]])
    if np.dot(quad.mean(axis=0) - (p + q) / 2, normal) > 0:
        normal = -normal  # pointing out of the card
    steps = np.arange(-search, search + 1)
    found = []
    for s in np.linspace(0.08, 0.92, 40):
        xy = (p + s * (q - p))[None, :] + steps[:, None] * normal[None, :]
        xs, ys = np.round(xy[:, 0]).astype(int), np.round(xy[:, 1]).astype(int)
        if xs.min() < 1 or ys.min() < 1 or xs.max() >= w - 1 or ys.max() >= h - 1:
            continue
        profile = gray[ys, xs]
        step = np.abs(profile[:-2] - profile[2:])  # inside against outside, centred
        k = int(np.argmax(step))
        if step[k] > 8:
            found.append((xy[k + 1], int(steps[k + 1])))
    return found


def edge_support(gray: np.ndarray, quad: np.ndarray) -> float:
    """Share of points along the quad's edges that lie on a real card border (0–1)."""
    near = sum(
        1 for i in range(4) for _, offset in _edge_offsets(gray, quad, i, 6) if abs(offset) <= 3
    )
    return near / 160


def find_card(image: np.ndarray) -> np.ndarray:
    """The card's four corners in `image` (float32, 4×2), longest-edge first.

    Raises:
        UserError: nothing card-shaped in view.
    """
    small = downscale(image, DETECT_SIDE)
    scale = image.shape[1] / small.shape[1]
    area = small.shape[0] * small.shape[1]
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (3, 3), 0).astype(np.float32)
    best, best_score = None, 0.0
    for contour in _candidates(small):
        hull = cv2.convexHull(contour)
        hull_area = cv2.contourArea(hull)
        if hull_area < 0.04 * area or hull_area > 0.97 * area:
            continue
        quad = _quad(hull)
        sides = [float(np.linalg.norm(quad[i] - quad[(i + 1) % 4])) for i in range(4)]
        long_side, short_side = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
        ratio = max(long_side, short_side) / max(min(long_side, short_side), 1.0)
        fill = hull_area / max(cv2.contourArea(quad), 1)
        if not 1.25 <= ratio <= 2.0 or not 0.9 <= fill <= 1.1 or _hugs_frame(quad, small.shape):
            continue
        shape = (1 - abs(ratio - CARD_RATIO) / CARD_RATIO) * min(fill, 1 / fill)
        score = hull_area * shape * (0.2 + edge_support(gray, _order(quad))) ** 2
        if score > best_score:
            best, best_score = quad, score
    if best is None:
        raise UserError(NO_CARD)
    return _order(refine_edges(gray, _order(best)) * scale)


def _hugs_frame(quad: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether three corners or more lie on the photo's border: the desk around the card
    (glare splitting it into a lit and a shaded part), not a card inside the frame."""
    h, w = shape[:2]
    margin = 0.02 * max(h, w)
    on_border = (quad[:, 0] < margin) | (quad[:, 0] > w - margin)
    on_border |= (quad[:, 1] < margin) | (quad[:, 1] > h - margin)
    return int(on_border.sum()) >= 3


# Where the print sits, as fractions of the card (1st/99th percentiles, measured on flat
# cards): the left and top of the coloured marks, and the bottom of the print. The front's
# blue labels run down from 姓名, its print ends with the number; the back's red emblem is a
# disc in the top left, its print ends with the validity line. The height is measured over
# the whole print, not the marks alone: a label lost in glare or the small emblem would scale
# the card wrongly.
MARKS = {"front": (0.077, 0.144, 0.889), "back": (0.076, 0.087, 0.870)}


def find_card_by_content(image: np.ndarray) -> np.ndarray:
    """The card's corners from its print, when its outline cannot be seen (a white card on
    white paper, glare along an edge). The text lines give the orientation; the blue labels
    (front) or the red emblem (back) give which end is the left, where the card starts and
    how large it is.

    Raises:
        UserError: no block of print with a card's labels or emblem in view.
    """
    small = downscale(image, DETECT_SIDE)
    scale = image.shape[1] / small.shape[1]
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    blue, red = _marks(small)
    strokes = _short(cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, np.ones((9, 9), np.uint8)) > 28)
    ink = (strokes | blue | red).astype(np.uint8)
    size = max(int(max(small.shape[:2]) * 0.08), 5)
    blocks = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(blocks)
    for i in np.argsort(-stats[1:, cv2.CC_STAT_AREA])[:4] + 1:
        member = labels == i
        quad = _card_from_marks(member & strokes, member & blue, member & red)
        if quad is not None:  # not snapped to edges: here they are too faint to trust
            return _order(quad * scale)
    raise UserError(NO_CARD)


def _marks(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The card's coloured print: blue (the front's labels) and red (the back's emblem)."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    blue = (hue > 95) & (hue < 130) & (sat > 60) & (val > 60)
    red = ((hue < 10) | (hue > 165)) & (sat > 90) & (val > 70)
    return blue, red


def _short(strokes: np.ndarray) -> np.ndarray:
    """The strokes without the long ones: a card's shadowed edge or a pen is no print."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(strokes.astype(np.uint8))
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = longest <= 0.12 * max(strokes.shape)
    keep[0] = False  # the background
    return keep[labels]


def _line_angle(ink: np.ndarray) -> float | None:
    """The direction of the text lines in `ink` (radians, modulo π): the length-weighted
    median direction of its elongated blobs once characters are joined into lines."""
    size = max(int(max(ink.shape) * 0.012), 3)
    lines = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if max(w, h) >= 4 * max(min(w, h), 1.0) and max(w, h) > 3 * size:
            angles.append(np.radians(angle if w >= h else angle + 90) % np.pi)
            weights.append(max(w, h))
    if not angles:
        return None
    # a median on the circle of directions: measured from the heaviest line's direction
    ref = angles[int(np.argmax(weights))]
    offsets = (np.array(angles) - ref + np.pi / 2) % np.pi - np.pi / 2
    order = np.argsort(offsets)
    cumulative = np.cumsum(np.array(weights)[order])
    return float(ref + offsets[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _card_from_marks(ink: np.ndarray, blue: np.ndarray, red: np.ndarray) -> np.ndarray | None:
    """The card's corners around one block of print, or None when it shows no card's marks."""
    side, marks = ("back", red) if red.sum() > blue.sum() else ("front", blue)
    points = cv2.findNonZero(ink.astype(np.uint8))
    mark_points = cv2.findNonZero(marks.astype(np.uint8))
    if points is None or mark_points is None or len(points) < 150 or len(mark_points) < 40:
        return None
    theta = _line_angle(ink | marks)
    if theta is None:
        return None
    u = np.array([np.cos(theta), np.sin(theta)])  # along the text lines
    pts = points.reshape(-1, 2).astype(np.float32)
    at = mark_points.reshape(-1, 2).astype(np.float32)
    if float(np.median(at @ u)) > float(np.median(pts @ u)):
        u = -u  # the labels (or the emblem) are on the card's left
    v = np.array([-u[1], u[0]])  # down the card, for a photo that is not mirrored
    left, top = np.percentile(at @ u, 1), np.percentile(at @ v, 1)
    bottom = np.percentile(pts @ v, 99)
    x0, y0, y1 = MARKS[side]
    card_h = (bottom - top) / (y1 - y0)
    rows = _label_rows(at @ v, at @ u) if side == "front" else None
    if rows is not None:  # the labels' spacing: right even when the number is not in the block
        card_h, top = rows.height, rows.top + y0 * rows.height
    if card_h < 40:
        return None
    card_w = card_h * CARD_RATIO
    origin = (left - x0 * card_w) * u + (top - y0 * card_h) * v
    corners = [origin, origin + card_w * u, origin + card_w * u + card_h * v, origin + card_h * v]
    return np.array(corners, np.float32)


# The centres of the front's first four label rows (姓名; 性别 and 民族; 出生; 住址) as
# fractions of the card's height: evenly spaced; and where the first column of labels ends,
# as a fraction of its width.
LABEL_ROWS = np.array([85, 150, 211, 274]) / CARD_H  # measured as `_label_rows` sees them
LABELS_RIGHT = 0.1285


class LabelRows(NamedTuple):
    """Where the front's labels put the card: its height, its top (down the card) and the
    right end of the labels' first column (along it), in the coordinates measured."""

    height: float
    top: float
    right: float


def _label_rows(down: np.ndarray, along: np.ndarray) -> LabelRows | None:
    """The card's size and place from the front's blue labels, given each blue pixel's place
    down and along the card. The second row is the one that spans far along (性别 … 民族);
    姓名 above it and 出生, 住址 below are evenly spaced. None when the labels do not show
    that pattern."""
    offset = (down - down.min()).astype(int)
    filled = np.flatnonzero(np.bincount(offset) > 1)
    if len(filled) == 0:  # specks, no rows
        return None
    breaks = np.flatnonzero(np.diff(filled) > 4)  # rows, bridging gaps within a label
    starts, ends = filled[np.r_[0, breaks + 1]], filled[np.r_[breaks, len(filled) - 1]]
    if len(starts) < 3:
        return None
    rows = [along[(offset >= a) & (offset <= b)] for a, b in zip(starts, ends, strict=True)]
    spans = np.array([np.ptp(row) for row in rows])
    second = int(np.argmax(spans))
    if spans[second] < 2 * np.median(spans):
        return None
    centres = (starts + ends) / 2 + down.min()
    chosen = [i for i in range(second - 1, second + 3) if 0 <= i < len(centres)]
    gaps = np.diff(centres[chosen])
    pitch = float(np.median(gaps))
    if len(chosen) < 3 or np.abs(gaps - pitch).max() > 0.25 * pitch:
        return None
    height, top = np.polyfit(LABEL_ROWS[[i - second + 1 for i in chosen]], centres[chosen], 1)
    right = float(np.median([rows[i].max() for i in chosen if i != second]))
    return LabelRows(float(height), float(top), right)


def realign_front(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The upright front's corners moved so that its blue labels sit where the card's layout
    puts them: a placement from the print, or an outline cut short by glare, may be a few
    per cent off in size or place. Unchanged when the labels do not show their pattern."""
    flat = warp_card(image, corners)
    labels = _marks(flat)[0][: int(0.6 * CARD_H), : int(0.4 * CARD_W)]  # where they may be
    down, along = np.nonzero(labels)
    rows = _label_rows(down.astype(np.float32), along.astype(np.float32)) if len(down) else None
    if rows is None:
        return corners
    scale = rows.height / CARD_H
    left, top = rows.right - LABELS_RIGHT * CARD_W * scale, rows.top
    if abs(scale - 1) > 0.1 or abs(left) > 0.06 * CARD_W or abs(top) > 0.06 * CARD_H:
        return corners  # not a few per cent: these are not the labels
    right, bottom = left + CARD_W * scale, top + rows.height
    box = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)
    to_flat = cv2.getPerspectiveTransform(corners.astype(np.float32), CARD_CORNERS)
    return cv2.perspectiveTransform(box[None], np.linalg.inv(to_flat))[0]


def refine_edges(gray: np.ndarray, quad: np.ndarray, search: int = 30) -> np.ndarray:
    """Move each edge of `quad` onto the card's true border.

    Along each edge, the strongest step across it (either way) within `search` pixels
    of the estimate is taken; a robust line through those points replaces the edge, and the
    corners become the lines' intersections. An implausible result keeps the estimate.
    """
    lines = []
    for i in range(4):
        points = [point for point, _ in _edge_offsets(gray, quad, i, search)]
        if len(points) < 8:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(
            np.array(points, np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01
        ).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        matrix = np.array([d1, -d2]).T
        if abs(np.linalg.det(matrix)) < 1e-6:
            return quad
        t = np.linalg.solve(matrix, p2 - p1)
        corners.append(p1 + t[0] * d1)
    refined = np.array(corners, np.float32)
    ratio = cv2.contourArea(refined) / max(cv2.contourArea(quad), 1)
    shift = np.abs(refined - quad).max()
    return refined if 0.75 <= ratio <= 1.15 and shift <= 1.5 * search else quad


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners clockwise from top-left, rolled so the first edge is a long edge."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    quad = quad[np.argsort(angles)]  # clockwise in image coordinates (y down)
    quad = np.roll(quad, -int(np.argmin(quad.sum(axis=1))), axis=0)
    if np.linalg.norm(quad[0] - quad[1]) < np.linalg.norm(quad[1] - quad[2]):
        quad = np.roll(quad, -1, axis=0)
    return quad.astype(np.float32)


def warp_card(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The card cut out and flattened to CARD_W × CARD_H (it may still be upside down)."""
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), CARD_CORNERS)
    return cv2.warpPerspective(image, matrix, (CARD_W, CARD_H), flags=cv2.INTER_CUBIC)


def sharpness(image: np.ndarray) -> float:
    """Variance of the Laplacian: higher is sharper (a blurred card is below ~100)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def _red_share(card: np.ndarray, box: tuple[float, float, float, float]) -> float:
    x0, x1 = int(box[0] * CARD_W), int(box[2] * CARD_W)
    y0, y1 = int(box[1] * CARD_H), int(box[3] * CARD_H)
    return float(_marks(card[y0:y1, x0:x1])[1].mean())


EMBLEM = (0.03, 0.04, 0.28, 0.40)  # the national emblem, top left of the back


def emblem_side(card: np.ndarray) -> str | None:
    """'upright' or 'flipped' when the red national emblem is seen (the back), else None."""
    upright = _red_share(card, EMBLEM)
    flipped = _red_share(card, (1 - EMBLEM[2], 1 - EMBLEM[3], 1 - EMBLEM[0], 1 - EMBLEM[1]))
    if max(upright, flipped) < 0.12:
        return None
    return "upright" if upright >= flipped else "flipped"
