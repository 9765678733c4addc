"""The eight pages of a sale, one per step of `app.services.sale.Sale`. Each page fills
itself from the sale when shown (`enter`) and checks and saves its step (`commit`); a
refusal is shown on the page in words, and nothing entered is lost."""

from app.services.sale import Step
from ui.screens.steps.base import StepPage
from ui.screens.steps.contract import ContractPage
from ui.screens.steps.customer import CustomerPage
from ui.screens.steps.disclosure import DisclosurePage
from ui.screens.steps.phone import PhonePage
from ui.screens.steps.plan import PlanPage
from ui.screens.steps.precheck import PrecheckPage
from ui.screens.steps.signature import SignaturePage
from ui.screens.steps.trade_in import TradeInPage

PAGES: dict[Step, type[StepPage]] = {
    Step.PHONE: PhonePage,
    Step.CUSTOMER: CustomerPage,
    Step.TRADE_IN: TradeInPage,
    Step.PLAN: PlanPage,
    Step.PRECHECK: PrecheckPage,
    Step.DISCLOSURE: DisclosurePage,
    Step.SIGNATURE: SignaturePage,
    Step.SIGNED: ContractPage,
}
__all__ = [
    "PAGES",
    "ContractPage",
    "CustomerPage",
    "DisclosurePage",
    "PhonePage",
    "PlanPage",
    "PrecheckPage",
    "SignaturePage",
    "StepPage",
    "TradeInPage",
]
