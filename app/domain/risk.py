"""The risk pre-check (风控预审): rules as versioned data, every reason coded and explained.

`precheck` is pure: the caller gathers the facts (the applicant's answers, the quote, and
the chain's history with this customer) and stores the result with its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from app.domain.card import FIELD_LABELS
from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.idnumber import birth_date, id_error, years_of_age
from app.domain.money import format_yuan, round_fen
from app.domain.quote import Quote

# what the salesperson reads
ADULT, OLDEST = 18, 70  # the ages a rules document may set its limits within
DECISION_LABELS = {
    "approve": "通过",
    "review": "转店长复核",
    "central": "待总部审批",
    "decline": "拒绝",
}
FACTOR_LABELS = {
    "employment": "职业",
    "years_in_job": "工龄",
    "monthly_income": "月收入",
    "dti": "负债收入比",
    "age": "年龄",
    "history": "本连锁记录",
}


class Employment(StrEnum):
    CIVIL_SERVANT = "civil_servant"
    SALARIED = "salaried"
    SELF_EMPLOYED = "self_employed"
    FREELANCE = "freelance"
    RETIRED = "retired"
    STUDENT = "student"
    UNEMPLOYED = "unemployed"


class History(StrEnum):
    """The customer's record with this chain."""

    NONE = "none"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Tier:
    """What a risk tier may be offered."""

    code: str
    name: str
    min_score: int
    max_financed: Decimal
    cumulative_limit: Decimal
    min_down_rate: Decimal
    terms: tuple[int, ...]
    apr_min: Decimal
    apr_max: Decimal


@dataclass(frozen=True)
class Band:
    """`points` for a value at or above `min` (or at or below `max`)."""

    bound: Decimal
    points: int


@dataclass(frozen=True)
class RiskRules:
    version: str
    age_min: int
    age_max: int
    dti_max: Decimal
    dti_review_above: Decimal
    repeat_window_days: int
    repeat_review_at: int
    repeat_offline_review: bool  # the chain's other terminals cannot be asked: review
    central_above: Decimal | None  # financed above this: the chain's reviewers decide
    score_base: int
    employment_points: dict[Employment, int]
    years_bands: tuple[Band, ...]
    income_bands: tuple[Band, ...]
    dti_bands: tuple[Band, ...]
    age_bands: tuple[Band, ...]
    history_points: dict[History, int]
    tiers: tuple[Tier, ...]

    def tier(self, code: str) -> Tier:
        """The tier with this code.

        Raises:
            UserError: no such tier.
        """
        for tier in self.tiers:
            if tier.code == code.upper():
                return tier
        raise UserError(
            "no risk tier '{code}' (tiers: {value})",
            code=code,
            value=", ".join(t.code for t in self.tiers),
        )


def _bands(rows: list[dict[str, Any]], key: str) -> tuple[Band, ...]:
    return tuple(Band(Decimal(str(r[key])), int(r["points"])) for r in rows)


def parse_risk_rules(doc: dict[str, Any]) -> RiskRules:
    """Build RiskRules from the rules document, every value checked.

    Raises:
        UserError: a missing, mistyped or out-of-bounds value, named by its path.
    """
    try:
        return _risk_rules(doc)
    except UserError:
        raise
    except KeyError as exc:
        raise UserError("risk rules: {key} is missing", key=exc.args[0]) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise UserError(
            "risk rules: a value is not what it should be ({problem})", problem=exc
        ) from None


