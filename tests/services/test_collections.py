"""Collections within the rules: each forbidden contact is refused with the rule's name and
nothing is logged; an allowed one is logged with the factual message it sends; the lists
show who is due soon and who is late, with the next step. Real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.clock import store_tz
from app.domain.errors import UserError
from app.services.collections import log_contact, work_lists
from app.services.repayments import contract_book
from storage.models import ContactLog
from tests.factories.sales import sell


@pytest.fixture
def number(services):
    return sell(services, 4)


def at(hour: int, day_offset: int = 0) -> datetime:
    today = datetime.now(store_tz()).date() + timedelta(days=day_offset)
    return datetime(today.year, today.month, today.day, hour, tzinfo=store_tz()).astimezone(UTC)


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


def test_the_emergency_contact_is_only_asked_to_pass_on_a_message(services, number):
    message = contact(services, number, audience="emergency_contact", template="pass_on_message")
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
