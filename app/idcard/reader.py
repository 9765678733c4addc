"""Reading an ID card photo into verified fields, with one or more OCR engines.

Pipeline: find the card → flatten it → tell front from back and upright from upside-down →
crop each field by the card's layout → every engine reads every field (engines run side by
side) → each engine's reading is checked against the field's rules → the readings are fused
(`fuse`) → whatever could not be verified, or on which the engines disagree, goes into
`needs_review`, with the other readings offered as alternatives.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import cv2
import numpy as np
from rapidfuzz.distance import LCSseq

from app.domain.card import lawful_period
from app.domain.clock import business_day
from app.domain.errors import UserError
from app.domain.idnumber import birth_date, is_valid_id
from app.domain.regions import region_of
from app.idcard.anchors import card_from_text
from app.idcard.calibration import probability
from app.idcard.consistency import (
    PROVINCE_HEADS,
    fit_region,
    issuer_names,
    known_issuers,
    match_issuer,
    number_sex,
    region_in_address,
    repair_id_number,
    snap_ethnicity,
    suggest_address,
    trim_address,
)
from app.idcard.engines import OcrEngine, Reading, load_engines
from app.idcard.finder import (
    DETECT_SIDE,
    NO_CARD,
    downscale,
    emblem_side,
    find_card,
    find_card_by_content,
    realign_front,
    sharpness,
    warp_card,
)
from app.idcard.layout import BACK, FRONT, MARGIN, FieldCrop, crop_fields
from app.idcard.surnames import surname_of

FIELDS = (
    "id_number",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "address",
    "issuer",
    "valid_from",
    "valid_to",
)
# How the card labels each field, in the order the salesperson checks them.
BLUR_LIMIT = 25.0  # a card this soft is refused, unless its number (its validity) still reads
PHOTO_BLUR_LIMIT = 8.0  # sharpness of a whole photo (800 px) in which no card can be made out
FALLBACK = "rapidocr-whole"  # the number found by RapidOCR's detector, not in its crop
BLURRED = "the card is too blurred to read: hold it still and take the photo again"
BACK_GIVEN = "this is the back (国徽面) of the card: give the portrait side first"
CONFIDENT = 0.90  # a fused confidence below this is flagged for review (bench/ocr_calibrate)
SURE = 0.5  # an engine's own score below which a one-character reading is doubted
REPAIRED = 0.6  # the chance of a reading mended by a rule (a digit, a place name): reviewed


@dataclass
class CardReading:
    """The `fenqi ocr` result: fields (None when not read), confidences, what to check, and
    what the other engines read where they disagree."""

    fields: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(FIELDS))
    confidence: dict[str, float] = field(default_factory=dict)
    needs_review: list[str] = field(default_factory=list)
    alternatives: dict[str, list[Any]] = field(default_factory=dict)
    candidates: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    engines: list[str] = field(default_factory=list)
    checksum_ok: bool = False
    back_problem: str | None = None
    ms: int = 0

    def flag(self, name: str) -> None:
        """Mark a field for the salesperson to check."""
        if name not in self.needs_review:
            self.needs_review.append(name)

    def put(self, name: str, fused: Fused) -> None:
        """Record a fused field: its value, confidence, flag and alternatives."""
        self.fields[name] = fused.value
        self.confidence[name] = fused.confidence
        if fused.review:
            self.flag(name)
        if fused.alternatives:
            self.alternatives[name] = list(fused.alternatives)
        if fused.candidates:
            self.candidates[name] = fused.candidates

    def to_json(self) -> dict[str, Any]:
        """The document `fenqi ocr --json` prints."""

        def plain(value: Any) -> Any:
            return value.isoformat() if isinstance(value, date) else value

        region = region_of(self.fields["id_number"]) if self.fields["id_number"] else None
        return {
            **{k: plain(v) for k, v in self.fields.items()},
            "checksum_ok": self.checksum_ok,
            "needs_review": [f for f in FIELDS if f in self.needs_review],
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "alternatives": {
                k: [plain(v) for v in vs] for k, vs in self.alternatives.items() if k in FIELDS
            },
            "region": None
            if region is None
            else {
                "code": region.code,
                "province": region.province,
                "prefecture": region.prefecture,
                "county": region.county,
            },
            "engines": self.engines,
            "back_problem": self.back_problem,
            "ms": self.ms,
        }


class IdCardReader(Protocol):
    """Reads card photos into verified fields."""

    def read(self, front: np.ndarray, back: np.ndarray | None = None) -> CardReading: ...


# --- fusion ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One engine's answer for a field, checked against the field's rules.

    `score` is the engine's own score, `chance` the calibrated probability that the value is
    right; `valid` says whether it passes the field's rules; `preferred` marks extra evidence
    (an address that starts with the ID number's region)."""

    value: Any
    score: float
    chance: float
    engine: str
    valid: bool = True
    preferred: bool = False


