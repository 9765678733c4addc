"""One sale at the counter, step by step: phone → customer → trade-in → plan → pre-check →
disclosure → signature → signed. The window, `fenqi demo` and the tests all drive this one
use case. Each step is checked, then saved as the sale's draft (encrypted), so closing the
program loses nothing; changing a step clears the steps after it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from app.domain.application import CustomerIn, FinancesIn, read_section
from app.domain.clock import business_day
from app.domain.contract import (
    ConsentClause,
    ContractData,
    consent_clauses,
    load_clauses,
    mask_name,
)
from app.domain.draft import (
    Acknowledgement,
    CardFields,
    CardInHand,
    CardReading,
    CustomerStep,
    PhoneChoice,
    PlanChoice,
    PrecheckOutcome,
    SaleDraft,
    TradeInStep,
)
from app.domain.enums import Decision, UnitStatus
from app.domain.errors import UserError
from app.domain.money import ZERO
from app.domain.quote import Cart, Quote, check_cart, quote_plan, quote_plans, select_offer
from app.domain.rates import Method, RateTable
from app.domain.risk import RiskResult, result_to_json
from app.domain.tradein import Appraisal, Condition, appraisal_to_json, normalise_imei
from app.services.applications import (
    override_application,
    parse_application,
    submit_application,
)
from app.services.bootstrap import Services
from app.services.signing import sign_contract
from app.services.sync import applications_elsewhere
from app.services.tradeins import accept_trade_in, appraise_trade_in, reappraise
from storage.models import DeviceUnit, Product
from storage.uow import UnitOfWork


class Step(StrEnum):
    PHONE = "phone"
    CUSTOMER = "customer"
    TRADE_IN = "trade_in"
    PLAN = "plan"
    PRECHECK = "precheck"
    DISCLOSURE = "disclosure"
    SIGNATURE = "signature"
    SIGNED = "signed"


STEPS = list(Step)
# the draft's field each step sets; setting a step clears every later step's field
_FIELDS = {
    Step.PHONE: "phone",
    Step.CUSTOMER: "customer",
    Step.TRADE_IN: "trade_in",
    Step.PLAN: "plan",
    Step.PRECHECK: "precheck",
    Step.DISCLOSURE: "acknowledged",
    Step.SIGNATURE: "contract_number",
}
_T = TypeVar("_T")
MIN_READING = timedelta(seconds=3)  # a clause is on the customer's screen at least this long


def consent_screen(*, second: bool, width: int, height: int) -> str:
    """How the contract and the audit name the screen the customer confirmed and signed on:
    a second screen facing them, or the counter's own screen turned towards them (never the
    operating system's name for it, which a customer cannot read)."""
    kind = "客户屏" if second else "店员屏（转向客户）"
    return f"{kind} {width}×{height}"


@dataclass(frozen=True)
class DraftSummary:
    """A line of the drafts list (no personal data)."""

    id: uuid.UUID
    step: Step
    summary: str
    staff_id: uuid.UUID
    updated_at: datetime


