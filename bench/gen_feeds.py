#!/usr/bin/env python3
"""Feeds for the flash benchmark (stdlib only; reuses scripts/gen_air_catalog.py).

  gen_feeds.py --count N --out DIR [--seed 7] [--cotiza 1187.50] [--change 0.05]

Writes, deterministically for the same arguments:
  DIR/expected.csv          catalog A in gen_air_catalog's layout (seeds the Odoo DB)
  DIR/a/api/{login,syp-NNNN}.json
                            feed A as Air's API pages (500 items, no overlap)
  DIR/b/api/...             feed B = A with --change of the SKUs' costs changed and
                            another --change of the SKUs' quantities (both mapped
                            warehouses, cba and lug) changed: the steady scenario
  DIR/a/sheet/catalog.csv   feed A as the reseller sheet (for bench_parse)
  DIR/norm-a.csv, norm-b.csv
                            the normalized rows the sink must land, one per SKU:
                            sku,list_price,cba,bue with list_price =
                            round_half_up(cost x 1.30 x fx, 0.01), fx = cotiza for
                            USD and 1 for ARS, i.e. what the pricing transform
                            computes with margin_percent = 30, rate = air. These
                            feed the COPY floor, the expert SQL and the row-by-row
                            baselines, so all contenders move the same rows.

Only syp pages are written (the flash sync never asks for articulos), which
keeps 1,000,000 SKUs to about a minute and a half.
"""

import argparse
import copy
import csv
import json
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import gen_air_catalog as gen  # noqa: E402

MARGIN = Decimal("1.30")
PAGE_SIZE = gen.PAGE_SIZE


def list_price(item, cotiza):
    fx = cotiza if item["currency"] == "USD" else Decimal(1)
    return (item["cost"] * MARGIN * fx).quantize(gen.CENT, rounding=ROUND_HALF_UP)


def mutate(items, share, seed):
    """Feed B: `share` of the SKUs get a new cost, another `share` new quantities."""
    rng = random.Random(f"tecsync-bench-{seed}")
    out = list(items)
    n = max(1, int(len(items) * share))
    for i in rng.sample(range(len(items)), n):
        it = dict(out[i])
        it["cost"] = gen.to_cents(it["cost"] * Decimal("1.07") + Decimal("0.01"))
        out[i] = it
    for i in rng.sample(range(len(items)), n):
        it = dict(out[i])
        it["stock"] = copy.deepcopy(it["stock"])
        for wh in ("cba", "lug"):
            st = it["stock"][wh]
            st["disponible"] += rng.randrange(1, 6)
            st["fisico"] = max(st["fisico"], st["disponible"])
        out[i] = it
    return out


def write_api(items, cotiza, folder):
    api = os.path.join(folder, "api")
    os.makedirs(api, exist_ok=True)
    with open(os.path.join(api, "login.json"), "w", encoding="utf-8") as f:
        json.dump({"token": "tecsync-bench-token", "cotiza": f"{cotiza:.2f}"}, f)
    for number, start in enumerate(range(0, len(items), PAGE_SIZE)):
        page = [gen.api_item(it, False) for it in items[start:start + PAGE_SIZE]]
        with open(os.path.join(api, f"syp-{number:04d}.json"), "w", encoding="utf-8") as f:
            json.dump(page, f, ensure_ascii=False)


def write_norm(items, cotiza, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for it in items:
            w.writerow((it["code"], str(list_price(it, cotiza)), it["stock"]["cba"]["disponible"],
                        it["stock"]["lug"]["disponible"]))


class Holder:
    """What gen_air_catalog's writers expect of a catalog: .items and .cotiza."""

    def __init__(self, items, cotiza):
        self.items = items
        self.cotiza = cotiza


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cotiza", default="1187.50")
    p.add_argument("--change", type=float, default=0.05)
    a = p.parse_args(argv)
    cat = gen.Catalog(a.count, a.seed, a.cotiza)
    os.makedirs(a.out, exist_ok=True)
    gen.write_expected(cat, a.out)
    b_items = mutate(cat.items, a.change, a.seed)
    write_api(cat.items, cat.cotiza, os.path.join(a.out, "a"))
    write_api(b_items, cat.cotiza, os.path.join(a.out, "b"))
    gen.write_sheet(cat, os.path.join(a.out, "a"))
    write_norm(cat.items, cat.cotiza, os.path.join(a.out, "norm-a.csv"))
    write_norm(b_items, cat.cotiza, os.path.join(a.out, "norm-b.csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
