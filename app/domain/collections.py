"""Collections within the rules: every contact attempt is checked before it is logged, and
one that breaks a rule is refused with the rule's name. The rules and the message templates
are versioned data (assets/collections/rules.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, time
from importlib import resources

from app.domain.errors import UserError

CUSTOMER, EMERGENCY_CONTACT = "customer", "emergency_contact"
BEFORE_DUE, OVERDUE = "before_due", "overdue"


@dataclass(frozen=True)
class Template:
    code: str
    audience: str
    text: str
    stage: str  # BEFORE_DUE or OVERDUE
    from_step: str | None = None  # said only once the contract's step table reaches it


Steps = tuple[tuple[int | None, str], ...]  # (up to days late, step), the last open-ended


@dataclass(frozen=True)
class Standing:
    """Where the contract stands on the day of the contact."""

    number: str
    status: str
    live: bool
    days_late: int  # of its oldest unpaid instalment (0: none past its due date)
    grace_days: int
    has_emergency_contact: bool
    steps: Steps  # the collection steps it was signed under

    @property
    def step(self) -> str:
        """The step it is at by its own step table."""
        return next_step(self.steps, self.days_late)


@dataclass(frozen=True)
class ContactRules:
    version: str
    quiet_start: time
    quiet_end: time
    max_attempts_per_day: int
    channels: tuple[str, ...]
    templates: dict[str, Template]
    steps: Steps


def load_contact_rules() -> ContactRules:
    """The rules shipped in assets/."""
    text = resources.files("assets").joinpath("collections/rules.toml").read_text("utf-8")
    doc = tomllib.loads(text)
    quiet = doc["quiet_hours"]
    return ContactRules(
        version=doc["version"],
        quiet_start=time.fromisoformat(quiet["start"]),
        quiet_end=time.fromisoformat(quiet["end"]),
        max_attempts_per_day=doc["max_attempts_per_day"],
        channels=tuple(doc["channels"]),
        templates={
            t["code"]: Template(t["code"], t["audience"], t["text"], t["stage"], t.get("from_step"))
            for t in doc["templates"]
        },
        steps=tuple((s.get("up_to_days"), s["step"]) for s in doc["steps"]),
    )


def check_attempt(
    rules: ContactRules,
    *,
    channel: str,
    audience: str,
    template: str,
    at: datetime,
    attempts_today: int,
    standing: Standing,
) -> Template:
    """The template to use, if the attempt keeps every rule.

    Raises:
        UserError: the rule broken, by name: UNKNOWN_CHANNEL, UNKNOWN_TEMPLATE,
            CUSTOMER_ONLY (the debt is discussed with the customer only; an emergency
            contact is only asked to pass on a message), CONTRACT_CLOSED, NO_EMERGENCY_CONTACT,
            STAGE (a template said only before the due date, or only once overdue past
            grace, or only from its step of the contract's step table on), QUIET_HOURS,
            DAILY_LIMIT.
    """
    if channel not in rules.channels:
        raise UserError(
            "UNKNOWN_CHANNEL: {channel} is not a contact channel ({channels})",
            channel=channel,
            channels=", ".join(rules.channels),
        )
    chosen = rules.templates.get(template)
    if chosen is None:
        raise UserError(
            "UNKNOWN_TEMPLATE: no message template {code}: say only what a template says",
            code=template,
        )
    if audience not in (CUSTOMER, EMERGENCY_CONTACT):
        raise UserError("CUSTOMER_ONLY: contact the customer, or their emergency contact")
    if chosen.audience != audience:
        raise UserError(
            "CUSTOMER_ONLY: an emergency contact is only asked to pass on a message, never "
            "told of the debt; the customer gets the customer's templates"
        )
    _check_stage(chosen, standing)
    local = at.time()
    quiet = (
        local >= rules.quiet_start or local < rules.quiet_end
        if rules.quiet_start > rules.quiet_end
        else rules.quiet_start <= local < rules.quiet_end
    )
    if quiet:
        raise UserError(
            "QUIET_HOURS: no contact between {start} and {end}",
            start=rules.quiet_start.strftime("%H:%M"),
            end=rules.quiet_end.strftime("%H:%M"),
        )
    if attempts_today >= rules.max_attempts_per_day:
        raise UserError(
            "DAILY_LIMIT: already {count} contact attempts on this contract today "
            "(at most {limit})",
            count=attempts_today,
            limit=rules.max_attempts_per_day,
        )
    return chosen


def _check_stage(template: Template, standing: Standing) -> None:
    if not standing.live:
        raise UserError(
            "CONTRACT_CLOSED: contract {number} is {status}: nothing is owed, no one is contacted",
            number=standing.number,
            status=standing.status,
        )
    if template.audience == EMERGENCY_CONTACT and not standing.has_emergency_contact:
        raise UserError(
            "NO_EMERGENCY_CONTACT: the customer of contract {number} gave no emergency contact",
            number=standing.number,
        )
    days = standing.days_late
    if template.stage == BEFORE_DUE and days > 0:
        raise UserError(
            "STAGE: {code} is a reminder before the due date; the oldest unpaid instalment is "
            "{days} days late",
            code=template.code,
            days=days,
        )
    if template.stage == OVERDUE and days <= standing.grace_days:
        raise UserError(
            "STAGE: {code} only once an instalment is overdue past the {grace} grace days "
            "(the oldest unpaid one is {days} days late)",
            code=template.code,
            grace=standing.grace_days,
            days=days,
        )
    names = [step for _, step in standing.steps]
    if template.from_step is not None and (
        template.from_step not in names
        or names.index(standing.step) < names.index(template.from_step)
    ):
        raise UserError(
            "STAGE: {code} only from the {least} step of the contract's collection steps; it is "
            "at {step} (the oldest unpaid instalment is {days} days late)",
            code=template.code,
            least=template.from_step,
            step=standing.step,
            days=days,
        )


def next_step(steps: Steps, days_late: int) -> str:
    """reminder, call, letter or legal, by how late the oldest unpaid instalment is."""
    return next(step for limit, step in steps if limit is None or days_late <= limit)