class Sale:
    """A sale in progress, kept as a draft until it is signed."""

    def __init__(self, services: Services, draft_id: uuid.UUID, draft: SaleDraft) -> None:
        self.services = services
        self.id = draft_id
        self.draft = draft
        self._priced: tuple[str, Decimal, str, RateTable] | None = None

    # --- finding and keeping drafts -------------------------------------------------------

    @classmethod
    def start(cls, services: Services, staff_username: str) -> Sale:
        """A new sale by an active staff member.

        Raises:
            UserError: no such active staff member.
        """
        with services.unit_of_work() as uow:
            uow.catalog.active_staff(staff_username)
        return cls(services, uuid.uuid4(), SaleDraft(staff=staff_username))

    @classmethod
    def resume(cls, services: Services, draft_id: uuid.UUID) -> Sale:
        """A saved draft, where it was left.

        Raises:
            UserError: the draft is gone (signed, purged or abandoned), or was written by
                another version of the program.
        """
        with services.unit_of_work() as uow:
            found = uow.drafts.load(draft_id)
        if found is None:
            raise UserError("this sale is no longer saved (finished, or older than its limit)")
        return cls(services, draft_id, SaleDraft.load(found[1]))

    @staticmethod
    def drafts(services: Services, *, now: datetime | None = None) -> list[DraftSummary]:
        """The terminal's unfinished sales, newest first; those older than FENQI_DRAFT_DAYS
        are purged first."""
        limit = (now or datetime.now(UTC)) - timedelta(days=services.settings.draft_days)
        with services.unit_of_work() as uow:
            uow.drafts.purge(limit)
            return [
                DraftSummary(row.id, Step(row.step), row.summary, row.staff_id, row.updated_at)
                for row in uow.drafts.newest_first()
            ]

    @staticmethod
    def find_phones(services: Services, text: str) -> list[tuple[Product, int]]:
        """Phones whose SKU, brand or model holds every word of `text`, with their stock."""
        with services.unit_of_work() as uow:
            return uow.catalog.search(text)

    def abandon(self) -> None:
        """Forget this sale's draft."""
        with self.services.unit_of_work() as uow:
            uow.drafts.delete(self.id)

    @property
    def step(self) -> Step:
        """The first step still to do."""
        d = self.draft
        if d.phone is None:
            return Step.PHONE
        if d.customer is None:
            return Step.CUSTOMER
        if d.trade_in is None:
            return Step.TRADE_IN
        if d.plan is None:
            return Step.PLAN
        if d.precheck is None or d.precheck.decision is not Decision.APPROVE:
            return Step.PRECHECK
        if set(d.acknowledged) != {code for code, _, _ in load_clauses().clauses}:
            return Step.DISCLOSURE
        if d.contract_number is None:
            return Step.SIGNATURE
        return Step.SIGNED

    def _set(self, uow: UnitOfWork, step: Step, value: Any) -> None:
        """Store a step's value, clear every later step's, save the draft."""
        update = {_FIELDS[step]: value}
        for later in STEPS[STEPS.index(step) + 1 :]:
            if later in _FIELDS:
                update[_FIELDS[later]] = {} if later is Step.DISCLOSURE else None
        self.draft = self.draft.model_copy(update=update)
        self._save(uow)

    def keep_card(self, card: CardFields, reading: CardReading | None) -> None:
        """Keep the card on the customer page, not yet taken, in the draft (the window is
        locking): the customer page shows it again when the sale is resumed."""
        self.draft = self.draft.model_copy(
            update={"card_in_hand": CardInHand(card=card, reading=reading)}
        )
        with self.services.unit_of_work() as uow:
            self._save(uow)

    def _save(self, uow: UnitOfWork) -> None:
        terminal = uow.catalog.terminal()
        uow.drafts.save(
            self.id,
            terminal_id=terminal.id,
            staff_id=uow.catalog.active_staff(self.draft.staff).id,
            step=self.step.value,
            summary=self._summary(),
            document=self.draft.document(),
        )

    def _summary(self) -> str:
        """The drafts list's line: the phone and the customer's masked name (never more)."""
        d = self.draft
        parts = [d.phone.device if d.phone else ""]
        if d.customer is not None:
            parts.append(mask_name(d.customer.applicant.name))
        return "  ".join(parts)

    def _need(self, value: _T | None) -> _T:
        """A step's value, which a later step needs.

        Raises:
            UserError: that step is not done yet.
        """
        if value is None:
            raise UserError("the sale is not ready: next is {step}", step=self.step.value)
        return value

    @property
    def phone(self) -> PhoneChoice:
        return self._need(self.draft.phone)

    @property
    def customer(self) -> CustomerStep:
        return self._need(self.draft.customer)

    @property
    def plan(self) -> PlanChoice:
        return self._need(self.draft.plan)

    @property
    def outcome(self) -> PrecheckOutcome:
        return self._need(self.draft.precheck)

    # --- the steps --------------------------------------------------------------------------

    def choose_phone(self, code: str) -> Product:
        """The phone, by SKU or by scanning a unit's IMEI (that unit is then the one sold).

        Raises:
            UserError: no such product, an IMEI not in stock, or nothing left in stock.
        """
        code = code.strip()
        with self.services.unit_of_work() as uow:
            imei = None
            if code.isdigit() and len(code) == 15:
                imei = normalise_imei(code)
                unit = uow.catalog.unit_by_imei(imei)
                if unit is None or unit.product_id is None or unit.status != UnitStatus.IN_STOCK:
                    raise UserError("IMEI {imei} is not a new phone in stock here", imei=imei)
                product = uow.get(Product, unit.product_id)
                assert product is not None
            else:
                product = uow.catalog.product(code)
                if uow.catalog.unit_in_stock(product.id) is None:
                    raise UserError("{product_sku} is out of stock", product_sku=product.sku)
            device = product.title
            self._set(uow, Step.PHONE, PhoneChoice(sku=product.sku, imei=imei, device=device))
            return product

    def set_customer(
        self,
        customer: dict[str, Any],
        finances: dict[str, Any],
        *,
        card: CardFields | None = None,
        reading: CardReading | None = None,
        now: datetime | None = None,
    ) -> bool:
        """The customer as the card and the customer state it, and their finances; `card` is
        the card as confirmed at the counter and `reading` what OCR read off it (the fields
        changed from the reading are recorded as edited, whatever `customer` says; without a
        reading the card was typed, and the pre-check sends the sale to a manager). Returns
        whether the chain already knows this ID number (a returning customer).

        Raises:
            UserError: the first thing wrong, named; a card without its validity, or expired.
        """
        customer = {**customer, "card_source": "typed" if reading is None else "ocr"}
        if reading is not None and card is not None:
            customer = {**customer, "edited_fields": card.edited_from(reading.fields)}
        person = read_section("customer", customer)
        money = read_section("finances", finances)
        assert isinstance(person, CustomerIn) and isinstance(money, FinancesIn)
        valid_to = person.id_valid_to
        if isinstance(valid_to, date) and valid_to < business_day(now):
            raise UserError(
                "the ID card expired on {valid_to}: the customer needs a valid card",
                valid_to=valid_to.isoformat(),
            )
        if card is None:
            card = CardFields(
                name=person.name,
                id_number=person.id_number,
                address=person.address or "",
                birth_date=str(person.birth_date or ""),
                valid_from=str(person.id_valid_from or ""),
                valid_to=str(person.id_valid_to),
            )
        step = CustomerStep(card=card, reading=reading, applicant=person, finances=money)
        with self.services.unit_of_work() as uow:
            known = uow.customers.find(person.id_number) is not None
            self._set(uow, Step.CUSTOMER, step)
        return known

    def trade_in_models(self) -> list[tuple[str, int]]:
        """The (model, storage GB) pairs the chain's trade-in table prices."""
        with self.services.unit_of_work() as uow:
            return sorted(uow.reference.valuation_table().base_prices)

    def appraise(self, model: str, storage_gb: int, imei: str, condition: Condition) -> Appraisal:
        """The customer's old phone appraised against the chain's table, credit capped at
        the new phone's price (not yet taken: see `set_trade_in`).

        Raises:
            UserError: an unknown model or size, a bad IMEI, a blocked or stocked IMEI.
        """
        with self.services.unit_of_work() as uow:
            price = uow.catalog.product(self.phone.sku).price
            return appraise_trade_in(
                uow, model=model, storage_gb=storage_gb, imei=imei, condition=condition,
                new_phone_price=price,
            )  # fmt: skip

    def set_trade_in(self, appraisal: Appraisal | None) -> Decimal:
        """The customer's old phone, appraised (None: no trade-in); returns the credit,
        appraised again against today's table and capped at the new phone's price.

        Raises:
            UserError: the phone cannot be taken (blocked, already in stock, refused).
        """
        with self.services.unit_of_work() as uow:
            document = None
            credit = ZERO
            if appraisal is not None:
                price = uow.catalog.product(self.phone.sku).price
                again = reappraise(uow, appraisal_to_json(appraisal), new_phone_price=price)
                document, credit = appraisal_to_json(again), again.credit
            self._set(uow, Step.TRADE_IN, TradeInStep(appraisal=document))
        return credit

    def _pricing(self) -> tuple[Decimal, str, RateTable]:
        """The phone's price and model and the store's rate table, read once per phone: a
        sale keeps the prices it was shown while the customer decides."""
        sku = self.phone.sku
        if self._priced is None or self._priced[0] != sku:
            with self.services.unit_of_work() as uow:
                product = uow.catalog.product(sku)
                table = uow.reference.rate_table(uow.catalog.terminal().store_id)
                self._priced = (sku, product.price, product.model, table)
        return self._priced[1:]

    @property
    def trade_in_credit(self) -> Decimal:
        """The trade-in's credit (0 without one)."""
        trade_in = self.draft.trade_in
        if trade_in is None or trade_in.appraisal is None:
            return ZERO
        return Decimal(trade_in.appraisal["credit"])

    def cart(self, down: Decimal, *, now: datetime | None = None) -> Cart:
        """The cart as it stands, with a down payment."""
        price, model, _ = self._pricing()
        return Cart(price, self.trade_in_credit, down, business_day(now), model)

    def plans(self, down: Decimal, *, now: datetime | None = None) -> list[Quote]:
        """Every plan the store offers for this cart, side by side.

        Raises:
            UserError: a down payment that leaves nothing, or too much, to finance.
        """
        cart = self.cart(down, now=now)
        table = self._pricing()[2]
        check_cart(cart, table)
        return quote_plans(cart, table)

    def choose_plan(
        self, down: Decimal, method: Method, term: int, *, now: datetime | None = None
    ) -> Quote:
        """The plan the customer chose.

        Raises:
            UserError: a plan the store does not offer for this cart, or the phone chosen
                has been sold meanwhile (`check_unit`).
        """
        cart = self.cart(down, now=now)
        table = self._pricing()[2]
        check_cart(cart, table)
        offer = select_offer(table, cart=cart, method=method, term=term, rate=None)
        quote = quote_plan(cart, offer, table)
        with self.services.unit_of_work() as uow:
            self._unit(uow, uow.catalog.product(self.phone.sku))  # the phone is still there
            self._set(uow, Step.PLAN, PlanChoice(down=down, method=method, term=term))
        return quote

    def application(self) -> dict[str, Any]:
        """The application document of this sale (the `fenqi risk` format)."""
        customer, plan = self.customer, self.plan
        return {
            "staff": self.draft.staff,
            "customer": customer.applicant.model_dump(mode="json", exclude_none=True),
            "finances": customer.finances.model_dump(mode="json"),
            "purchase": {
                "sku": self.phone.sku,
                "trade_in": str(self.trade_in_credit),
                "down": str(plan.down),
                "method": plan.method.value,
                "term": plan.term,
            },
        }

    def precheck(self, *, now: datetime | None = None) -> tuple[RiskResult, Quote]:
        """Run the risk pre-check and store the application; a "review" waits for a
        manager's `override`.

        Raises:
            UserError: the application is incomplete or refused at its boundary.
        """
        form = parse_application(self.application())
        elsewhere = applications_elsewhere(self.services, form.applicant.id_number)
        with self.services.unit_of_work() as uow:
            submitted = submit_application(uow, form, now=now, elsewhere=elsewhere)
            result = submitted.result
            outcome = PrecheckOutcome(
                application_id=submitted.application.id,
                decision=result.decision,
                result=result_to_json(result),
                tier_name=None if result.tier is None else result.tier.name,
            )
            self._set(uow, Step.PRECHECK, outcome)
        return result, submitted.quote

    def override(self, manager: str, password: str, decision: Decision, reason: str) -> None:
        """A manager's decision on a reviewed application (their own password, a reason).

        Raises:
            UserError: see `override_application`.
        """
        outcome = self.outcome
        with self.services.unit_of_work() as uow:
            override_application(
                uow,
                application_id=outcome.application_id,
                manager_username=manager,
                password=password,
                decision=decision,
                reason=reason,
            )
            self._set(uow, Step.PRECHECK, outcome.model_copy(update={"decision": decision}))

    def central_decision(self) -> Decision | None:
        """Whether the chain's reviewers have decided a sale waiting for them (after a sync
        has brought their decision): the decision, now the sale's; None while it waits."""
        outcome = self.outcome
        with self.services.unit_of_work() as uow:
            application = uow.contracts.application(outcome.application_id)
            decided = None if application is None else application.override_decision
            if decided is None:
                return None
            self._set(uow, Step.PRECHECK, outcome.model_copy(update={"decision": decided}))
        return decided

    def clauses(self, *, now: datetime | None = None) -> list[ConsentClause]:
        """The key clauses to read to the customer, filled from the chosen plan, each with
        the digest of what the customer's screen shows with it."""
        quote = self.quote(now=now)
        return consent_clauses(
            device=self.phone.device, quote=quote, rates=self._pricing()[2], clauses=load_clauses()
        )

    def quote(self, *, now: datetime | None = None) -> Quote:
        """The chosen plan priced for the cart."""
        plan = self.plan
        cart = self.cart(plan.down, now=now)
        table = self._pricing()[2]
        offer = select_offer(table, cart=cart, method=plan.method, term=plan.term, rate=None)
        return quote_plan(cart, offer, table)

    def acknowledge(
        self,
        code: str,
        *,
        shown_at: datetime,
        screen: str,
        digest: str,
        at: datetime | None = None,
    ) -> None:
        """The customer confirmed clause `code` on `screen`, having had it in front of them
        since `shown_at` (at least MIN_READING); `digest` is that of what their screen
        showed (`ConsentClause.digest`), which must be the sale as it stands.

        Raises:
            UserError: no such clause, confirmed too soon, the pre-check has not approved
                the sale, or the customer's screen showed another phone or plan.
        """
        if STEPS.index(self.step) <= STEPS.index(Step.PRECHECK):
            raise UserError("the pre-check must approve the sale before the clauses")
        codes = [c for c, _, _ in load_clauses().clauses]
        if code not in codes:
            raise UserError(
                "no clause '{code}' (clauses: {codes})", code=code, codes=", ".join(codes)
            )
        at = at or datetime.now(UTC)
        current = [c.digest for c in self.clauses(now=at)]
        if current[codes.index(code)] != digest:
            raise UserError(
                "the customer's screen showed another phone or plan than this sale's: "
                "it is shown again, and clause {x} must be confirmed again",
                x=codes.index(code) + 1,
            )
        if at - shown_at < MIN_READING:
            raise UserError(
                "clause '{code}' was confirmed before it had been shown for {seconds} seconds",
                code=code,
                seconds=int(MIN_READING.total_seconds()),
            )
        done = Acknowledgement(shown_at=shown_at, at=at, screen=screen, digest=digest)
        acknowledged = {**self.draft.acknowledged, code: done}
        with self.services.unit_of_work() as uow:
            self._set(uow, Step.DISCLOSURE, acknowledged)

    def sign(
        self,
        signature_png: bytes,
        strokes: list[Any],
        *,
        channel: str,
        now: datetime | None = None,
    ) -> str:
        """Sign: number and store the contract with its schedule, take the down payment and
        the trade-in phone, mark the phone sold, forget the draft — one transaction. Returns
        the contract number (print it with `stored_sale`).

        Raises:
            UserError: a step is missing, the phone has been sold meanwhile, no signature.
        """
        if self.step is not Step.SIGNATURE:
            raise UserError("the sale is not ready to sign: next is {step}", step=self.step.value)
        now = now or datetime.now(UTC)
        quote = self.quote(now=now)
        person = self.customer.applicant
        appraisal = self._need(self.draft.trade_in).appraisal
        consent = self._consent(quote)
        with self.services.unit_of_work() as uow:
            terminal = uow.catalog.terminal()
            store = uow.catalog.store(terminal.store_id)
            staff = uow.catalog.active_staff(self.draft.staff)
            product = uow.catalog.product(self.phone.sku)
            unit = self._unit(uow, product)
            application = uow.contracts.application(self.outcome.application_id)
            assert application is not None
            screens = sorted({a.screen for a in self.draft.acknowledged.values()})
            data = ContractData(
                number=uow.contracts.next_number(store, terminal, now),
                store_name=store.name,
                store_address=store.address,
                signed_at=now,
                customer_name=person.name,
                customer_id_number=person.id_number,
                customer_phone=person.phone,
                customer_address=person.address or "",
                salesperson=staff.display_name,
                device=self.phone.device,
                imei=unit.imei,
                quote=quote,
                rates=self._pricing()[2],  # the table the customer was shown the plan under
                clauses=load_clauses(),
                acknowledged={k: a.at for k, a in self.draft.acknowledged.items()},
                trade_in=appraisal,
                signature_png=signature_png,
                consent_screen="；".join(screens),
                consent=consent,
            )
            sign_contract(
                uow,
                data,
                application=application,
                unit=unit,
                staff=staff,
                terminal=terminal,
                strokes=strokes,
                channel=channel,
                acknowledgements={
                    k: a.model_dump(mode="json") for k, a in self.draft.acknowledged.items()
                },
            )
            if appraisal:
                old_phone = reappraise(uow, appraisal, new_phone_price=product.price)
                accept_trade_in(
                    uow,
                    old_phone,
                    store_id=store.id,
                    terminal_id=terminal.id,
                    staff_id=staff.id,
                    customer_id=application.customer_id,
                )
            uow.drafts.delete(self.id)
        self.draft = self.draft.model_copy(update={"contract_number": data.number})
        return data.number

    def _consent(self, quote: Quote) -> dict[str, str]:
        """Each clause's digest as the contract about to be signed states it, which must be
        what the customer confirmed; a confirmation of anything else is dropped.

        Raises:
            UserError: a clause the customer confirmed for another phone or plan (to be
                confirmed again on their screen).
        """
        signed = consent_clauses(
            device=self.phone.device, quote=quote, rates=self._pricing()[2], clauses=load_clauses()
        )
        given = self.draft.acknowledged
        stale = [i for i, c in enumerate(signed, 1) if given[c.code].digest != c.digest]
        if not stale:
            return {c.code: c.digest for c in signed}
        kept = {c.code: given[c.code] for c in signed if given[c.code].digest == c.digest}
        with self.services.unit_of_work() as uow:
            self._set(uow, Step.DISCLOSURE, kept)
        raise UserError(
            "the customer confirmed clause {x} for another phone or plan than the contract "
            "being signed: they must confirm it again on their screen",
            x=stale[0],
        )

    def check_unit(self) -> None:
        """Whether the phone chosen is still there to sell: asked when the plans are shown
        and before the customer's screen opens, so nobody reads and signs for a phone that
        another sale has taken meanwhile.

        Raises:
            UserError: the unit is gone, naming another unit of the same SKU when there is.
        """
        with self.services.unit_of_work() as uow:
            self._unit(uow, uow.catalog.product(self.phone.sku))

    def _unit(self, uow: UnitOfWork, product: Product) -> DeviceUnit:
        if self.phone.imei:
            unit = uow.catalog.unit_by_imei(self.phone.imei)
        else:
            unit = uow.catalog.unit_in_stock(product.id)
        if unit is not None and unit.status is UnitStatus.IN_STOCK:
            return unit
        other = uow.catalog.unit_in_stock(product.id)
        if self.phone.imei and other is not None:
            raise UserError(
                "IMEI {imei} has been sold meanwhile; another {product_sku} is in stock: "
                "IMEI {other}. Go back to the phone and scan it",
                imei=self.phone.imei,
                product_sku=product.sku,
                other=other.imei,
            )
        raise UserError(
            "no {product_sku} left in stock: choose the phone again", product_sku=product.sku
        )
