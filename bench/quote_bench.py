"""Price every plan of the demo rate table for random carts; print JSON timings.

    python bench/quote_bench.py [--carts 10000] [--seed 7]

Target (issue 2): every plan of one cart in < 5 ms (the p95 per cart is the figure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

from app.demo.assets import demo_rate_table
from app.domain.quote import Cart, quote_plans

TARGET_MS = 5.0


def random_carts(count: int, seed: int) -> list[Cart]:
    """Demo-catalog phones with random trade-in, down payment and start date."""
    catalog = tomllib.loads(
        resources.files("assets").joinpath("catalog/demo.toml").read_text(encoding="utf-8")
    )
    rng = random.Random(seed)
    carts = []
    for _ in range(count):
        product = rng.choice(catalog["products"])
        price = Decimal(product["price"])
        trade_in = (price * Decimal(rng.randint(0, 20)) / 100).quantize(Decimal(1))
        down = (price * Decimal(rng.randint(0, 30)) / 100).quantize(Decimal(1))
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 364))
        carts.append(Cart(price, trade_in, down, start, product["model"]))
    return carts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--carts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    table = demo_rate_table()
    carts = random_carts(args.carts, args.seed)
    quote_plans(carts[0], table)  # warm up
    per_cart_ms, plans = [], 0
    started = time.perf_counter()
    for cart in carts:
        t0 = time.perf_counter()
        plans += len(quote_plans(cart, table))
        per_cart_ms.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    per_cart_ms.sort()
    p95 = per_cart_ms[int(0.95 * len(per_cart_ms)) - 1]
    print(
        json.dumps(
            {
                "bench": "quote_all_plans",
                "rate_table_version": table.version,
                "carts": len(carts),
                "quotes": plans,
                "plans_per_cart_mean": round(plans / len(carts), 2),
                "seconds": round(elapsed, 3),
                "carts_per_second": round(len(carts) / elapsed, 1),
                "quotes_per_second": round(plans / elapsed, 1),
                "ms_per_cart_p50": round(statistics.median(per_cart_ms), 3),
                "ms_per_cart_p95": round(p95, 3),
                "ms_per_cart_max": round(per_cart_ms[-1], 3),
                "target_ms_per_cart": TARGET_MS,
                "meets_target": p95 < TARGET_MS,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
