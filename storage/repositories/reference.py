"""The chain's reference data, read from the database only: a store's rate table, the risk
rules, the trade-in table, the blocklist and the chain's flags. `init-demo` seeds them; sync
replaces them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.enums import BlockKind
from app.domain.errors import EnvironmentProblem
from app.domain.rates import RateTable, parse_rate_table
from app.domain.risk import RiskRules, parse_risk_rules
from app.domain.tradein import ValuationTable, parse_valuation_table
from storage.models import BlockEntry, ChainFlag, RateTableRecord, ReferenceDocument

RISK_RULES, TRADEIN_TABLE = "risk_rules", "tradein_table"


class Reference:
    """Reads of the active reference documents, in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rate_table(self, store_id: uuid.UUID) -> RateTable:
        """The store's active rate table.

        Raises:
            EnvironmentProblem: the store has no active rate table.
        """
        record = self.session.scalars(
            select(RateTableRecord).where(
                RateTableRecord.store_id == store_id, RateTableRecord.active
            )
        ).one_or_none()
        if record is None:
            raise EnvironmentProblem("the store has no active rate table: run `fenqi init-demo`")
        return parse_rate_table(record.document)

    def risk_rules(self) -> RiskRules:
        """The chain's active risk pre-check rules."""
        return parse_risk_rules(self.document(RISK_RULES))

    def valuation_table(self) -> ValuationTable:
        """The chain's active trade-in table."""
        return parse_valuation_table(self.document(TRADEIN_TABLE))

    def document(self, kind: str) -> dict[str, Any]:
        """The active document of a kind.

        Raises:
            EnvironmentProblem: none is stored (the database predates it: run `init-demo`).
        """
        record = self.session.scalars(
            select(ReferenceDocument).where(
                ReferenceDocument.kind == kind, ReferenceDocument.active
            )
        ).one_or_none()
        if record is None:
            raise EnvironmentProblem(
                "no active {kind} in the database: run `fenqi init-demo`", kind=kind
            )
        return record.document

    def blocked_imei(self, imei: str) -> BlockEntry | None:
        """The lost/stolen entry for an IMEI, if listed."""
        return self._entry(BlockKind.IMEI, imei)

    def id_blocked(self, id_hash: str) -> bool:
        """Whether the ID number with this lookup hash is on the shared blacklist."""
        return self._entry(BlockKind.ID_NUMBER, id_hash) is not None

    def drop_id_number_blocks(self) -> None:
        """Forget the blocked ID numbers (hashed with a key this terminal no longer uses)."""
        self.session.execute(delete(BlockEntry).where(BlockEntry.kind == BlockKind.ID_NUMBER))

    def chain_flags(self) -> list[ChainFlag]:
        """What the chain's server found wrong with this store's records, newest first."""
        return list(self.session.scalars(select(ChainFlag).order_by(ChainFlag.raised_at.desc())))

    def _entry(self, kind: BlockKind, key: str) -> BlockEntry | None:
        query = select(BlockEntry).where(BlockEntry.kind == kind, BlockEntry.key == key)
        return self.session.scalars(query).one_or_none()
