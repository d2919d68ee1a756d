#!/usr/bin/env bash
# THE demo: a generated 10,000-SKU Air Computers catalog, served over loopback
# HTTP by the project's fake Air API, lands in an Odoo 17-shaped PostgreSQL
# database through `tecsync run` and the three plugins named in
# configs/examples/air_flash.conf; a second run changes nothing; then the same catalog
# as the reseller sheet (configs/examples/air_flash_sheet.conf) gives the same Odoo state.
# Then the deep sync of the same catalog (configs/examples/air_deep.conf): content, specs,
# brand, category, images and new products through Odoo's JSON-RPC API, played
# here by the project's test server (tests/servers/odoo_rpc_server.py) since a
# real Odoo cannot run on this machine; a second deep run writes nothing.
#   TECSYNC_DEMO_SKUS   catalog size (default 10000)
#   TECSYNC_DEMO_DIR    where the catalog and logs go (default <repo>/.cache/demo)
#   TECSYNC_BUILD_DIR   build folder (default <repo>/build)
#   TECSYNC_PG_PORT     PostgreSQL port (default 55432); pg.sh refuses a server
#                       it did not start there: pick a free port instead
#   DEMO_DEEP_SKUS      SKUs of the deep part: the first N of the same catalog
#                       (default 2000; =10000 for the whole one, >10 min here)
#   DEMO_ODOO_PROFILE   17 (default) or 18: the Odoo version the test server plays
# The first run takes a few minutes more than the compile; later runs about
# 4 minutes on a loaded 2-core machine, 2 of them the deep part.
# PostgreSQL is left running so you can look around afterwards
# (`psql -h 127.0.0.1 -p 55432 -U odoo odoo_demo`); `scripts/pg.sh stop` stops it.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TECSYNC_BUILD_DIR="${TECSYNC_BUILD_DIR:-$REPO/build}"
export TECSYNC_PG_PORT="${TECSYNC_PG_PORT:-55432}"
SKUS="${TECSYNC_DEMO_SKUS:-10000}"
# The deep part on the first 2,000 SKUs by default: the whole 10,000 means about
# 30,000 image downloads and as many base64 image writes into the Python test
# server, over 10 minutes on the 2-core demo machine (README, "Deep sync").
DEEP_SKUS="${DEMO_DEEP_SKUS:-2000}"
((DEEP_SKUS <= SKUS)) || DEEP_SKUS="$SKUS"
ODOO_PROFILE="${DEMO_ODOO_PROFILE:-17}"
[[ "$ODOO_PROFILE" == 17 || "$ODOO_PROFILE" == 18 ]] || { echo "demo: DEMO_ODOO_PROFILE is 17 or 18" >&2; exit 2; }
WORK="${TECSYNC_DEMO_DIR:-$REPO/.cache/demo}"
CATALOG="$WORK/catalog"
FIXTURES="$REPO/tests/fixtures/odoo"
TECSYNC="$TECSYNC_BUILD_DIR/bin/tecsync"
DB=odoo_demo
COTIZA=1187.50

# The secrets the configs read through ${…}; demo values unless you set them.
export AIR_PASSWORD="${AIR_PASSWORD:-demo-air-password}"
export ODOO_DB_PASSWORD="${ODOO_DB_PASSWORD:-demo-odoo-password}"
export ODOO_API_KEY="${ODOO_API_KEY:-0f3c9a7e5b1d2c4a6e8f0b1d3c5a7e9f1b2d4c6a}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
admin_psql() {
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v pw="$ODOO_DB_PASSWORD" -h 127.0.0.1 -p "$TECSYNC_PG_PORT" -U postgres -d postgres
}
odoo_psql() {
  PGPASSWORD="$ODOO_DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TECSYNC_PG_PORT" -U odoo -d "$DB" "$@"
}

servers=()  # pids of the loopback servers this script started
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local pid
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

