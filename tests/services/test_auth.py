"""Logging in at the counter: argon2 passwords, five failures lock the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import Role
from app.domain.errors import UserError
from app.services.auth import log_in

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_the_right_password_signs_in(services):
    who = log_in(services, "manager01", "demo1234", now=NOW)
    assert who.display_name == "王建国" and who.role is Role.MANAGER


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(services):
    for user, password in (("nobody", "demo1234"), ("sales01", "wrong")):
        with pytest.raises(UserError, match=r"^用户名或密码错误$"):
            log_in(services, user, password, now=NOW)


def test_five_failures_lock_the_account_for_five_minutes_even_after_a_restart(services):
    for _ in range(4):
        with pytest.raises(UserError, match="用户名或密码错误"):
            log_in(services, "sales01", "wrong", now=NOW)
    with pytest.raises(UserError, match="账户锁定 5 分钟"):
        log_in(services, "sales01", "wrong", now=NOW)
    with pytest.raises(UserError, match=r"账户已锁定.*10:05 后再试"):
        log_in(services, "sales01", "demo1234", now=NOW + timedelta(minutes=4))
    assert (
        log_in(services, "sales01", "demo1234", now=NOW + timedelta(minutes=5)).username
        == "sales01"
    )
    with pytest.raises(UserError, match="用户名或密码错误"):  # the count starts again
        log_in(services, "sales01", "wrong", now=NOW + timedelta(minutes=6))
