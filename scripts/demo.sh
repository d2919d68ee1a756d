#!/usr/bin/env bash
# THE demo: a generated 10,000-SKU Air Computers catalog, served over loopback
# HTTP by the project's fake Air API, lands in an Odoo 17-shaped PostgreSQL
# database through `tecsync run` and the three plugins named in
# configs/air_flash.conf; a second run changes nothing; then the same catalog
# as the reseller sheet (configs/air_flash_sheet.conf) gives the same Odoo state.
#   TECSYNC_DEMO_SKUS   catalog size (default 10000)
#   TECSYNC_DEMO_DIR    where the catalog and logs go (default <repo>/.cache/demo)
#   TECSYNC_BUILD_DIR   build folder (default <repo>/build)
#   TECSYNC_PG_PORT     PostgreSQL port (default 55432); pg.sh refuses a server
#                       it did not start there: pick a free port instead
# The first run takes about 4 minutes, mostly compiling.
# PostgreSQL is left running so you can look around afterwards
# (`psql -h 127.0.0.1 -p 55432 -U odoo odoo_demo`); `scripts/pg.sh stop` stops it.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TECSYNC_BUILD_DIR="${TECSYNC_BUILD_DIR:-$REPO/build}"
export TECSYNC_PG_PORT="${TECSYNC_PG_PORT:-55432}"
SKUS="${TECSYNC_DEMO_SKUS:-10000}"
WORK="${TECSYNC_DEMO_DIR:-$REPO/.cache/demo}"
CATALOG="$WORK/catalog"
FIXTURES="$REPO/tests/fixtures/odoo"
TECSYNC="$TECSYNC_BUILD_DIR/bin/tecsync"
DB=odoo_demo
COTIZA=1187.50

# The secrets the configs read through ${…}; demo values unless you set them.
export AIR_PASSWORD="${AIR_PASSWORD:-demo-air-password}"
export ODOO_DB_PASSWORD="${ODOO_DB_PASSWORD:-demo-odoo-password}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
admin_psql() {
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v pw="$ODOO_DB_PASSWORD" -h 127.0.0.1 -p "$TECSYNC_PG_PORT" -U postgres -d postgres
}
odoo_psql() {
  PGPASSWORD="$ODOO_DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TECSYNC_PG_PORT" -U odoo -d "$DB" "$@"
}

air_pid=""
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  if [[ -n "$air_pid" ]]; then
    kill "$air_pid" 2>/dev/null || true
    wait "$air_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

started=$SECONDS
step "Set up and build"
"$REPO/scripts/setup.sh"
"$REPO/scripts/pg.sh" start

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
python3 "$REPO/tests/servers/air_api_server.py" --root "$CATALOG" --port 0 --user reseller \
  --password "$AIR_PASSWORD" --log "$WORK/air-requests.log" >"$WORK/air.out" 2>"$WORK/air.err" &
air_pid=$!
for _ in $(seq 1 100); do
  grep -q '^PORT ' "$WORK/air.out" 2>/dev/null && break
  sleep 0.1
done
AIR_PORT="$(awk '/^PORT /{print $2; exit}' "$WORK/air.out")"
[[ -n "$AIR_PORT" ]] || { echo "the Air test server did not start:" >&2; cat "$WORK/air.err" >&2; exit 1; }
export AIR_PORT
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

step "Flash sync from the API (configs/air_flash.conf)"
run_twice "$REPO/configs/air_flash.conf"

step "What Odoo holds now (a few products)"
show_sample
echo "tecsync's own history (schema tecsync, one row per cycle):"
odoo_psql -c "SELECT id, status, pulse, counts->>'prices_changed' AS prices, counts->>'quants_created' AS quants_new,
  counts->>'quants_changed' AS quants_chg, round(extract(epoch FROM ended_at - started_at)::numeric, 3) AS seconds
  FROM tecsync.cycle ORDER BY id"
echo "Every SKU against the rule (list_price = round(cost × 1.30 × fx, 0.01); on hand = cba / lug):"
check_rule false
odoo_state >"$WORK/state-api.txt"

step "The same catalog as the reseller sheet (configs/air_flash_sheet.conf), into a fresh '$DB'"
fresh_odoo_db
run_twice "$REPO/configs/air_flash_sheet.conf"
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

step "Done in $((SECONDS - started)) s"
echo "Odoo database: psql -h 127.0.0.1 -p $TECSYNC_PG_PORT -U odoo $DB   (password: \$ODOO_DB_PASSWORD)"
echo "Catalog, request log and state dumps: $WORK"