start_server() {  # <name> <command…>: runs it, waits for its `PORT n` line, sets PORT
  local name="$1"
  shift
  rm -f "$WORK/$name.out"  # a previous demo's file would give its old port
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  servers+=("$!")
  PORT=""
  for _ in $(seq 1 100); do
    PORT="$(awk '/^PORT /{print $2; exit}' "$WORK/$name.out" 2>/dev/null || true)"
    [[ -n "$PORT" ]] && return 0
    sleep 0.1
  done
  echo "demo: the $name test server did not start:" >&2
  cat "$WORK/$name.err" >&2
  exit 1
}

started=$SECONDS
step "Set up and build"
"$REPO/scripts/setup.sh"
"$REPO/scripts/pg.sh" start

# Copies of the example configs (configs/examples/), so that a run never reads a
# file someone is editing.
CONFIGS="$WORK/config"
rm -rf "$CONFIGS"
mkdir -p "$CONFIGS"
cp "$REPO/configs/examples/air_flash.conf" "$REPO/configs/examples/air_flash_sheet.conf" "$REPO/configs/examples/air_deep.conf" "$CONFIGS/"

step "Generate a $SKUS-SKU Air catalog (scripts/gen_air_catalog.py)"
rm -rf "$CATALOG"
# No page overlap here: the tests cover Air's repeated items (a warning); the
# demo shows a clean feed.
python3 "$REPO/scripts/gen_air_catalog.py" --count "$SKUS" --seed 7 --cotiza "$COTIZA" --page-overlap 0 \
  --out "$CATALOG"
echo "catalog: $CATALOG (api/ pages of 500, sheet/catalog.csv, expected.csv)"

# A fresh Odoo database owned by an `odoo` role, as on a real server: schema,
# the x_tecsync_pulse field, and the store's setup (supplier, locations, ARS,
# one product per catalog SKU at list_price 0, no stock).
fresh_odoo_db() {
  admin_psql <<SQL
SELECT format('CREATE ROLE odoo LOGIN PASSWORD %L', :'pw') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'odoo') \gexec
ALTER ROLE odoo PASSWORD :'pw';
DROP DATABASE IF EXISTS $DB WITH (FORCE);
CREATE DATABASE $DB OWNER odoo TEMPLATE template0 ENCODING 'UTF8';
SQL
  odoo_psql -v catalog="$CATALOG/expected.csv" -v currency=ARS -v usd_rate="$COTIZA" \
    -f "$FIXTURES/odoo17.sql" -f "$FIXTURES/pulse_field.sql" -f "$FIXTURES/seed_air.sql" >/dev/null
  echo "database $DB: $(odoo_psql -Atc 'SELECT count(*) FROM product_product') products, no stock yet"
}

step "Create the Odoo 17 database '$DB'"
fresh_odoo_db

step "Start the fake Air API on loopback (tests/servers/air_api_server.py)"
start_server air python3 "$REPO/tests/servers/air_api_server.py" --root "$CATALOG" --port 0 --user reseller \
  --password "$AIR_PASSWORD" --log "$WORK/air-requests.log"
export AIR_PORT="$PORT"
echo "Air API at http://127.0.0.1:$AIR_PORT/v2/"

# Runs the pipeline twice: the first prints tecsync's summary, the second (in
# JSON) must write 0 rows.
run_twice() {
  local config="$1"
  echo "\$ tecsync run --config ${config#"$REPO"/} --pipeline air_flash"
  "$TECSYNC" run --config "$config" --pipeline air_flash
  echo
  echo "\$ tecsync run --config ${config#"$REPO"/} --pipeline air_flash --json   # again, same feed"
  local json
  json="$("$TECSYNC" run --config "$config" --pipeline air_flash --json)"
  echo "$json"
  local written
  written="$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["rows_written"])' <<<"$json")"
  if [[ "$written" != "0" ]]; then
    echo "demo: the second run wrote $written rows; it should write 0" >&2
    exit 1
  fi
  echo "second run: 0 rows written"
}