@dataclass(frozen=True)
class Fused:
    """A field's value after fusion, how sure it is, whether to review it, and the other
    values the engines read."""

    value: Any
    confidence: float
    review: bool
    alternatives: tuple[Any, ...] = ()
    candidates: tuple[Candidate, ...] = ()


def fuse(candidates: Sequence[Candidate]) -> Fused:
    """Agreement first: when every engine that read a valid value read the same one, the
    field's confidence combines theirs. Otherwise the valid value with the better evidence
    (preferred, then the higher calibrated chance) and a review flag. With no valid value,
    the closest reading, flagged."""
    candidates = tuple(candidates)
    readable = [c for c in candidates if c.value not in (None, "")]
    if not readable:
        return Fused(None, 0.0, True, (), candidates)
    valid = [c for c in readable if c.valid]
    best = max(valid or readable, key=lambda c: (c.preferred, c.chance))
    others = tuple(dict.fromkeys(c.value for c in readable if c.value != best.value))
    if not best.valid:
        return Fused(best.value, 0.0, True, others, candidates)
    backers = {c.engine: c.chance for c in valid if c.value == best.value}
    confidence = 1 - math.prod(1 - chance for chance in backers.values())
    review = bool(others) or confidence < CONFIDENT
    return Fused(best.value, confidence, review, others, candidates)


def engine_answer(readings: Sequence[Reading], clean: Callable[[str], str]) -> tuple[str, float]:
    """One engine's answer from its attempts at a field: the cleaned text most attempts
    agree on (see `vote`), scored by the agreeing attempts' mean score times their share."""
    texts = [clean(r.text) for r in readings]
    answer = vote(texts)
    agreeing = [r.score for r, t in zip(readings, texts, strict=True) if t == answer]
    return answer, sum(agreeing) / len(readings)


def vote(readings: list[str]) -> str:
    """The reading most attempts agree on, those starting with a known surname first; else,
    among those of the commonest length, the commonest character at each position."""
    readings = [r for r in readings if r and surname_of(r)] or readings
    counts = Counter(readings).most_common()
    if counts[0][1] >= 2 or len(readings) == 1:
        return counts[0][0]
    length = Counter(len(r) for r in readings).most_common(1)[0][0]
    same = [r for r in readings if len(r) == length]
    return "".join(Counter(chars).most_common(1)[0][0] for chars in zip(*same, strict=True))


LABELS = re.compile(r"^(姓名|性别|民族|出生|住址|公民身份号码|签发机关|有效期限)")
# Han characters: the basic block and the extensions rare names need (䶮 is in Extension A)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
NOT_NAME = re.compile(f"[^{HAN}·]")
NOT_ADDRESS = re.compile(f"[^{HAN}0-9A-Za-z·\\-]")
NOT_HAN = re.compile(f"[^{HAN}]")


def clean_name(text: str) -> str:
    """The name's characters: CJK and the middle dot, its printed label dropped (the label's
    名 alone too, when a known surname follows it and none starts with it)."""
    name = NOT_NAME.sub("", LABELS.sub("", re.sub(r"\s", "", text)).replace("•", "·"))
    if name[:1] in ("姓", "名") and surname_of(name[1:]) and not surname_of(name):
        return name[1:]
    return name