def _whole(value: Any, path: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise UserError(
            "risk rules: '{path}' = {value!r} must be a whole number {low}–{high}",
            path=path,
            value=value,
            low=low,
            high=high,
        )
    return value


def _ratio(value: Any, path: str) -> Decimal:
    """A share written as a string, from 0 up to 1 ("0.50")."""
    try:
        number = Decimal(value) if isinstance(value, str) else None
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 1:
        raise UserError(
            "risk rules: '{path}' = {value!r} must be a share from 0 to 1 written as a string",
            path=path,
            value=value,
        )
    return number


def _risk_rules(doc: dict[str, Any]) -> RiskRules:
    age_min = _whole(doc["age"]["min"], "age.min", ADULT, OLDEST)
    age_max = _whole(doc["age"]["max"], "age.max", ADULT, OLDEST)
    if age_min > age_max:
        raise UserError(
            "risk rules: {low_key} {low} is above {high_key} {high}",
            low_key="age.min",
            low=age_min,
            high_key="age.max",
            high=age_max,
        )
    card = doc["scorecard"]
    tiers = tuple(
        Tier(
            code=t["code"],
            name=t["name"],
            min_score=t["min_score"],
            max_financed=Decimal(t["max_financed"]),
            cumulative_limit=Decimal(t["cumulative_limit"]),
            min_down_rate=Decimal(t["min_down_rate"]),
            terms=tuple(t["terms"]),
            apr_min=Decimal(t["apr_min"]),
            apr_max=Decimal(t["apr_max"]),
        )
        for t in doc["tiers"]
    )
    if [t.min_score for t in tiers] != sorted((t.min_score for t in tiers), reverse=True):
        raise UserError("risk rules: tiers must be listed best first")
    return RiskRules(
        version=doc["version"],
        age_min=age_min,
        age_max=age_max,
        dti_max=_ratio(doc["dti"]["max"], "dti.max"),
        dti_review_above=_ratio(doc["dti"]["review_above"], "dti.review_above"),
        repeat_window_days=_whole(
            doc["repeat_applications"]["window_days"], "repeat_applications.window_days", 1, 365
        ),
        repeat_review_at=_whole(
            doc["repeat_applications"]["review_at"], "repeat_applications.review_at", 1, 100
        ),
        repeat_offline_review=bool(doc["repeat_applications"].get("offline_review", False)),
        central_above=_optional_amount(doc.get("central_approval", {}).get("financed_above")),
        score_base=card["base"],
        employment_points={Employment(k): v for k, v in card["employment"].items()},
        years_bands=_bands(card["years_in_job"], "min"),
        income_bands=_bands(card["monthly_income"], "min"),
        dti_bands=_bands(card["dti"], "max"),
        age_bands=_bands(card["age"], "min"),
        history_points={History(k): v for k, v in card["history"].items()},
        tiers=tiers,
    )


@dataclass(frozen=True)
class Applicant:
    """What the customer states and the ID card shows. `id_valid_to` None means 长期."""

    id_number: str
    monthly_income: Decimal
    monthly_debt: Decimal
    employment: Employment
    years_in_job: int
    id_valid_to: date | None
    typed_birth_date: date | None = None
    edited_fields: tuple[str, ...] = ()
    card_source: str | None = None  # "ocr", "chip", "typed"; None: not said


@dataclass(frozen=True)
class ChainAnswer:
    """What the central server says of an ID number at the chain's other terminals."""

    applications: int  # within the risk rules' repeat window, this store's own included
    monthly_instalments: Decimal = Decimal("0.00")  # the instalments of their live contracts


@dataclass(frozen=True)
class ChainRecord:
    """What the chain's own records say about this customer, gathered by the caller."""

    history: History = History.NONE
    outstanding_principal: Decimal = Decimal("0.00")
    # what the customer's live contracts at this chain ask of them each month
    monthly_instalments: Decimal = Decimal("0.00")
    applications_in_window: int = 1  # this one included
    # at the chain's other terminals (the central server's answer); None: it could not be asked
    elsewhere_in_window: int | None = 0
    phone_on_other_ids: bool = False
    blacklisted: bool = False
    name_on_file_differs: bool = False  # a known ID number with another name: 冒名?


@dataclass(frozen=True)
class Reason:
    """Why the result is not a plain approval. `hard` reasons cannot be overridden."""

    code: str
    decision: Decision
    message: str
    hard: bool = False


@dataclass(frozen=True)
class ScoreItem:
    factor: str
    value: str
    points: int


@dataclass(frozen=True)
class RiskResult:
    decision: Decision
    reasons: tuple[Reason, ...]
    score: int
    score_items: tuple[ScoreItem, ...]
    tier: Tier | None
    age: int
    dti: Decimal
    rules_version: str


def age_on(id_number: str, on: date) -> int:
    """Whole years of age on `on`, from the birth date in the ID number."""
    return years_of_age(birth_date(id_number), on)


def _points_min(bands: tuple[Band, ...], value: Decimal) -> int:
    return next((b.points for b in bands if value >= b.bound), 0)


def _points_max(bands: tuple[Band, ...], value: Decimal) -> int:
    return next((b.points for b in bands if value <= b.bound), 0)


def tier_limits(tier: Tier, quote: Quote, *, outstanding: Decimal = Decimal(0)) -> list[Reason]:
    """Why `quote` is outside what `tier` may be offered (empty: within its limits)."""
    cart, reasons = quote.cart, []
    label = f"{tier.code}（{tier.name}）级"
    if quote.financed > tier.max_financed:
        reasons.append(
            Reason(
                "TIER_MAX_FINANCED",
                Decision.DECLINE,
                f"分期金额 {format_yuan(quote.financed)} 元超过{label}单笔上限 "
                f"{format_yuan(tier.max_financed)} 元：请提高首付",
            )
        )
    least_down = round_fen(cart.price * tier.min_down_rate)
    if cart.down_payment + cart.trade_in_credit < least_down:
        reasons.append(
            Reason(
                "TIER_MIN_DOWN",
                Decision.DECLINE,
                f"{label}首付（含以旧换新）至少为售价的 {tier.min_down_rate:.0%}，"
                f"即 {format_yuan(least_down)} 元",
            )
        )
    if quote.term not in tier.terms:
        reasons.append(
            Reason(
                "TIER_TERM",
                Decision.DECLINE,
                f"{label}可选期数为 {'/'.join(map(str, tier.terms))} 期，不含 {quote.term} 期",
            )
        )
    if not tier.apr_min <= quote.apr <= tier.apr_max:
        reasons.append(
            Reason(
                "TIER_RATE",
                Decision.DECLINE,
                f"{label}可用年化利率区间为 {tier.apr_min:.0%}–{tier.apr_max:.0%}，"
                f"该方案为 {quote.apr:.2%}",
            )
        )
    if outstanding + quote.financed > tier.cumulative_limit:
        reasons.append(
            Reason(
                "EXPOSURE_LIMIT",
                Decision.DECLINE,
                f"在途未还本金 {format_yuan(outstanding)} 元加本次 {format_yuan(quote.financed)} 元"
                f"超过{label}累计额度 {format_yuan(tier.cumulative_limit)} 元",
            )
        )
    return reasons


def precheck(
    *, applicant: Applicant, quote: Quote, record: ChainRecord, rules: RiskRules, on: date
) -> RiskResult:
    """Run every rule and decide: decline if any rule declines, else review if any asks
    for review, else approve.

    Raises:
        UserError: impossible inputs (negative income or debt, an invalid ID number).
    """
    _check_inputs(applicant, on)
    reasons: list[Reason] = []
    age = age_on(applicant.id_number, on)
    if age < rules.age_min:
        reasons.append(
            Reason(
                "AGE_UNDER",
                Decision.DECLINE,
                f"申请人 {age} 周岁，未满 {rules.age_min} 周岁，不能办理分期",
                hard=True,
            )
        )
    elif age > rules.age_max:
        reasons.append(
            Reason(
                "AGE_OVER",
                Decision.DECLINE,
                f"申请人 {age} 周岁，超过 {rules.age_max} 周岁的申请年龄上限",
            )
        )
    if applicant.id_valid_to is not None and applicant.id_valid_to < on:
        reasons.append(
            Reason(
                "ID_EXPIRED",
                Decision.DECLINE,
                f"身份证已于 {applicant.id_valid_to} 过期：请持有效证件办理",
                hard=True,
            )
        )
    if record.blacklisted:
        reasons.append(
            Reason("BLACKLISTED", Decision.DECLINE, "身份证号在合作方共享黑名单中", hard=True)
        )
    born = birth_date(applicant.id_number)
    if applicant.typed_birth_date is not None and applicant.typed_birth_date != born:
        reasons.append(
            Reason(
                "BIRTH_DATE_MISMATCH",
                Decision.REVIEW,
                f"填写的出生日期 {applicant.typed_birth_date} 与身份证号中的 {born} 不一致",
            )
        )
    if applicant.edited_fields:
        reasons.append(
            Reason(
                "OCR_EDITED",
                Decision.REVIEW,
                "身份证识别结果被手工修改："
                + "、".join(FIELD_LABELS.get(f, f) for f in applicant.edited_fields),
            )
        )
    if applicant.card_source == "typed":
        reasons.append(
            Reason(
                "CARD_TYPED",
                Decision.REVIEW,
                "身份证信息为手工录入，未读取证件照片或芯片：请店长当面核验证件原件",
            )
        )
    applications = record.applications_in_window + (record.elsewhere_in_window or 0)
    if applications >= rules.repeat_review_at:
        others = record.elsewhere_in_window
        elsewhere = f"，其中其他柜台或门店 {others} 次" if others else ""
        reasons.append(
            Reason(
                "REPEAT_APPLICATIONS",
                Decision.REVIEW,
                f"{rules.repeat_window_days} 天内已有 {applications} 次申请（含本次{elsewhere}）",
            )
        )
    if record.elsewhere_in_window is None:
        reasons.append(
            Reason(
                "CHAIN_UNREACHABLE",
                Decision.REVIEW if rules.repeat_offline_review else Decision.APPROVE,
                "中心服务器暂时无法连接：未能查询该客户在其他柜台和门店的申请，仅按本机记录预审",
            )
        )
    if record.name_on_file_differs:
        reasons.append(
            Reason(
                "NAME_MISMATCH",
                Decision.REVIEW,
                "该身份证号在本连锁登记的姓名与本次填写的不同：疑似冒用身份，请核验本人与证件",
            )
        )
    if record.phone_on_other_ids:
        reasons.append(Reason("PHONE_SHARED", Decision.REVIEW, "该手机号已登记在其他身份证号名下"))
    if record.history is History.OVERDUE:
        reasons.append(Reason("HISTORY_OVERDUE", Decision.REVIEW, "在本连锁有逾期未还的记录"))

    debts = applicant.monthly_debt + record.monthly_instalments + quote.first_payment
    dti = (
        Decimal(1)
        if applicant.monthly_income == 0
        else (debts / applicant.monthly_income).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )
    ours = (
        f" + 本连锁在还分期 {format_yuan(record.monthly_instalments)} 元"
        if record.monthly_instalments
        else ""
    )
    dti_text = (
        f"月负债 {format_yuan(applicant.monthly_debt)} 元{ours} + 本次月供 "
        f"{format_yuan(quote.first_payment)} 元，占月收入 "
        f"{format_yuan(applicant.monthly_income)} 元的 {dti:.1%}"
    )
    if dti > rules.dti_max:
        reasons.append(
            Reason("DTI_OVER_MAX", Decision.DECLINE, f"{dti_text}，超过 {rules.dti_max:.0%} 的上限")
        )
    elif dti > rules.dti_review_above:
        reasons.append(
            Reason(
                "DTI_HIGH",
                Decision.REVIEW,
                f"{dti_text}，高于 {rules.dti_review_above:.0%}，需店长复核",
            )
        )

    items = (
        ScoreItem(
            "employment", applicant.employment.value, rules.employment_points[applicant.employment]
        ),
        ScoreItem(
            "years_in_job",
            str(applicant.years_in_job),
            _points_min(rules.years_bands, Decimal(applicant.years_in_job)),
        ),
        ScoreItem(
            "monthly_income",
            format_yuan(applicant.monthly_income),
            _points_min(rules.income_bands, applicant.monthly_income),
        ),
        ScoreItem("dti", f"{dti}", _points_max(rules.dti_bands, dti)),
        ScoreItem("age", str(age), _points_min(rules.age_bands, Decimal(age))),
        ScoreItem("history", record.history.value, rules.history_points[record.history]),
    )
    score = rules.score_base + sum(item.points for item in items)
    tier = next((t for t in rules.tiers if score >= t.min_score), None)
    if tier is None:
        reasons.append(
            Reason(
                "SCORE_LOW",
                Decision.DECLINE,
                f"综合评分 {score} 分，低于最低档 {rules.tiers[-1].min_score} 分",
            )
        )
    else:
        reasons += tier_limits(tier, quote, outstanding=record.outstanding_principal)

    if rules.central_above is not None and quote.financed > rules.central_above:
        reasons.append(
            Reason(
                "CENTRAL_APPROVAL",
                Decision.CENTRAL,
                f"分期金额 {format_yuan(quote.financed)} 元超过本店审批上限 "
                f"{format_yuan(rules.central_above)} 元：已提交总部审批，结果返回前不能签约",
            )
        )
    decisions = {r.decision for r in reasons}
    order = (Decision.DECLINE, Decision.CENTRAL, Decision.REVIEW)
    decision = next((d for d in order if d in decisions), Decision.APPROVE)
    return RiskResult(decision, tuple(reasons), score, items, tier, age, dti, rules.version)


def _check_inputs(applicant: Applicant, on: date) -> None:
    if applicant.monthly_income < 0:
        raise UserError("monthly income cannot be negative")
    if applicant.monthly_debt < 0:
        raise UserError("existing monthly debt payments cannot be negative")
    if not 0 <= applicant.years_in_job <= 60:
        raise UserError(
            "years in job must be 0–60 (got {applicant_years_in_job})",
            applicant_years_in_job=applicant.years_in_job,
        )
    error = id_error(applicant.id_number, today=on)
    if error is not None:
        raise error


def result_to_json(result: RiskResult) -> dict[str, Any]:
    """The `fenqi risk --json` decision part."""
    return {
        "decision": result.decision.value,
        "reasons": [
            {"code": r.code, "decision": r.decision.value, "message": r.message, "hard": r.hard}
            for r in result.reasons
        ],
        "score": result.score,
        "score_items": [
            {"factor": i.factor, "value": i.value, "points": i.points} for i in result.score_items
        ],
        "tier": None if result.tier is None else result.tier.code,
        "age": result.age,
        "dti": f"{result.dti}",
        "rules_version": result.rules_version,
    }


def plans_for_tier(quotes: list[Quote], tier: Tier) -> list[Quote]:
    """Only the plans `tier` may be offered.

    Raises:
        UserError: none is allowed, with the reasons the first plan was refused.
    """
    allowed = [q for q in quotes if not tier_limits(tier, q)]
    if not allowed:
        why = "；".join(r.message for r in tier_limits(tier, quotes[0]))
        raise UserError("no plan is open to tier {tier_code}: {why}", tier_code=tier.code, why=why)
    return allowed


def _optional_amount(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))