# Odoo's state as `sku|list_price|Córdoba|Buenos Aires|pulse head`, one line per SKU.
odoo_state() {
  odoo_psql -At <<'SQL'
SELECT pp.default_code, pt.list_price,
       COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Córdoba'), 0),
       COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Buenos Aires'), 0),
       split_part(pt.x_tecsync_pulse, ' · ', 1)
  FROM product_product pp
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
  LEFT JOIN stock_quant q ON q.product_id = pp.id
  LEFT JOIN stock_location l ON l.id = q.location_id
 GROUP BY pp.default_code, pt.list_price, pt.x_tecsync_pulse
 ORDER BY 1
SQL
}

# Checks every SKU against the rule, in PostgreSQL numeric:
# list_price = round(cost × 1.30 × fx, 2), fx = cotiza for USD, 1 for ARS.
check_rule() {
  local only_usd="$1"
  odoo_psql -v catalog="$CATALOG/expected.csv" -v fx="$COTIZA" -v only_usd="$only_usd" <<'SQL'
CREATE TEMP TABLE expected (sku text, name text, mpn text, brand text, grupo text, rubro text,
  cost numeric, currency text, iva text, ros int, mza int, cba int, lug int, air int, images text, weight_kg text);
\set copy_expected '\\copy expected FROM ' :'catalog' ' WITH (FORMAT csv, HEADER true)'
:copy_expected
WITH state AS (
  SELECT pp.default_code AS sku, pt.list_price,
         COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Córdoba'), 0) AS cba,
         COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Buenos Aires'), 0) AS bue
    FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
    LEFT JOIN stock_quant q ON q.product_id = pp.id LEFT JOIN stock_location l ON l.id = q.location_id
   GROUP BY 1, 2)
SELECT count(*) AS "SKUs checked",
       count(*) FILTER (WHERE s.list_price = round(e.cost * 1.30 * CASE e.currency WHEN 'USD' THEN :fx ELSE 1 END, 2))
         AS "price = rule",
       count(*) FILTER (WHERE s.cba = e.cba AND s.bue = e.lug) AS "stock = feed"
  FROM expected e JOIN state s USING (sku)
 WHERE NOT :only_usd OR e.currency = 'USD';
SQL
}

show_sample() {
  odoo_psql <<'SQL'
SELECT pp.default_code AS sku, pt.list_price AS "list_price (ARS)",
       COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Córdoba'), 0) AS "WH/Air Córdoba",
       COALESCE(sum(q.quantity) FILTER (WHERE l.complete_name = 'WH/Air Buenos Aires'), 0) AS "WH/Air Buenos Aires",
       pt.x_tecsync_pulse AS pulse
  FROM product_product pp
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
  LEFT JOIN stock_quant q ON q.product_id = pp.id
  LEFT JOIN stock_location l ON l.id = q.location_id
 GROUP BY pp.default_code, pt.list_price, pt.x_tecsync_pulse
 ORDER BY pp.default_code
 LIMIT 8;
SQL
}

step "Flash sync from the API (configs/examples/air_flash.conf)"
run_twice "$CONFIGS/air_flash.conf"

step "What Odoo holds now (a few products)"
show_sample
echo "tecsync's own history (schema tecsync, one row per cycle):"
odoo_psql -c "SELECT id, status, pulse, counts->>'prices_changed' AS prices, counts->>'quants_created' AS quants_new,
  counts->>'quants_changed' AS quants_chg, round(extract(epoch FROM ended_at - started_at)::numeric, 3) AS seconds
  FROM tecsync.cycle ORDER BY id"
echo "Every SKU against the rule (list_price = round(cost × 1.30 × fx, 0.01); on hand = cba / lug):"
check_rule false
odoo_state >"$WORK/state-api.txt"

step "The same catalog as the reseller sheet (configs/examples/air_flash_sheet.conf), into a fresh '$DB'"
fresh_odoo_db
run_twice "$CONFIGS/air_flash_sheet.conf"
odoo_state >"$WORK/state-sheet.txt"
echo "Every USD SKU (the sheet lists USD items only) against the rule:"
check_rule true

python3 - "$CATALOG/expected.csv" >"$WORK/usd-skus.txt" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        if row["currency"] == "USD":
            print(row["sku"])
