#!/usr/bin/env python3
"""tecsync's own generator of an invented Air Computers catalog (stdlib only).

Deterministic for a given --count, --seed and --cotiza. It writes the feed shapes
that the Air source plugin reads, plus the normalized truth the tests check
against:

  DIR/expected.csv           one row per SKU:
                             sku,name,mpn,brand,grupo,rubro,cost,currency,iva,
                             ros,mza,cba,lug,air,images,weight_kg
                             (cost: decimal string in `currency`; stock columns are
                             Air's `disponible`; images joined with '|')
  DIR/api/login.json         {"token": ..., "cotiza": "<ARS per USD>"}
  DIR/api/syp-NNNN.json      q=syp pages (price + stock), page 0 first
  DIR/api/articulos-NNNN.json q=articulos pages (full items), same items as syp
  DIR/sheet/catalog.csv      reseller sheet: ';', UTF-8 with BOM, CRLF, decimal
                             commas, USD rows only

Feed traits on purpose, because real feeds have them:
  * codes are strings: numeric with leading zeros, or letters + digits;
  * about 3 % of items are priced in ARS (moneda PES); they are in the API
    pages only, never in the sheet (the sheet is a USD list);
  * `precio` is usually a string, sometimes a JSON number;
  * every page after the first repeats the last --page-overlap items (default
    1) of the page before it (Air's pages overlap; the client de-duplicates by code);
  * the sheet's COSTO+ is the cost; COSTO is a different, lower figure;
  * the sheet's Buenos Aires stock is `BS AS`, or `LUG` when `BS AS` is 0;
  * names carry accents, inch marks (") and the odd ';'.

Usage: gen_air_catalog.py --count 10000 --seed 7 --out DIR [--cotiza 1187.50] [--page-overlap 1]
"""

import argparse
import csv
import json
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

PAGE_SIZE = 500
CENT = Decimal("0.01")
WAREHOUSES = ("ros", "mza", "cba", "lug", "air")
SHEET_DATE = "03/11/2026 09:45"  # dd/mm/yyyy HH:MM, Argentina time

# Invented families: (rubro code, noun, low USD, high USD, VAT %).
FAMILIES = (
    ("010-0001", "NOTEBOOK", 350, 2600, "10.5"),
    ("010-0002", "MONITOR", 85, 950, "10.5"),
    ("020-0010", "MEMORIA DDR4", 14, 240, "10.5"),
    ("020-0020", "SSD NVME", 20, 480, "10.5"),
    ("030-0100", "MOUSE", 2, 110, "21"),
    ("030-0110", "TECLADO", 6, 190, "21"),
    ("040-0005", "IMPRESORA", 60, 1400, "21"),
    ("050-0900", "CABLE HDMI", 1, 30, "21"),
    ("060-0400", "PLACA DE VIDEO", 150, 2900, "10.5"),
    ("070-0030", "ESTABILIZADOR", 25, 400, "21"),
    ("080-0011", "ROUTER WIFI", 15, 350, "21"),
)
# Invented brand table: (grupo id, brand name).
BRANDS = (
    (11, "NORTEC"), (12, "PAMPA DIGITAL"), (14, "ANDES"), (17, "QUILMES LABS"),
    (21, "TANGO"), (23, "CÓNDOR"), (31, "PATAGONIA IT"), (38, "RÍO"),
    (40, "ÑANDÚ"), (52, "LITORAL"),
)


def to_cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ar_number(value):
    """Decimal('12345.5') -> '12.345,50' (Argentine thousands dots, decimal comma)."""
    whole, frac = f"{to_cents(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + frac


class Catalog:
    """The invented items, built once from one random stream."""

    def __init__(self, count, seed, cotiza):
        self.cotiza = Decimal(cotiza)
        self.rng = random.Random(f"tecsync-air-{seed}")
        self.items = []
        used = set()
        for n in range(count):
            self.items.append(self._item(n, used))

    def _code(self, brand, used):
        while True:
            if self.rng.random() < 0.65:
                code = str(self.rng.randrange(1, 1_000_000)).zfill(7)  # leading zeros kept
            else:
                prefix = "".join(ch for ch in brand.upper() if "A" <= ch <= "Z")[:2] or "XX"
                code = f"{prefix}{self.rng.randrange(1000, 999999)}"
            if code not in used:
                used.add(code)
                return code

    def _item(self, n, used):
        rng = self.rng
        rubro, noun, low, high, iva = rng.choice(FAMILIES)
        grupo, brand = rng.choice(BRANDS)
        code = self._code(brand, used)
        model = f"{rng.choice('BCDFGHJKLMNPQRTVWZ')}{rng.randrange(100, 99999)}"
        name = f"{noun} {brand} {model}"
        if noun in ("MONITOR", "NOTEBOOK"):
            name += f' {rng.choice(("13.3", "14", "15.6", "22", "23.8", "27", "32"))}"'
        if n % 97 == 5:
            name += "; edición limitada"
        mpn = f"{model}{rng.choice(('', '-AR', '-LA', '/B'))}"
        usd = to_cents(Decimal(rng.randrange(low * 100, high * 100 + 1)) / 100 + Decimal("0.01"))
        currency = "ARS" if rng.random() < 0.03 else "USD"
        cost = to_cents(usd * self.cotiza) if currency == "ARS" else usd
        stock = {}
        for wh in WAREHOUSES:
            stocked = rng.random() < 0.7
            fisico = rng.choice((1, 2, 3, 4, 6, 10, 25, 120)) if stocked else 0
            stock[wh] = {"fisico": fisico,
                         "disponible": max(0, fisico - rng.choice((0, 0, 0, 1, 2))),
                         "entrante": rng.choice((0, 0, 0, 4, 20))}
        images = [f"http://127.0.0.1:8089/img/{code}-{k}.jpg" for k in range(rng.randrange(0, 5))]
        weight = to_cents(Decimal(rng.randrange(5, 2000)) / 100)
        return {"code": code, "name": name, "mpn": mpn, "brand": brand, "grupo": grupo,
                "rubro": rubro, "noun": noun, "cost": cost, "currency": currency, "iva": iva,
                "stock": stock, "images": images, "weight": weight,
                "price_as_number": rng.random() < 0.1}


