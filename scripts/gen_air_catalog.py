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

With --deep it also writes the deep (content) data, from a random stream of
its own per SKU, so the flash files above are byte-identical with or without it:

  DIR/sheet/caracteristicas.csv  CODPROV,DESCRIPCIÓN,CARACTERISTICAS,IMG1..IMG6
                             (--deep-separator, default ','; --deep-encoding
                             utf-8 | latin-1; CRLF). CARACTERISTICAS is
                             `Label: value | Label: value`, some records over
                             quoted line breaks, values holding ':' ',' ';' and
                             '"'; the part number as `Nº Parte`/`N° Parte`/`PN`/
                             `Part Number`; notes without a label; IMG cells that
                             are '' or '-' past the last image
  DIR/api/meta/CODE.json     q=get_meta answers (assumed shape): caracteristicas
                             [{nombre, valor}], imagenes [url..], peso_kg,
                             dimensiones_cm {largo, ancho, alto}, descripcion,
                             marca, categoria, ean. About 1 % are broken on
                             purpose: an HTML notice (invalid JSON) or no file
                             (the server answers Air's 404 error object)
  DIR/expected_deep.json     the truth per form: {"api": {SKU: {...}}, "sheet":
                             {SKU: {...}}}, each {name, mpn, brand, category [..],
                             description, specs [[label, value]..], images [..],
                             image_kinds [ok|broken|html|missing|big..],
                             weight_kg, dimensions_cm [l, w, h] | null, barcode,
                             cost, currency, meta: ok|html|missing (api)}: exactly
                             the ProductContent the air source's deep read must
                             yield (strings; '' / [] / null = not said)
  DIR/images/NAME.png        with --write-images: the image files (small real
                             PNGs, a few hundred bytes to ~20 KB); the image
                             server (tests/servers/image_server.py) makes the
                             same bytes on the fly when the files are absent

Image URLs are `<--image-base>img/<CODE>-<k>.png` (k = 1..6; 0 to 6 per SKU);
about 2 % of SKUs have one deliberately bad image at `img/broken/…` (a cut PNG),
`img/html/…` (an HTML page with 200), `img/missing/…` (404) or `img/big/…`
(larger than 10 MB).

Usage: gen_air_catalog.py --count 10000 --seed 7 --out DIR [--cotiza 1187.50] [--page-overlap 1]
         [--deep] [--image-base http://127.0.0.1:8090/] [--write-images]
         [--deep-separator ,] [--deep-encoding utf-8|latin-1]
"""

import argparse
import csv
import json
import os
import random
import struct
import sys
import zlib
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


# ---------------------------------------------------------------- deep data

SPEC_POOL = {
    "NOTEBOOK": (("Procesador", ("8 núcleos, 4,4 GHz", "Ryzen 5; 6 núcleos", "Core i5 (12ª gen.)")),
                 ("Memoria", ("8 GB DDR4", "16 GB DDR5; ampliable a 32 GB")),
                 ("Pantalla", ('14" FHD IPS', '15,6" 1920x1080, 144 Hz')),
                 ("Relación de aspecto", ("16:9", "16:10"))),
    "MONITOR": (("Panel", ("IPS, 75 Hz", "VA; 165 Hz", "TN")),
                ("Entradas", ("HDMI; VGA", "HDMI x2, DisplayPort")),
                ("Relación de aspecto", ("16:9", "21:9"))),
}
GENERIC_SPECS = (("Color", ("Negro", "Blanco", "Gris espacial")),
                 ("Garantía", ("12 meses", "6 meses: con el fabricante", "24 meses")),
                 ("Conectividad", ("USB-C, Bluetooth 5.0", "Wi-Fi 6; Ethernet", "USB 3.0")),
                 ("Origen", ("China", "Argentina (Tierra del Fuego)")))
NOTES = ("Incluye cable de 1,5 m", "Producto importado", 'Caja con manual y adaptador "universal"')
PN_LABELS = ("Nº Parte", "N° Parte", "PN", "Part Number")
BAD_IMAGE_KINDS = ("broken", "html", "missing", "big")


def png_bytes(name):
    """A small real PNG, the same bytes for the same name (a few hundred bytes to ~20 KB)."""
    rng = random.Random(f"tecsync-img-{name}")
    width, height = rng.choice((8, 16, 32, 48)), rng.choice((8, 16, 32, 48))
    noisy = rng.random() < 0.1  # noise does not compress: the larger files (up to ~7 KB)
    base = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            if noisy:
                rows += bytes((rng.randrange(256), rng.randrange(256), rng.randrange(256)))
            else:
                rows += bytes(((base[0] + x) % 256, (base[1] + y) % 256, base[2]))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def deep_item(it, seed, image_base):
    """The content of one item, from a random stream of its own (the flash data is untouched)."""
    rng = random.Random(f"tecsync-air-deep-{seed}-{it['code']}")
    pool = list(SPEC_POOL.get(it["noun"], ())) + list(GENERIC_SPECS)
    picked = rng.sample(pool, rng.randrange(2, min(6, len(pool)) + 1))
    specs = [(label, rng.choice(values)) for label, values in picked]
    notes = [rng.choice(NOTES)] if rng.random() < 0.3 else []
    pn_in_text = rng.random() < 0.85
    pn_label = rng.choice(PN_LABELS)
    n_images = rng.choice((0, 0, 1, 2, 3, 3, 4, 5, 6, 6))
    kinds = ["ok"] * n_images
    if n_images and rng.random() < 0.02:
        kinds[rng.randrange(n_images)] = rng.choice(BAD_IMAGE_KINDS)
    images = [f"{image_base}img/{'' if kind == 'ok' else kind + '/'}{it['code']}-{k + 1}.png"
              for k, kind in enumerate(kinds)]
    dims = [to_cents(Decimal(rng.randrange(100, 9000)) / 100) for _ in range(3)]
    meta_state = "ok"
    roll = rng.random()
    if roll < 0.005:
        meta_state = "html"
    elif roll < 0.01:
        meta_state = "missing"
    return {"specs": specs, "notes": notes, "pn_in_text": pn_in_text, "pn_label": pn_label,
            "images": images, "kinds": kinds, "dims": dims, "meta": meta_state,
            "ean": "779" + str(rng.randrange(10**9, 10**10)),
            "weight_as_string": rng.random() < 0.2, "multiline": rng.random() < 0.25,
            "pn_in_meta_specs": rng.random() < 0.5}


def characteristics_text(it, d):
    items = [f"{label}: {value}" for label, value in d["specs"]]
    if d["pn_in_text"]:
        items.insert(len(items) // 2, f"{d['pn_label']}: {it['mpn']}")
    items += d["notes"]
    if not d["multiline"]:
        return " | ".join(items)
    # Some lines joined by '|', others by a line break inside the quoted field.
    out = items[0]
    for k, item in enumerate(items[1:]):
        out += ("\n" if k % 2 == 0 else " | ") + item
    return out


def write_deep(cat, out, seed, image_base, separator, encoding, write_images):
    deep = {it["code"]: deep_item(it, seed, image_base) for it in cat.items}
    sheet_dir = os.path.join(out, "sheet")
    os.makedirs(sheet_dir, exist_ok=True)
    enc = "cp1252" if encoding == "latin-1" else "utf-8"
    with open(os.path.join(sheet_dir, "caracteristicas.csv"), "w", encoding=enc, newline="") as f:
        w = csv.writer(f, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(("CODPROV", "DESCRIPCIÓN", "CARACTERISTICAS", *(f"IMG{k}" for k in range(1, 7))))
        for it in cat.items:
            d = deep[it["code"]]
            cells = d["images"] + ["-" if k % 2 else "" for k in range(6 - len(d["images"]))]
            w.writerow((it["code"], it["name"], characteristics_text(it, d), *cells))

    meta_dir = os.path.join(out, "api", "meta")
    os.makedirs(meta_dir, exist_ok=True)
    for stale in os.listdir(meta_dir):
        os.remove(os.path.join(meta_dir, stale))
    for it in cat.items:
        d = deep[it["code"]]
        if d["meta"] == "missing":
            continue
        path = os.path.join(meta_dir, f"{it['code']}.json")
        if d["meta"] == "html":
            with open(path, "w", encoding="utf-8") as f:
                f.write('<br />\n<b>Notice</b>:  Undefined index: peso in <b>meta.php</b> on line <b>54</b><br />\n{"caracteristicas": [')
            continue
        specs = [{"nombre": label, "valor": value} for label, value in d["specs"]]
        if d["pn_in_meta_specs"]:
            specs.insert(0, {"nombre": d["pn_label"], "valor": it["mpn"]})
        meta = {"codiart": it["code"], "caracteristicas": specs, "imagenes": d["images"],
                "peso_kg": str(it["weight"]) if d["weight_as_string"] else json.loads(str(it["weight"])),
                "dimensiones_cm": {"largo": json.loads(str(d["dims"][0])), "ancho": json.loads(str(d["dims"][1])),
                                   "alto": json.loads(str(d["dims"][2]))},
                "descripcion": "\n".join(d["notes"]), "marca": it["brand"], "categoria": it["noun"],
                "ean": d["ean"]}
        with open(path, "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)

    truth = {"api": {}, "sheet": {}}
    for it in cat.items:
        d = deep[it["code"]]
        common = {"name": it["name"], "specs": [list(s) for s in d["specs"]],
                  "description": "\n".join(d["notes"]), "images": d["images"], "image_kinds": d["kinds"]}
        truth["sheet"][it["code"]] = {**common, "mpn": it["mpn"] if d["pn_in_text"] else "", "brand": "",
                                      "category": [], "weight_kg": None, "dimensions_cm": None, "barcode": "",
                                      "cost": None, "currency": ""}
        api = {**common, "mpn": it["mpn"], "cost": str(it["cost"]), "currency": it["currency"],
               "meta": d["meta"]}
        if d["meta"] == "ok":
            api.update({"brand": it["brand"], "category": [it["noun"]], "weight_kg": str(it["weight"]),
                        "dimensions_cm": [str(x) for x in d["dims"]], "barcode": d["ean"]})
        else:  # only what the list gives: name, part number, rubro code, cost
            api.update({"brand": "", "category": [it["rubro"]], "weight_kg": None, "dimensions_cm": None,
                        "barcode": "", "specs": [], "description": "", "images": [], "image_kinds": []})
        truth["api"][it["code"]] = api
    with open(os.path.join(out, "expected_deep.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=0)

    if write_images:
        img_dir = os.path.join(out, "images")
        os.makedirs(img_dir, exist_ok=True)
        for it in cat.items:
            for k, kind in enumerate(deep[it["code"]]["kinds"]):
                if kind == "ok":
                    name = f"{it['code']}-{k + 1}"
                    with open(os.path.join(img_dir, name + ".png"), "wb") as f:
                        f.write(png_bytes(name))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--cotiza", default="1187.50", help="ARS per USD in the login answer")
    parser.add_argument("--page-overlap", type=int, default=1,
                        help="items of the previous API page repeated at the start of the next")
    parser.add_argument("--deep", action="store_true", help="also write the deep (content) data")
    parser.add_argument("--image-base", default="http://127.0.0.1:8090/",
                        help="image server base URL (ends with '/') for the deep data's image URLs")
    parser.add_argument("--write-images", action="store_true", help="with --deep: write DIR/images/*.png")
    parser.add_argument("--deep-separator", default=",", choices=(",", ";"))
    parser.add_argument("--deep-encoding", default="utf-8", choices=("utf-8", "latin-1"))
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    cat = Catalog(args.count, args.seed, args.cotiza)
    write_expected(cat, args.out)
    write_api(cat, args.out, args.page_overlap)
    write_sheet(cat, args.out)
    if args.deep:
        base = args.image_base if args.image_base.endswith("/") else args.image_base + "/"
        write_deep(cat, args.out, args.seed, base, args.deep_separator, args.deep_encoding, args.write_images)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