PY
keep_usd() { awk -F'|' 'NR == FNR { usd[$1]; next } ($1 in usd)' "$WORK/usd-skus.txt" "$1"; }
if diff <(keep_usd "$WORK/state-api.txt") <(keep_usd "$WORK/state-sheet.txt") >"$WORK/state.diff"; then
  echo "API and sheet agree on all $(wc -l <"$WORK/usd-skus.txt") USD SKUs (price, stock per location, pulse)."
  absent="$(odoo_psql -Atc "SELECT count(*) FROM product_template WHERE x_tecsync_pulse LIKE '⚠️ Absent From Feed%'")"
  echo "The sheet lists USD items only: the $absent ARS-priced products (only in the API form) were absent"
  echo "from it, so their stock was set to 0 and they pulse '⚠️ Absent From Feed' (the absent-SKU rule;"
  echo "hence OK_WITH_WARNINGS above). Their prices were left alone."
else
  echo "demo: API and sheet disagree; first differences ($WORK/state.diff):" >&2
  head -20 "$WORK/state.diff" >&2
  exit 1
fi

# ---------------------------------------------------------------- deep sync
# The same generated catalog, now its content (names, specs, brand, category,
# weight, images; products Odoo lacks are created) through Odoo's JSON-RPC API
# with configs/examples/air_deep.conf. A real Odoo cannot run here, so Odoo is played by
# the project's JSON-RPC TEST server, tests/servers/odoo_rpc_server.py: it speaks
# Odoo's documented protocol, checks every call against an Odoo 17 (default) or
# 18 profile and keeps the records in memory for the checks below.
step "Deep sync of the same catalog through Odoo's JSON-RPC API (configs/examples/air_deep.conf)"
cat <<TXT
Odoo here is NOT a real Odoo: it is tecsync's JSON-RPC test server
(tests/servers/odoo_rpc_server.py, Odoo $ODOO_PROFILE profile, website_sale on), because a real
Odoo cannot run on this machine. It answers /jsonrpc like Odoo, refuses what Odoo 17/18
would refuse, and keeps its records in memory. For a real Odoo, set ODOO_URL, ODOO_DB,
ODOO_API_KEY (and 'user') for configs/examples/air_deep.conf and run the same two commands.
TXT
if [[ "$DEEP_SKUS" == "$SKUS" ]]; then
  DEEP_CATALOG="$CATALOG"
else
  DEEP_CATALOG="$WORK/catalog-deep"
  echo "Deep run on the first $DEEP_SKUS of the $SKUS SKUs (same generator and seed; DEMO_DEEP_SKUS=$SKUS for"
  echo "all of them: about 3 images per SKU, each downloaded and written as base64 through the Python test server)."
fi

start_server images python3 "$REPO/tests/servers/image_server.py" --root "$DEEP_CATALOG" --port 0
IMAGES_URL="http://127.0.0.1:$PORT"
# --deep adds the content files; the flash files stay byte-identical.
flash_sum="$(sha256sum "$CATALOG/expected.csv" | cut -d' ' -f1)"
python3 "$REPO/scripts/gen_air_catalog.py" --count "$DEEP_SKUS" --seed 7 --cotiza "$COTIZA" --page-overlap 0 \
  --deep --image-base "$IMAGES_URL/" --out "$DEEP_CATALOG"
[[ "$(sha256sum "$CATALOG/expected.csv" | cut -d' ' -f1)" == "$flash_sum" ]] ||
  { echo "demo: --deep changed the flash catalog" >&2; exit 1; }
if [[ "$DEEP_CATALOG" != "$CATALOG" ]]; then
  start_server air-deep python3 "$REPO/tests/servers/air_api_server.py" --root "$DEEP_CATALOG" --port 0 \
    --user reseller --password "$AIR_PASSWORD"
  AIR_PORT="$PORT"
fi
echo "deep data: $DEEP_CATALOG/api/meta/*.json (q=get_meta, served by the Air API at :$AIR_PORT),"
echo "           images at $IMAGES_URL/img/ (tests/servers/image_server.py), expected_deep.json"

