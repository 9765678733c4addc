"""The contract's content: what it states, its clauses, and the hash that seals it.

Rendering it is printing/'s job; this module is pure data, shared by the signing service,
the printer and the verifier.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

from app.domain.errors import UserError
from app.domain.money import format_yuan
from app.domain.quote import Cart, Quote, quote_plan, quote_to_json, select_offer
from app.domain.rates import Method, RateTable, parse_rate_table


@dataclass(frozen=True)
class ClauseTemplate:
    """The contract's key clauses, versioned (assets/contracts/clauses.toml)."""

    version: str
    title: str
    clauses: tuple[tuple[str, str, str], ...]  # code, title, text with {placeholders}


def load_clauses() -> ClauseTemplate:
    """The clause template shipped in assets/."""
    text = resources.files("assets").joinpath("contracts/clauses.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    clauses = tuple((c["code"], c["title"], c["text"]) for c in doc["clauses"])
    return ClauseTemplate(doc["version"], doc["title"], clauses)


@dataclass(frozen=True)
class ContractData:
    """Everything a contract states. Its canonical JSON is what the integrity hash covers."""

    number: str
    store_name: str
    store_address: str
    signed_at: datetime
    customer_name: str
    customer_id_number: str
    customer_phone: str
    customer_address: str
    salesperson: str
    device: str  # brand, model, storage, colour
    imei: str
    quote: Quote
    rates: RateTable
    clauses: ClauseTemplate
    acknowledged: dict[str, datetime]  # clause code → when the customer confirmed it
    trade_in: dict[str, Any] | None = None  # a `fenqi tradein --json` appraisal
    signature_png: bytes | None = field(default=None, compare=False)
    consent_screen: str = ""  # where the customer confirmed the clauses and signed
    # clause code → digest of what the customer's screen showed when they confirmed it
    consent: dict[str, str] = field(default_factory=dict)
    customer_salt: str = field(default_factory=lambda: secrets.token_hex(16))


def canonical_json(doc: dict[str, Any]) -> bytes:
    """A document as canonical JSON: sorted keys, no spaces, UTF-8 (what is sealed)."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _customer(data: ContractData) -> dict[str, str]:
    """The customer's part, with its salt: the hash of this block cannot be reversed by
    trying every possible ID number."""
    return {
        "name": data.customer_name,
        "id_number": data.customer_id_number,
        "phone": data.customer_phone,
        "address": data.customer_address,
        "salt": data.customer_salt,
    }


def canonical(data: ContractData, *, copy: str = "store") -> bytes:
    """The contract's content as canonical JSON (sorted keys, no spaces), as attached to a
    copy. The store copy carries the customer's part in full; the customer copy carries no
    more than it prints (the ID number and phone masked) and the full part's SHA-256, so both
    seal to the same `contract_hash`."""
    customer = _customer(data)
    doc: dict[str, Any] = {
        "number": data.number,
        "store": {"name": data.store_name, "address": data.store_address},
        "signed_at": data.signed_at.isoformat(),
        "customer": customer,
        "salesperson": data.salesperson,
        "device": {"description": data.device, "imei": data.imei},
        "plan": quote_to_json(data.quote),
        "trade_in": data.trade_in,
        "clauses_version": data.clauses.version,
        "acknowledged": {k: v.isoformat() for k, v in sorted(data.acknowledged.items())},
        "signature_sha256": hashlib.sha256(data.signature_png or b"").hexdigest(),
    }
    if data.consent_screen:  # contracts signed before it was recorded seal as they did
        doc["consent_screen"] = data.consent_screen
    if data.consent:  # likewise
        doc["consent_sha256"] = dict(sorted(data.consent.items()))
    if copy == "customer":
        doc["customer"] = {
            "name": data.customer_name,
            "id_number": mask_id(data.customer_id_number),
            "phone": mask_phone(data.customer_phone),
            "sha256": hashlib.sha256(canonical_json(customer)).hexdigest(),
        }
    elif copy != "store":
        raise ValueError("copy is 'store' or 'customer'")
    return canonical_json(doc)


def seal(doc: dict[str, Any]) -> str:
    """The contract hash of an attached canonical document (either copy): SHA-256 of the
    document with its customer part replaced by that part's own SHA-256.

    Raises:
        KeyError, TypeError: not a contract document.
    """
    customer = doc["customer"]
    digest = (
        customer["sha256"]
        if "sha256" in customer
        else hashlib.sha256(canonical_json(customer)).hexdigest()
    )
    return hashlib.sha256(canonical_json({**doc, "customer": {"sha256": digest}})).hexdigest()


def contract_hash(data: ContractData) -> str:
    """SHA-256 (hex) that seals the contract: printed on both copies, stored with it."""
    return seal(json.loads(canonical(data)))


def percent(rate: Decimal, places: int = 2) -> str:
    """A rate as a percentage for the customer: 0.1200 → 12.00%."""
    return f"{rate * 100:.{places}f}%"


def nominal_rate(quote: Quote) -> str:
    """The plan's nominal rate as the contract states it."""
    if quote.method is Method.FLAT_FEE:
        return f"月手续费率 {percent(quote.rate)}（按分期金额每月计收）"
    if quote.method is Method.INTEREST_FREE:
        return "0（免息，手续费由门店承担）"
    return f"年利率 {percent(quote.rate)}"


def clause_text(text: str, quote: Quote, rates: RateTable) -> str:
    """A clause with its {placeholders} filled from the plan: what the customer reads on the
    screen before acknowledging it, and on paper."""
    return text.format(
        method=quote.method.label,
        term=quote.term,
        nominal=nominal_rate(quote),
        apr=percent(quote.apr),
        ear=percent(quote.effective_annual_rate),
        total_charges=format_yuan(quote.total_interest_or_fees),
        grace_days=rates.late_fee_grace_days,
        late_rate=percent(rates.late_fee_daily_rate),
        late_cap=percent(rates.late_fee_cap_rate, 0),
        payoff_rate=percent(quote.early_payoff_fee_rate, 1),
    )


@dataclass(frozen=True)
class ConsentClause:
    """A key clause as the customer's screen shows it, filled from the plan, and the digest
    of what the customer sees with it (the phone, the plan and its schedule, the clause):
    a confirmation holds that digest, and the contract signed must have the same one."""

    code: str
    title: str
    text: str
    digest: str


def consent_clauses(
    *, device: str, quote: Quote, rates: RateTable, clauses: ClauseTemplate
) -> list[ConsentClause]:
    """The clauses the customer confirms for this phone and plan, each with its digest."""
    plan = {"device": device, "plan": quote_to_json(quote), "clauses_version": clauses.version}
    found = []
    for code, title, template in clauses.clauses:
        text = clause_text(template, quote, rates)
        shown = {**plan, "clause": {"code": code, "title": title, "text": text}}
        found.append(
            ConsentClause(code, title, text, hashlib.sha256(canonical_json(shown)).hexdigest())
        )
    return found


def contract_record(data: ContractData) -> dict[str, Any]:
    """Everything needed to print the contract again (JSON; kept encrypted with it): the
    cart and plan are priced again from the rate table it was signed under. The signature
    image is kept apart (with its strokes)."""
    cart, quote = data.quote.cart, data.quote
    return {
        "number": data.number,
        "store_name": data.store_name,
        "store_address": data.store_address,
        "signed_at": data.signed_at.isoformat(),
        "customer_name": data.customer_name,
        "customer_id_number": data.customer_id_number,
        "customer_phone": data.customer_phone,
        "customer_address": data.customer_address,
        "salesperson": data.salesperson,
        "device": data.device,
        "imei": data.imei,
        "cart": {
            "price": str(cart.price),
            "trade_in_credit": str(cart.trade_in_credit),
            "down_payment": str(cart.down_payment),
            "start": cart.start.isoformat(),
            "model": cart.model,
        },
        "plan": {"method": quote.method.value, "term": quote.term, "rate": str(quote.rate)},
        "rates": data.rates.document,
        "clauses": {
            "version": data.clauses.version,
            "title": data.clauses.title,
            "clauses": [list(clause) for clause in data.clauses.clauses],
        },
        "acknowledged": {code: when.isoformat() for code, when in data.acknowledged.items()},
        "trade_in": data.trade_in,
        "customer_salt": data.customer_salt,
        "consent_screen": data.consent_screen,
        "consent": data.consent,
    }


def contract_from_record(doc: dict[str, Any], signature_png: bytes | None) -> ContractData:
    """The contract a `contract_record` describes, priced again under its own rate table.

    Raises:
        KeyError, ValueError, UserError: not a record this program wrote.
    """
    table = parse_rate_table(doc["rates"])
    c, plan = doc["cart"], doc["plan"]
    cart = Cart(
        price=Decimal(c["price"]),
        trade_in_credit=Decimal(c["trade_in_credit"]),
        down_payment=Decimal(c["down_payment"]),
        start=date.fromisoformat(c["start"]),
        model=c["model"],
    )
    method = Method(plan["method"])
    offer = select_offer(
        table, cart=cart, method=method, term=int(plan["term"]), rate=Decimal(plan["rate"])
    )
    clauses = doc["clauses"]
    return ContractData(
        number=doc["number"],
        store_name=doc["store_name"],
        store_address=doc["store_address"],
        signed_at=datetime.fromisoformat(doc["signed_at"]),
        customer_name=doc["customer_name"],
        customer_id_number=doc["customer_id_number"],
        customer_phone=doc["customer_phone"],
        customer_address=doc["customer_address"],
        salesperson=doc["salesperson"],
        device=doc["device"],
        imei=doc["imei"],
        quote=quote_plan(cart, offer, table),
        rates=table,
        clauses=ClauseTemplate(
            clauses["version"], clauses["title"], tuple(tuple(c) for c in clauses["clauses"])
        ),
        acknowledged={k: datetime.fromisoformat(v) for k, v in doc["acknowledged"].items()},
        trade_in=doc["trade_in"],
        signature_png=signature_png,
        customer_salt=doc["customer_salt"],
        consent_screen=doc.get("consent_screen", ""),
        consent=doc.get("consent", {}),
    )


CONTRACT_NUMBER = re.compile(r"[A-Z0-9]{1,16}-[A-Z0-9]{1,16}-\d{8}-\d{4}")


def contract_number(text: str) -> str:
    """A contract number as typed (any case, spaces around), checked for its shape
    store-terminal-date-sequence, e.g. SH001-T1-20261123-0001.

    Raises:
        UserError: not shaped like a contract number.
    """
    number = text.strip().upper()
    if not CONTRACT_NUMBER.fullmatch(number):
        shown = text.encode("utf-8", "backslashreplace").decode()[:40]
        raise UserError(
            "'{shown}' is not a contract number such as SH001-T1-20261123-0001", shown=shown
        )
    return number


def short_code(digest: str) -> str:
    """The first 12 hex digits of the hash, grouped for reading aloud: 1A2B-3C4D-5E6F."""
    head = digest[:12].upper()
    return f"{head[:4]}-{head[4:8]}-{head[8:]}"


def mask_name(name: str) -> str:
    """A name with all but its first character (and, from three, its last) hidden, as
    lists on a screen a customer may see show it: 陈*远, 陈*, 阿****提."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """The phone number with its middle hidden: 138****5678."""
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:] if len(phone) > 7 else "****"


def mask_id(number: str) -> str:
    """The ID number with its middle hidden (the customer's copy): 310104********1237."""
    return number[:6] + "*" * 8 + number[14:]
