"""The application document's boundary: what a customer section may hold."""

from __future__ import annotations

import pytest

from app.domain.application import read_section
from app.domain.errors import UserError
from tests.factories.applications import example

CONTACT = {"name": "陈建国", "phone": "13900001111", "relation": "父母"}


def test_an_emergency_contact_is_optional_and_kept_when_given():
    customer = example("approve")["customer"]
    assert read_section("customer", customer).emergency_contact is None
    read = read_section("customer", customer | {"emergency_contact": CONTACT})
    assert read.emergency_contact is not None and read.emergency_contact.relation == "父母"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "13812345678"}, "own phone as the emergency contact"),
        ({"phone": "12345"}, "'customer.emergency_contact.phone' = '12345' is not a mainland"),
        ({"name": "X"}, "'customer.emergency_contact.name'"),
        ({"relation": ""}, "'customer.emergency_contact.relation' is missing"),
    ],
)
def test_a_bad_emergency_contact_is_refused_naming_the_field(change, message):
    customer = example("approve")["customer"] | {"emergency_contact": CONTACT | change}
    with pytest.raises(UserError, match=message):
        read_section("customer", customer)
