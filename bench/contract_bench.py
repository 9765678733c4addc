"""Render (and sign) contracts of 24 instalments; print JSON timings and sizes.

    python -m bench.contract_bench [--contracts 200]

Target (issue 5): p50 ≤ 300 ms per contract, excluding the first font load; ≤ 400 KB each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.demo.assets import demo_rate_table
from app.domain.contract import ContractData, canonical, load_clauses
from app.domain.quote import Cart, quote_plans
from app.domain.rates import Method
from printing.contract_pdf import render_contract
from printing.pdf_signatures import sign_pdf
from printing.signature_image import demo_strokes, signature_png
from storage.certificates import create_root, issue_store_identity
from tests.factories.samples import sample_contract


def sample(rng: random.Random, rates, clauses, signature: bytes) -> ContractData:
    price = Decimal(rng.choice(["4399", "5999", "6999", "8999", "9999"]))
    cart = Cart(price, Decimal(0), Decimal(rng.randint(0, 20) * 100), date(2026, 11, 23), None)
    (quote,) = quote_plans(cart, rates, method=Method.EQUAL_INSTALLMENT, term=24)
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 600))
    number = f"SH001-T1-20261123-{rng.randint(1, 9999):04d}"
    return sample_contract(quote, rates, clauses, now, number=number, signature_png=signature)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=200)
    args = parser.parse_args()
    rng, rates, clauses = random.Random(5), demo_rate_table(), load_clauses()
    identity = issue_store_identity(create_root("分期通测试连锁"), "分期通示例手机店（徐汇店）")
    signature = signature_png(demo_strokes("陈思远"))
    started = time.perf_counter()
    render_contract(sample(rng, rates, clauses, signature))  # first font load, not counted
    first_ms = (time.perf_counter() - started) * 1000
    render_ms, total_ms, sizes = [], [], []
    for _ in range(args.contracts):
        data = sample(rng, rates, clauses, signature)
        t0 = time.perf_counter()
        pdf = render_contract(data)
        t1 = time.perf_counter()
        signed = sign_pdf(pdf, canonical_json=canonical(data), identity=identity)
        t2 = time.perf_counter()
        render_ms.append((t1 - t0) * 1000)
        total_ms.append((t2 - t0) * 1000)
        sizes.append(len(signed))

    def p95(values: list[float]) -> float:
        return round(sorted(values)[int(0.95 * len(values)) - 1], 1)

    print(
        json.dumps(
            {
                "bench": "contract_pdf",
                "contracts": args.contracts,
                "instalments": 24,
                "first_render_ms_with_font_load": round(first_ms, 1),
                "render_ms_p50": round(statistics.median(render_ms), 1),
                "render_ms_p95": p95(render_ms),
                "render_and_sign_ms_p50": round(statistics.median(total_ms), 1),
                "render_and_sign_ms_p95": p95(total_ms),
                "signed_pdf_kb_max": round(max(sizes) / 1024, 1),
                "signed_pdf_kb_p50": round(statistics.median(sizes) / 1024, 1),
                "targets": {"ms_p50": 300, "kb": 400},
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