start_server odoo python3 "$REPO/tests/servers/odoo_rpc_server.py" --profile "$ODOO_PROFILE" --website-sale \
  --port 0 --api-key "$ODOO_API_KEY"
export ODOO_URL="http://127.0.0.1:$PORT" ODOO_DB=odoo
echo "stand-in Odoo $ODOO_PROFILE at $ODOO_URL/jsonrpc (control API for the checks: $ODOO_URL/test/…)"
odoo_get() { curl -fsS "$ODOO_URL$1"; }
odoo_post() { curl -fsS -H 'Content-Type: application/json' -d "$2" "$ODOO_URL$1"; }

# A store rarely starts empty: the first SEEDED SKUs already exist in Odoo under
# an old name. The deep run must enrich them in place (same ids), and create the rest.
SEEDED=25
seed="$(python3 - "$DEEP_CATALOG/expected_deep.json" "$ODOO_PROFILE" "$SEEDED" <<'PY'
import json, sys
skus = list(json.load(open(sys.argv[1], encoding="utf-8"))["api"])[: int(sys.argv[3])]
storable = {"detailed_type": "product"} if sys.argv[2] == "17" else {"type": "consu", "is_storable": True}
print(json.dumps({"model": "product.template",
                  "records": [{"name": "Viejo " + s, "default_code": s, **storable} for s in skus]}))
PY
)"
odoo_post /test/seed "$seed" >"$WORK/seeded-ids.json"
echo "$seed" >"$WORK/seeded.json"
echo "seeded $SEEDED existing products (first SKUs, name 'Viejo <SKU>') into the stand-in Odoo"

DEEP_CONFIG="$CONFIGS/air_deep.conf"
echo
echo "\$ tecsync odoo setup --config configs/examples/air_deep.conf --sink odoo_api"
"$TECSYNC" odoo setup --config "$DEEP_CONFIG" --sink odoo_api
echo "\$ tecsync odoo setup --config configs/examples/air_deep.conf --sink odoo_api   # again: idempotent"
"$TECSYNC" odoo setup --config "$DEEP_CONFIG" --sink odoo_api

# One deep run: prints the summary line, the counts that matter, the pulse.
deep_run() {
  local label="$1"
  odoo_post /test/reset '{"what": "calls"}' >/dev/null
  curl -fsS "$IMAGES_URL/_reset" >/dev/null
  echo
  echo "\$ tecsync run --config configs/examples/air_deep.conf --pipeline air_deep --json   # $label"
  local json
  json="$("$TECSYNC" run --config "$DEEP_CONFIG" --pipeline air_deep --json 2>"$WORK/deep-$label.log")" ||
    { echo "demo: the deep run ($label) failed:" >&2; echo "$json" >&2; tail -20 "$WORK/deep-$label.log" >&2; exit 1; }
  echo "$json" >"$WORK/deep-$label.json"
  odoo_get /test/calls >"$WORK/deep-$label-calls.json"
  curl -fsS "$IMAGES_URL/_stats" >"$WORK/deep-$label-images.json"
  python3 - "$WORK/deep-$label.json" "$WORK/deep-$label-calls.json" "$WORK/deep-$label-images.json" <<'PY'
import json, sys
run = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
calls = json.load(open(sys.argv[2]))
images = json.load(open(sys.argv[3]))
c = run["counts"]
keys = ("contents_read", "products_created", "products_updated", "products_unchanged", "images_downloaded",
        "images_failed", "images_written", "pulses_written", "attributes_created", "values_created",
        "categories_created", "rpc_calls", "rpc_write_calls", "rejects")
print(f"status {run['status']} in {run['seconds']:.1f} s, pulse: {run['pulse']}")
print("counts: " + ", ".join(f"{k} {c.get(k, 0)}" for k in keys))
print(f"stand-in Odoo saw: {calls['total']} calls, {calls['reads']} reads, {calls['writes']} writes "
      f"(creates/writes/unlinks), {calls['errors']} errors; image server: {images['requests']} downloads")
PY
}

deep_run first
deep_run second

