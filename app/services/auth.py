"""Logging in at the counter (staff passwords: storage.crypto, argon2id)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain.clock import local
from app.domain.enums import Role
from app.domain.errors import UserError
from app.services.bootstrap import Services
from storage.crypto import verify_password
from storage.models import LoginLock

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class SignedIn:
    """Who is at the counter."""

    staff_id: uuid.UUID
    username: str
    display_name: str
    role: Role


def log_in(
    services: Services, username: str, password: str, *, now: datetime | None = None
) -> SignedIn:
    """The staff member whose password this is. Five wrong passwords in a row lock the
    account for five minutes (kept in the database: restarting does not unlock it).

    Raises:
        UserError: unknown user or wrong password (the same words, so neither is revealed),
            or a locked account (until when).
    """
    now = now or datetime.now(UTC)
    refusal = None
    with services.unit_of_work() as uow:
        staff = uow.catalog.staff_member(username.strip())
        lock = None if staff is None else uow.get(LoginLock, staff.id)
        if lock is not None and lock.locked_until is not None and now < lock.locked_until:
            until = local(lock.locked_until)
            raise UserError(
                "账户已锁定（密码连续错误 {MAX_FAILURES} 次），请于 {until:%H:%M} 后再试",
                MAX_FAILURES=MAX_FAILURES,
                until=until,
            )
        if staff is None or not staff.active or not verify_password(staff.password_hash, password):
            refusal = "用户名或密码错误"
            if staff is not None:  # counted and saved before refusing
                if lock is None:
                    lock = LoginLock(staff_id=staff.id, failures=0)
                    uow.add(lock)
                lock.failures += 1
                if lock.failures >= MAX_FAILURES:
                    lock.failures, lock.locked_until = 0, now + LOCK_FOR
                    refusal = f"密码连续错误 {MAX_FAILURES} 次，账户锁定 5 分钟"
        elif lock is not None:
            lock.failures, lock.locked_until = 0, None
    if refusal is not None or staff is None:
        raise UserError(refusal or "用户名或密码错误")
    return SignedIn(staff.id, staff.username, staff.display_name, staff.role)


@dataclass(frozen=True)
class LockedAccount:
    """A staff account locked by wrong passwords, and until when."""

    username: str
    display_name: str
    locked_until: datetime


def locked_accounts(services: Services, *, now: datetime | None = None) -> list[LockedAccount]:
    """The accounts locked now (the manager's desk lists them to unlock), soonest first."""
    now = now or datetime.now(UTC)
    with services.unit_of_work() as uow:
        found = [
            LockedAccount(staff.username, staff.display_name, lock.locked_until)
            for lock, staff in uow.catalog.login_locks()
            if lock.locked_until is not None and now < lock.locked_until
        ]
    return sorted(found, key=lambda a: a.locked_until)


def unlock_account(
    services: Services, *, manager: str, password: str, username: str, reason: str
) -> None:
    """A store manager unlocks a staff member's account locked by wrong passwords (their
    own password again and a reason), audited.

    Raises:
        UserError: not a manager, a wrong password, an unknown or unlocked account, or a
            reason under 5 characters.
    """
    reason = reason.strip()
    with services.unit_of_work() as uow:
        boss = uow.catalog.staff_member(manager)
        if (
            boss is None
            or boss.role not in (Role.MANAGER, Role.ADMIN)
            or not verify_password(boss.password_hash, password)
        ):
            raise UserError("only a store manager can unlock an account (their own password)")
        if len(reason) < 5:
            raise UserError("give the reason for unlocking (at least 5 characters)")
        staff = uow.catalog.staff_member(username.strip())
        lock = None if staff is None else uow.get(LoginLock, staff.id)
        if staff is None or lock is None or lock.locked_until is None:
            raise UserError("account {username} is not locked", username=username.strip())
        lock.failures, lock.locked_until = 0, None
        uow.audit(
            "staff.unlocked",
            staff_id=boss.id,
            entity="staff",
            entity_id=staff.id,
            username=staff.username,
            reason=reason,
        )
