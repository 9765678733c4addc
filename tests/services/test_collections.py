"""Collections within the rules: each forbidden contact is refused with the rule's name and
nothing is logged; an allowed one is logged with the factual message it sends; the lists
show who is due soon and who is late, with the next step. Real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from app.domain.clock import store_tz
from app.domain.errors import UserError
from app.services.collections import log_contact, work_lists
from app.services.repayments import contract_book, settle
from storage.models import ContactLog, Contract, InstallmentRow
from tests.factories.sales import sell


@pytest.fixture
def number(services):
    return sell(services, 4)


def at(hour: int, day_offset: int = 0, *, day: date | None = None) -> datetime:
    """`hour` o'clock store time, `day_offset` days after `day` (today by default)."""
    day = (day or datetime.now(store_tz()).date()) + timedelta(days=day_offset)
    return datetime(day.year, day.month, day.day, hour, tzinfo=store_tz()).astimezone(UTC)


def first_due(services, number) -> InstallmentRow:
    """The contract's first instalment as stored (its due date and amount)."""
    with services.sessions() as session:
        query = (
            select(InstallmentRow)
            .join(Contract, Contract.id == InstallmentRow.contract_id)
            .where(Contract.number == number, InstallmentRow.n == 1)
        )
        return session.scalars(query).one()


def contact(services, number, **changes):
    options = {
        "channel": "sms",
        "audience": "customer",
        "template": "reminder_due",
        "outcome": "短信已发送",
        "staff_username": "sales01",
        "now": at(10),
    }
    with services.unit_of_work() as uow:
        return log_contact(uow, number, **options | changes).message


def logged(services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(ContactLog))


def test_an_allowed_reminder_is_logged_with_the_facts_it_states(services, number):
    message = contact(services, number)
    with services.unit_of_work() as uow:
        first = contract_book(uow, number, at(10).date()).states[0]
    assert number in message and f"{first.outstanding:.2f}" in message
    assert first.due_date.isoformat() in message and "021-5555-0101" in message
    assert logged(services) == 1


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"now": at(22)}, "QUIET_HOURS"),
        ({"now": at(7)}, "QUIET_HOURS"),
        ({"audience": "emergency_contact"}, "CUSTOMER_ONLY"),  # the debt, to someone else
        ({"audience": "employer", "template": "pass_on_message"}, "CUSTOMER_ONLY"),
        ({"template": "final_warning"}, "UNKNOWN_TEMPLATE"),  # no threats off-script
        ({"channel": "visit_home"}, "UNKNOWN_CHANNEL"),
    ],
)
def test_each_forbidden_contact_is_refused_by_its_rule_and_not_logged(
    services, number, changes, rule
):
    with pytest.raises(UserError, match=rf"^{rule}"):
        contact(services, number, **changes)
    assert logged(services) == 0


def test_the_emergency_contact_is_only_asked_to_pass_on_a_message(services):
    number = sell(services, 5, emergency_contact=True)
    due = first_due(services, number).due_date
    message = contact(
        services,
        number,
        audience="emergency_contact",
        template="pass_on_message",
        now=at(10, 10, day=due),
    )
    assert "转告" in message and number not in message and "元" not in message


def test_at_most_three_attempts_a_day(services, number):
    for hour in (9, 12, 15):
        contact(services, number, now=at(hour))
    with pytest.raises(UserError, match=r"^DAILY_LIMIT"):
        contact(services, number, now=at(18))
    contact(services, number, now=at(9, day_offset=1))  # a new day
    assert logged(services) == 4


def test_the_lists_show_who_is_due_soon_and_who_is_late_with_the_next_step(services, number):
    with services.unit_of_work() as uow:
        first = contract_book(uow, number, at(10).date()).states[0]
        soon = work_lists(uow, first.due_date - timedelta(days=2))
        late = work_lists(uow, first.due_date + timedelta(days=45))
    assert [i.number for i in soon["due_soon"]] == [number] and soon["overdue"] == []
    [item] = late["overdue"]
    assert (item.number, item.days_late, item.bucket, item.step) == (number, 45, "31-60", "call")


def test_no_overdue_message_before_the_customer_is_overdue_past_grace(services, number):
    due = first_due(services, number).due_date
    for template, days in (("overdue_notice", 0), ("overdue_notice", 3), ("formal_letter", 0)):
        with pytest.raises(UserError, match=r"^STAGE: .*grace days"):
            contact(services, number, template=template, now=at(10, days, day=due))
    assert logged(services) == 0


def test_the_overdue_notice_states_what_is_owed_with_its_late_fee(services, number):
    row = first_due(services, number)
    message = contact(services, number, template="overdue_notice", now=at(10, 10, day=row.due_date))
    # independently: ten days of 0.05% a day on the whole instalment, half-up at the fen
    fee = (row.payment * Decimal("0.0005") * 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert f"逾期应还 {row.payment + fee:.2f} 元" in message
    assert logged(services) == 1


def test_a_reminder_is_only_sent_before_the_due_date(services, number):
    due = first_due(services, number).due_date
    contact(services, number, now=at(10, 0, day=due))  # on the day itself: still a reminder
    with pytest.raises(UserError, match=r"^STAGE: reminder_due is a reminder before the due"):
        contact(services, number, now=at(10, 1, day=due))
    assert logged(services) == 1


def test_the_formal_letter_only_at_the_letter_step_of_the_step_table(services, number):
    due = first_due(services, number).due_date
    with pytest.raises(
        UserError,
        match=r"^STAGE: formal_letter only from the letter step.*at call \(.*60 days late",
    ):
        contact(services, number, template="formal_letter", now=at(10, 60, day=due))
    message = contact(services, number, template="formal_letter", now=at(10, 61, day=due))
    assert "法务" in message and logged(services) == 1


def test_a_paid_off_contract_gets_no_contact_at_all(services, number):
    with services.unit_of_work() as uow:
        settle(uow, number, channel="cash", reference=None, staff_username="sales01")
    due = first_due(services, number).due_date
    for template, audience, days in (
        ("reminder_due", "customer", 0),
        ("overdue_notice", "customer", 10),
        ("pass_on_message", "emergency_contact", 10),
    ):
        with pytest.raises(UserError, match=r"^CONTRACT_CLOSED: .* is paid_off"):
            contact(
                services, number, template=template, audience=audience, now=at(10, days, day=due)
            )
    assert logged(services) == 0


def test_a_pass_on_message_only_to_an_emergency_contact_the_customer_gave(services, number):
    due = first_due(services, number).due_date
    with pytest.raises(UserError, match=r"^NO_EMERGENCY_CONTACT"):
        contact(
            services,
            number,
            audience="emergency_contact",
            template="pass_on_message",
            now=at(10, 10, day=due),
        )
    assert logged(services) == 0