step "What the stand-in Odoo holds now: every SKU checked, a few shown (from $ODOO_URL/test/records)"
for model in product.template product.template.attribute.line product.attribute product.attribute.value \
  product.category product.image res.partner; do
  odoo_get "/test/records?model=$model" >"$WORK/odoo-$model.json"
done
# Compares every SKU with the generator's truth (expected_deep.json) and the
# image bytes it makes; prints a few products; exits 1 on any mismatch. The
# products whose feed has a deliberately bad image (the generator's ~2 %) must
# carry '⚠️ Image Error' and be the only ones the second run touched.
python3 - "$WORK" "$DEEP_CATALOG/expected_deep.json" "$REPO/scripts" <<'PY'
import hashlib, json, os, sys
work, truth_file, scripts = sys.argv[1:4]
sys.path.insert(0, scripts)
from gen_air_catalog import png_bytes  # the image server serves exactly these bytes

def load(model):
    return json.load(open(os.path.join(work, f"odoo-{model}.json"), encoding="utf-8"))["records"]

def by_id(model):
    return {r["id"]: r for r in load(model)}

def en(v):
    return v.get("en_US", "") if isinstance(v, dict) else (v or "")

expected = json.load(open(truth_file, encoding="utf-8"))["api"]
templates = {t["default_code"]: t for t in load("product.template") if t.get("default_code")}
lines, attrs, values = by_id("product.template.attribute.line"), by_id("product.attribute"), by_id("product.attribute.value")
cats, extras = by_id("product.category"), load("product.image")
seeded = json.load(open(os.path.join(work, "seeded.json"), encoding="utf-8"))["records"]
seeded_ids = dict(zip((r["default_code"] for r in seeded), json.load(open(os.path.join(work, "seeded-ids.json")))["ids"]))
second = json.loads(open(os.path.join(work, "deep-second.json")).read().strip().splitlines()[-1])
calls2 = json.load(open(os.path.join(work, "deep-second-calls.json")))
images2 = json.load(open(os.path.join(work, "deep-second-images.json")))
mapped = {"NOTEBOOK": "Air / Computadoras / Notebooks", "MONITOR": "Air / Computadoras / Monitores"}  # air_deep.conf

def name_of(url):
    return url.rsplit("/", 1)[1].rsplit(".", 1)[0]

bad, checked, shown = [], {k: 0 for k in ("name", "mpn", "brand", "specs", "category", "image_1920", "product.image", "pulse")}, []
bad_image_skus, bad_image_urls = set(), 0
for sku, want in expected.items():
    t = templates.get(sku)
    if t is None:
        bad.append(f"{sku}: not in Odoo")
        continue
    problems = []
    if t["name"].get("es_AR") != want["name"] or not en(t["name"]):
        problems.append(f"name {t['name']}")
    if t.get("x_tecsync_mpn") != want["mpn"]:
        problems.append(f"x_tecsync_mpn {t.get('x_tecsync_mpn')!r}")
    specs = {}
    for lid in t["attribute_line_ids"]:
        line = lines[lid]
        specs.setdefault(en(attrs[line["attribute_id"]]["name"]), set()).update(en(values[v]["name"]) for v in line["value_ids"])
    if want["brand"] and want["brand"] not in specs.get("Marca", set()):
        problems.append(f"brand line {specs.get('Marca')}")
    missing = [s for s in want["specs"] if s[1] not in specs.get(s[0], set())]
    if missing:
        problems.append(f"spec lines missing {missing}")
    rubro = want["category"][0]
    want_cat = mapped.get(rubro, f"Air / {rubro}")
    got_cat = cats[t["categ_id"]]["complete_name"] if t.get("categ_id") else None
    if got_cat != want_cat:
        problems.append(f"category {got_cat!r}, want {want_cat!r}")
    kinds = want["image_kinds"]
    if any(k != "ok" for k in kinds):
        bad_image_skus.add(sku)
        bad_image_urls += len(kinds)
        if "Image Error" not in (t.get("x_tecsync_pulse") or ""):
            problems.append(f"pulse {t.get('x_tecsync_pulse')!r}, want ⚠️ Image Error")
    elif not (t.get("x_tecsync_pulse") or "").startswith("✅ Success"):
        problems.append(f"pulse {t.get('x_tecsync_pulse')!r}")
    if kinds and all(k == "ok" for k in kinds):
        img = t.get("image_1920")
        if not isinstance(img, dict) or img.get("sha1") != hashlib.sha1(png_bytes(name_of(want["images"][0]))).hexdigest():
            problems.append(f"image_1920 {img}")
        got = sorted(e["image_1920"]["sha1"] for e in extras if e["product_tmpl_id"] == t["id"])
        if got != sorted(hashlib.sha1(png_bytes(name_of(u))).hexdigest() for u in want["images"][1:]):
            problems.append(f"product.image: {len(got)} of {len(want['images']) - 1}")
    elif not kinds and t.get("image_1920"):
        problems.append("an image where the feed has none")
    if sku in seeded_ids and t["id"] != seeded_ids[sku]:
        problems.append(f"id {t['id']}, it existed as {seeded_ids[sku]}")
    if problems:
        bad.append(f"{sku}: " + "; ".join(problems))
    if len(shown) < 2 and want["meta"] == "ok" and len(want["images"]) > 1 and not problems and \
            (not shown or sku not in seeded_ids) and (shown or sku in seeded_ids):
        shown.append((sku, t, specs, got_cat))

