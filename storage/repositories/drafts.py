"""Sales in progress, kept encrypted so that closing the program loses nothing."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.crypto import FieldCipher
from storage.models import SaleDraft


class Drafts:
    """The terminal's sale drafts, in one session."""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    def save(
        self,
        draft_id: uuid.UUID,
        *,
        terminal_id: uuid.UUID,
        staff_id: uuid.UUID,
        step: str,
        summary: str,
        document: dict[str, Any],
    ) -> SaleDraft:
        """Create or replace the draft `draft_id`."""
        row = self.session.get(SaleDraft, draft_id)
        if row is None:
            row = SaleDraft(id=draft_id, terminal_id=terminal_id, staff_id=staff_id)
            self.session.add(row)
        row.step, row.summary = step, summary[:80]
        plain = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
        row.document_enc = self.cipher.encrypt(plain, context=f"sale_drafts.document:{draft_id}")
        return row

    def load(self, draft_id: uuid.UUID) -> tuple[SaleDraft, dict[str, Any]] | None:
        """A draft and its document, if it is still there."""
        row = self.session.get(SaleDraft, draft_id)
        if row is None:
            return None
        plain = self.cipher.decrypt(row.document_enc, context=f"sale_drafts.document:{row.id}")
        return row, dict(json.loads(plain))

    def newest_first(self) -> list[SaleDraft]:
        """Every draft, the most recently touched first."""
        return list(self.session.scalars(select(SaleDraft).order_by(SaleDraft.updated_at.desc())))

    def delete(self, draft_id: uuid.UUID) -> None:
        """Forget a draft (its sale was signed or abandoned)."""
        self.session.execute(delete(SaleDraft).where(SaleDraft.id == draft_id))

    def purge(self, untouched_since: datetime) -> int:
        """Delete drafts not touched since `untouched_since`; returns how many."""
        stale = list(
            self.session.scalars(select(SaleDraft).where(SaleDraft.updated_at < untouched_since))
        )
        for row in stale:
            self.session.delete(row)
        return len(stale)