def clean_address(text: str) -> str:
    """The address's characters (CJK, digits, letters, hyphen), its label, anything read
    before its province and a line with ten digits in a row (the number's, below) dropped."""
    lines = [line for line in text.splitlines() if not re.search(r"\d{10}", line)]
    text = LABELS.sub("", re.sub(r"\s", "", "".join(lines)))
    return trim_address(NOT_ADDRESS.sub("", text))


def printed_birth(text: str) -> date | None:
    """The date printed on the 出生 line, if it reads as one."""
    match = re.search(r"(\d{4})\D*?(\d{1,2})\D+?(\d{1,2})", text.replace("\n", " "))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def printed_validity(text: str) -> tuple[date, date | str] | None:
    """(valid from, valid to or 长期) from the back's 有效期限 line, when in order."""
    match = re.search(
        r"(\d{4})\.?(\d{2})\.?(\d{2})\D*?(?:(\d{4})\.?(\d{2})\.?(\d{2})|(长期))", text
    )
    if not match:
        return None
    try:
        valid_from = date(*(int(g) for g in match.group(1, 2, 3)))
        valid_to = "长期" if match.group(7) else date(*(int(g) for g in match.group(4, 5, 6)))
    except ValueError:
        return None
    if isinstance(valid_to, date) and valid_to <= valid_from:
        return None
    return valid_from, valid_to


# --- the reader -----------------------------------------------------------------------