for sku, t, specs, cat in shown:
    print(f"SKU {sku} (product.template id {t['id']}{', existed before: kept its id' if sku in seeded_ids else ', created'})")
    print(f"  name        es_AR {t['name'].get('es_AR')!r} / en_US {t['name'].get('en_US')!r}")
    print(f"  category    {cat}   x_tecsync_mpn {t.get('x_tecsync_mpn')}   weight {t.get('weight')} kg   volume {t.get('volume')} m³")
    for label in sorted(specs):
        print(f"  attribute   {label}: {', '.join(sorted(specs[label]))}")
    n_extra = sum(1 for e in extras if e["product_tmpl_id"] == t["id"])
    print(f"  image_1920  {t['image_1920']['mimetype']}, {t['image_1920']['bytes']} bytes, sha1 {t['image_1920']['sha1'][:12]}…"
          f" (= the image server's bytes); product.image: {n_extra} more")
    print(f"  pulse       {t.get('x_tecsync_pulse')}")

total = len(expected)
print(f"\n{total} SKUs checked against expected_deep.json: {total - len(bad)} right "
      f"(name es_AR/en_US, part number, brand and spec attribute lines, category, images by SHA-1, pulse); "
      f"{len(seeded_ids)} pre-existing products kept their ids; {len(templates)} products in Odoo")
if len(templates) != total:
    bad.append(f"{len(templates)} products in Odoo for {total} SKUs")
c2 = second["counts"]
print(f"second run: {c2.get('products_unchanged', 0)} products unchanged, 0 created; "
      f"{calls2['writes']} write calls and {images2['requests']} image downloads, all for the "
      f"{len(bad_image_skus)} products whose feed lists a deliberately bad image URL")
if c2.get("products_updated", 0) > len(bad_image_skus) or images2["requests"] > bad_image_urls or \
        calls2["writes"] > 2 * len(bad_image_skus) or c2.get("pulses_written", 0) != 0 or c2.get("products_created", 0) != 0 or \
        c2.get("products_unchanged", 0) < total - len(bad_image_skus):
    bad.append(f"second run touched more than the {len(bad_image_skus)} bad-image products: counts {c2}, "
               f"{calls2['writes']} writes, {images2['requests']} downloads")
if bad:
    print(f"demo: {len(bad)} problems in the deep result; first ones:", file=sys.stderr)
    for b in bad[:15]:
        print("  " + b, file=sys.stderr)
    sys.exit(1)
PY

step "Done in $((SECONDS - started)) s"
echo "Odoo database: psql -h 127.0.0.1 -p $TECSYNC_PG_PORT -U odoo $DB   (password: \$ODOO_DB_PASSWORD)"
echo "Catalog, request log and state dumps: $WORK"