def write_expected(cat, out):
    with open(os.path.join(out, "expected.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("sku", "name", "mpn", "brand", "grupo", "rubro", "cost", "currency", "iva",
                    "ros", "mza", "cba", "lug", "air", "images", "weight_kg"))
        for it in cat.items:
            w.writerow((it["code"], it["name"], it["mpn"], it["brand"], it["grupo"], it["rubro"],
                        str(it["cost"]), it["currency"], it["iva"],
                        *(it["stock"][wh]["disponible"] for wh in WAREHOUSES),
                        "|".join(it["images"]), str(it["weight"])))


def api_item(it, full):
    price = str(it["cost"])
    record = {"codigo": it["code"]}
    if full:
        record.update({"codiart": it["code"], "descrip": it["name"], "part_number": it["mpn"]})
    # Air sends the price as a string, now and then as a bare number.
    record["precio"] = json.loads(price) if it["price_as_number"] else price
    record["moneda"] = "PES" if it["currency"] == "ARS" else "DOL"
    if full:
        record.update({"impuesto_iva": {"alicuota": json.loads(it["iva"])},
                       "rubro": it["rubro"], "grupo": str(it["grupo"])})
    for wh in WAREHOUSES:
        record[wh] = {"name": wh.upper(), **it["stock"][wh]}
    return record


def write_api(cat, out, overlap):
    api = os.path.join(out, "api")
    os.makedirs(api, exist_ok=True)
    for stale in os.listdir(api):  # a smaller catalog must not inherit old pages
        if stale.endswith(".json") and stale.startswith(("syp-", "articulos-")):
            os.remove(os.path.join(api, stale))
    with open(os.path.join(api, "login.json"), "w", encoding="utf-8") as f:
        json.dump({"token": "tecsync-demo-token", "cotiza": f"{cat.cotiza:.2f}"}, f)
    pages = [cat.items[i:i + PAGE_SIZE] for i in range(0, len(cat.items), PAGE_SIZE)]
    for number, page in enumerate(pages):
        if number > 0 and overlap > 0:
            # Overlap: the previous page's last items show up again here.
            page = pages[number - 1][-overlap:] + page
        for kind, full in (("syp", False), ("articulos", True)):
            path = os.path.join(api, f"{kind}-{number:04d}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump([api_item(it, full) for it in page], f, ensure_ascii=False)


def write_sheet(cat, out):
    sheet = os.path.join(out, "sheet")
    os.makedirs(sheet, exist_ok=True)
    with open(os.path.join(sheet, "catalog.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(("CODPROV", "DESCRIPCIÓN", "Part Number", "MARCA", "RUBRO", "COSTO", "COSTO+",
                    "IVA", "CBA", "BS AS", "LUG", "FECHA"))
        for n, it in enumerate(cat.items):
            if it["currency"] != "USD":
                continue
            lug = it["stock"]["lug"]["disponible"]
            # Half the rows carry Buenos Aires stock in BS AS (LUG then holds a
            # decoy), the others leave BS AS at 0 so LUG is the one that counts.
            bs_as, lug_cell = (lug, lug + 7) if (n % 2 == 0 and lug > 0) else (0, lug)
            w.writerow((it["code"], it["name"], it["mpn"], it["brand"], it["noun"],
                        ar_number(it["cost"] * Decimal("0.95")), ar_number(it["cost"]),
                        it["iva"].replace(".", ","), it["stock"]["cba"]["disponible"],
                        bs_as, lug_cell, SHEET_DATE))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--cotiza", default="1187.50", help="ARS per USD in the login answer")
    parser.add_argument("--page-overlap", type=int, default=1,
                        help="items of the previous API page repeated at the start of the next")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    cat = Catalog(args.count, args.seed, args.cotiza)
    write_expected(cat, args.out)
    write_api(cat, args.out, args.page_overlap)
    write_sheet(cat, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