class CardReader:
    """The IdCardReader: the chosen engines read every field, their readings are fused."""

    def __init__(
        self, engines: Sequence[OcrEngine] | None = None, *, today: date | None = None
    ) -> None:
        self._engines = list(engines) if engines is not None else load_engines()
        self._pool = ThreadPoolExecutor(max_workers=len(self._engines) + 1)
        self._today = today

    @property
    def engine_names(self) -> list[str]:
        """The engines this reader uses."""
        return [e.name for e in self._engines]

    def read(self, front: np.ndarray, back: np.ndarray | None = None) -> CardReading:
        """Read a front photo (and optionally a back photo) of the card.

        An unreadable back leaves its fields empty and flagged; the front must be readable.

        Raises:
            UserError: no card in view, the back given as the front, or a card too blurred.
        """
        started = time.perf_counter()
        today = self._today or business_day()
        reading = CardReading(engines=self.engine_names)
        back_job = self._pool.submit(self._flat_back, back) if back is not None else None
        card: np.ndarray | None
        try:
            card, numbers = self._flat_front(front, today)
        except UserError as exc:  # no card made out: a number that reads anywhere still counts
            found = None if str(exc) == BACK_GIVEN else self._number_anywhere([front], {})
            if found is None:
                raise
            card, numbers = None, [Reading(found, 0.9, FALLBACK)]
        soft = card is not None and sharpness(card) < BLUR_LIMIT
        crops = crop_fields(card, FRONT) if card is not None else {}
        flat_back = None
        if back_job is not None:
            try:
                flat_back = back_job.result()
                crops |= crop_fields(flat_back, BACK)
            except UserError as exc:
                reading.back_problem = str(exc)
        empty: dict[str, list[Reading]] = {name: [] for name in FRONT}
        results = empty | self._read(crops, done={"number": numbers})
        periods = [printed_validity(r.text) for r in results.get("validity", ())]
        if back is not None and not any(periods):
            beyond = self._back_anywhere([i for i in (flat_back, back) if i is not None])
            if beyond:
                results["issuer"] = [*results.get("issuer", ()), *beyond["issuer"]]
                results["validity"] = [*results.get("validity", ()), *beyond["validity"]]
                reading.back_problem = None
        _number_sex_birth(reading, results, today)
        if (
            not reading.checksum_ok
            and card is not None
            and (found := self._number_anywhere([card, front], results))
        ):
            results["number"] = [*results["number"], Reading(found, 0.9, FALLBACK)]
            _number_sex_birth(reading, results, today)
        if any(r.engine == FALLBACK for r in results["number"]):
            reading.flag("id_number")  # found outside its place: the clerk looks at it
        reading.put("name", _name(results["name"]))
        if soft and reading.fields["id_number"] is None and reading.fields["name"] is None:
            raise UserError(BLURRED)  # soft, and truly unreadable: neither number nor name
        if card is None:  # only the number was found: the rest is the clerk's to type
            for name in ("name", "sex", "ethnicity", "birth_date", "address"):
                reading.flag(name)
        elif _shorter_than_printed(reading.fields["name"], crops["name"]):
            reading.flag("name")  # a character the engines did not know was dropped (燚, 䶮)
        reading.put("ethnicity", _ethnicity(results["sex_ethnicity"]))
        name = reading.fields["name"]
        if name and reading.fields["ethnicity"] == "汉" and not surname_of(name):
            reading.flag("name")  # no known surname starts it: one may have been dropped
        reading.put("address", _address(results["address"], reading.fields["id_number"]))
        if "issuer" in results:
            _back(reading, results)
        if reading.back_problem or any(
            r.engine == FALLBACK for r in results.get("validity", ())
        ):  # unread, or found outside its place: the clerk looks at the back's fields
            for name in ("issuer", "valid_from", "valid_to"):
                reading.flag(name)
        reading.ms = int((time.perf_counter() - started) * 1000)
        return reading

    def _read(
        self, crops: dict[str, FieldCrop], done: dict[str, list[Reading]]
    ) -> dict[str, list[Reading]]:
        """Every engine's readings of every crop, the engines running side by side; a field
        an engine has already read (`done`) is not read by it again."""
        jobs = []
        for engine in self._engines:
            todo = {
                name: crop
                for name, crop in crops.items()
                if all(r.engine != engine.name for r in done.get(name, ()))
            }
            jobs.append(self._pool.submit(engine.read_fields, todo))
        merged = {name: list(done.get(name, ())) for name in {*crops, *done}}
        for job in jobs:
            for name, readings in job.result().items():
                merged[name] += readings
        return merged

    def _upright(self, card: np.ndarray, today: date) -> tuple[np.ndarray, list[Reading], bool]:
        """The card the right way up, the engines' readings of its number, and whether one
        holds a plausible number. The quickest engine reads it first, each way up; the others
        only when it could not (a blurred or unusual print)."""
        views = (card, cv2.rotate(card, cv2.ROTATE_180))
        readings: tuple[list[Reading], list[Reading]] = ([], [])
        for engine in sorted(self._engines, key=lambda e: e.line_ms):
            for view, seen in zip(views, readings, strict=True):
                read = engine.read_fields(crop_fields(view, {"number": FRONT["number"]}))["number"]
                seen += read
                if any(repair_id_number(r.text, today=today)[0] for r in read):
                    return view, seen, True
        digits = [max(len(_digits(r.text)) for r in seen) for seen in readings]
        k = int(digits[1] > digits[0])
        return views[k], readings[k], False

    def _placements(self, photo: np.ndarray, *, back: bool) -> Iterator[np.ndarray]:
        """Where the card may lie, the quickest to work out first: its outline (~50 ms); its
        coloured labels or emblem (~15 ms, but rougher); its words placed by RapidOCR's
        detector (~0.5 s, where that engine is installed). Each is worked out only when the
        one before it failed."""
        with contextlib.suppress(UserError):
            yield find_card(photo)
        with contextlib.suppress(UserError):
            yield find_card_by_content(photo)
        if "rapidocr" in self.engine_names:
            yield from card_from_text(photo, back=back)

    def _flatten(
        self, photo: np.ndarray, *, want_back: bool
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The card's corners and the card cut out, at each placement that shows the wanted
        side.

        Raises:
            UserError: no placement does (the last reason), or the photo is too blurred.
        """
        problem = UserError(NO_CARD)
        for corners in self._placements(photo, back=want_back):
            try:
                yield corners, self._side(warp_card(photo, corners), want_back=want_back)
            except UserError as exc:
                if str(problem) != BACK_GIVEN:  # the wrong side is the reason to give
                    problem = exc
        small = downscale(photo, DETECT_SIDE)
        if sharpness(small) < PHOTO_BLUR_LIMIT and small.std() > 12:  # not a bare desk
            raise UserError(BLURRED)
        raise problem

    def _flat_front(self, photo: np.ndarray, today: date) -> tuple[np.ndarray, list[Reading]]:
        """The front, flattened the right way up, and the quickest engine's readings of its
        number: the first placement whose number reads (set square by its labels); else the
        first placement at all."""
        first = None
        try:
            for corners, flat in self._flatten(photo, want_back=False):
                card, numbers, found = self._upright(flat, today)
                if found:
                    upright = corners if card is flat else np.roll(corners, 2, axis=0)
                    return warp_card(photo, realign_front(photo, upright)), numbers
                first = first or (card, numbers)
        except UserError as exc:
            if first is None or str(exc) == BACK_GIVEN:
                raise
        assert first is not None
        return first  # a soft card is refused only if its fields then fail (`read`)

    def _number_anywhere(
        self, images: list[np.ndarray], results: dict[str, list[Reading]]
    ) -> str | None:
        """The last resort for a number its crop did not give: RapidOCR's own detector over
        each image in turn (the flattened card, then the whole photo); an 18-character run
        that passes the check digit as read (never a repair) and agrees with the printed birth
        date and sex (in `results`, where read)."""
        try:
            from app.idcard.anchors import SEARCH_SIDE, read_lines
        except ImportError:  # pragma: no cover - RapidOCR is an extra
            return None
        if "rapidocr" not in self.engine_names:
            return None
        sexes = {
            ch for r in results.get("sex_ethnicity", ()) for ch in r.text.partition("族")[0][:3]
        }
        births = {b for r in results.get("birth", ()) if (b := printed_birth(r.text))}
        for image in images:
            for line in read_lines(image, SEARCH_SIDE):
                text = unicodedata.normalize("NFKC", line.text).upper().replace("×", "X")
                for run in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", text):
                    if not is_valid_id(run):
                        continue
                    if births and birth_date(run) not in births:
                        continue
                    if sexes & {"男", "女"} and number_sex(run) not in sexes:
                        continue
                    return run
        return None

    def _back_anywhere(self, images: list[np.ndarray]) -> dict[str, list[Reading]] | None:
        """The last resort for a back whose validity its crop did not give: RapidOCR's own
        detector over the flattened back, then the whole photo; the line that reads as a
        validity period and the line naming a 公安局, as found (never rewritten)."""
        try:
            from app.idcard.anchors import SEARCH_SIDE, read_lines
        except ImportError:  # pragma: no cover - RapidOCR is an extra
            return None
        if "rapidocr" not in self.engine_names:
            return None
        for image in images:
            lines = [line.text for line in read_lines(image, SEARCH_SIDE)]
            validity = [t for t in lines if printed_validity(t)]
            if validity:
                issuers = [t for t in lines if "公安局" in t][:1]
                return {
                    "validity": [Reading(validity[0], 0.9, FALLBACK)],
                    "issuer": [Reading(t, 0.9, FALLBACK) for t in issuers],
                }
        return None

    def _flat_back(self, photo: np.ndarray) -> np.ndarray:
        """The back, flattened the right way up: the first placement whose validity period
        the quickest engine reads; else the first placement that shows the back at all,
        unless it is too blurred to read."""
        quickest = min(self._engines, key=lambda e: e.line_ms)
        first = None
        try:
            for _, flat in self._flatten(photo, want_back=True):
                crop = crop_fields(flat, {"validity": BACK["validity"]})
                if any(printed_validity(r.text) for r in quickest.read_fields(crop)["validity"]):
                    return flat
                first = flat if first is None else first
        except UserError:
            if first is None:
                raise
        assert first is not None
        if sharpness(first) < BLUR_LIMIT:
            raise UserError(BLURRED)
        return first

    def _side(self, card: np.ndarray, *, want_back: bool) -> np.ndarray:
        """The flattened card, upright if it is the back; refused if it is the wrong side."""
        side = emblem_side(card)
        if want_back and side is None:
            raise UserError("the back image shows no national emblem: give the 国徽 side as --back")
        if not want_back and side is not None:
            raise UserError(BACK_GIVEN)
        if side == "flipped":
            card = cv2.rotate(card, cv2.ROTATE_180)
        return card


def _by_engine(readings: list[Reading]) -> dict[str, list[Reading]]:
    grouped: dict[str, list[Reading]] = {}
    for r in readings:
        grouped.setdefault(r.engine, []).append(r)
    return grouped


def _number_sex_birth(reading: CardReading, results: dict[str, list[Reading]], today: date) -> None:
    """The ID number, accepted when a reading passes the check digit and agrees with the
    printed birth date and sex; then sex and birth date, verified by the number."""
    sexes = {ch for r in results["sex_ethnicity"] for ch in r.text.partition("族")[0][:3]}
    sexes &= {"男", "女"}
    births = {b for r in results["birth"] if (b := printed_birth(r.text))}
    candidates, as_read = [], set()
    for r in results["number"]:
        number, repaired = repair_id_number(r.text, today=today)
        if number is None:
            continue
        if not repaired:
            as_read.add(number)
        agrees = (not births or birth_date(number) in births) and (
            not sexes or number_sex(number) in sexes
        )
        chance = REPAIRED if repaired else 0.95
        candidates.append(Candidate(number, r.score, chance, r.engine, agrees))
    fused = fuse(candidates)
    reading.put("id_number", fused)
    number = fused.value
    # a repair is chosen by the check digit, so only a reading that passed as read verifies it
    reading.checksum_ok = number in as_read
    if number is None:  # the printed fields stand alone, flagged
        printed_sex = sorted(sexes)[0] if len(sexes) == 1 else None
        reading.put("sex", Fused(printed_sex, 0.5 if printed_sex else 0.0, True))
        printed = sorted(births)[0] if len(births) == 1 else None
        reading.put("birth_date", Fused(printed, 0.5 if printed else 0.0, True))
        return
    sex, birth = number_sex(number), birth_date(number)
    reading.put("sex", Fused(sex, 0.99, False) if sex in sexes else Fused(sex, 0.5, True))
    reading.put(
        "birth_date", Fused(birth, 0.99, False) if birth in births else Fused(birth, 0.5, True)
    )


def _shorter_than_printed(name: str | None, crop: FieldCrop) -> bool:
    """Whether the name has fewer characters than the printed line is wide: CJK characters
    are about as wide as they are tall, so a line 3 heights long holds 3 of them."""
    if not name or len(crop.lines) != 1:
        return False
    height, width = crop.lines[0].shape[:2]
    ink_height, ink_width = height - 2 * MARGIN, width - 2 * MARGIN
    return ink_height > 0 and ink_width / ink_height > len(name) + 0.5


def _name(readings: list[Reading]) -> Fused:
    candidates = []
    for engine, attempts in _by_engine(readings).items():
        name, score = engine_answer(attempts, clean_name)
        valid = 2 <= len(name) <= 15
        chance = probability(engine, "name", score)
        candidates.append(Candidate(name, score, chance, engine, valid))
    return fuse(candidates)


def _ethnicity(readings: list[Reading]) -> Fused:
    """One of the 56 official names: read whole and surely, it is verified; snapped, or read
    by an engine unsure of it (土 for a blurred 满 is a name too), it is not."""
    candidates = []
    for r in readings:
        head, _, tail = r.text.replace("\n", "").partition("族")
        text = tail if tail else head.lstrip("男女 ")
        ethnicity, exact = snap_ethnicity(text.removeprefix("民"))
        chance = 0.95 if exact and r.score >= SURE else 0.5
        candidates.append(Candidate(ethnicity, r.score, chance, r.engine, exact))
    return fuse(candidates)


def _address(readings: list[Reading], number: str | None) -> Fused:
    """Transcribed as printed. It must start with a province (rule); a reading that starts
    with a region of GB/T 2260 and misses nothing another engine read is preferred. A start
    that is a misreading of one region's name is read as that name (`fit_region`), flagged,
    with what the engines read beside it. An address that starts with no region's name is
    flagged, with the ID number's region spelt out as a suggestion."""
    hint = region_of(number) if number else None
    as_read = [clean_address(r.text) for r in readings]
    fitted = [fit_region(address, hint) for address in as_read]
    values = [fit or address for fit, address in zip(fitted, as_read, strict=True)]
    candidates = []
    for r, value, fit in zip(readings, values, fitted, strict=True):
        chance = probability(r.engine, "address", r.score)
        candidates.append(
            Candidate(
                value,
                r.score,
                min(chance, REPAIRED) if fit else chance,
                r.engine,
                valid=len(value) >= 6 and value.startswith(PROVINCE_HEADS),
                preferred=region_in_address(value) is not None and not _drops(value, values),
            )
        )
    fused = _as_read_or_flagged(fuse(candidates), as_read)
    if fused.value is None or region_in_address(fused.value) is not None:
        return fused
    suggestion = suggest_address(fused.value, number)
    others = fused.alternatives + ((suggestion,) if suggestion else ())
    return dataclasses.replace(fused, review=True, alternatives=tuple(dict.fromkeys(others)))


def _drops(value: str, others: list[str]) -> bool:
    """Whether another reading holds every character of `value` in order and more: the
    engines drop a faint character (a digit, the 室 at a line's end) far more often than they
    invent one."""
    return any(len(o) > len(value) and LCSseq.similarity(value, o) == len(value) for o in others)


def _as_read_or_flagged(fused: Fused, as_read: list[str]) -> Fused:
    """A value no engine read as it stands (a known name put for a misreading) is flagged,
    with what was read beside it: nothing printed is replaced unseen."""
    if fused.value is None or fused.value in as_read:
        return fused
    others = tuple(dict.fromkeys([*fused.alternatives, *as_read]))
    return dataclasses.replace(fused, review=True, alternatives=others)


def _without_stray_head(issuer: str, known: frozenset[str]) -> str:
    """The issuer without what the crop caught of its label (签发机关) or a mark before it,
    when what is left is a bureau's name and the whole is not: 关上海市公安局浦东分局 and
    其北海市公安局银海分局 are the bureau's (but 关岭… stays)."""
    if issuer in known:
        return issuer
    return next((issuer[cut:] for cut in (1, 2, 3) if issuer[cut:] in known), issuer)


def _back(reading: CardReading, results: dict[str, list[Reading]]) -> None:
    regions = [
        r
        for r in (
            region_in_address(reading.fields["address"] or ""),
            region_of(reading.fields["id_number"] or ""),
        )
        if r is not None
    ]
    known = known_issuers()
    expected = {name for region in regions for name in issuer_names(region)}
    issuers = []
    for r in results["issuer"]:  # as printed: a bureau's name is never rewritten
        issuer = _without_stray_head(NOT_HAN.sub("", LABELS.sub("", r.text)), known)
        chance = probability(r.engine, "issuer", r.score)
        if issuer in expected:  # exactly the bureau of the card's own address or number
            chance = max(chance, 0.99)
        issuers.append(Candidate(issuer, r.score, chance, r.engine, issuer in known))
    fused = fuse(issuers)
    if fused.value and fused.value not in known:  # flagged: the nearest bureau suggested
        official, closeness = match_issuer(fused.value, regions)
        if closeness >= 0.75:
            others = tuple(dict.fromkeys([official, *fused.alternatives]))
            fused = dataclasses.replace(fused, review=True, alternatives=others)
    reading.put("issuer", fused)
    birth = reading.fields["birth_date"]
    periods = [
        Candidate(
            period,
            r.score,
            probability(r.engine, "validity", r.score),
            r.engine,
            lawful_period(*period, birth),
        )
        for r in results["validity"]
        if (period := printed_validity(r.text))
    ]
    validity = fuse(periods)
    reading.candidates["validity"] = validity.candidates
    for i, name in enumerate(("valid_from", "valid_to")):
        value = validity.value[i] if validity.value else None
        others = tuple(dict.fromkeys(p[i] for p in validity.alternatives if p[i] != value))
        reading.put(name, Fused(value, validity.confidence, validity.review, others))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
