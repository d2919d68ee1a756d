#!/usr/bin/env bash
# The packages as a sysadmin and a plugin author meet them (what CI runs):
#  1. build tecsync_*.deb and tecsync-dev_*.deb (scripts/package.sh) and lintian
#     them: any lintian error fails;
#  2. install both with dpkg -i and check the layout: binary, plugins, conffiles,
#     units, man page, system user `tecsync`, secrets file 0640 root:tecsync;
#  3. tecsync --version;
#  4. fill the shipped /etc/tecsync/conf.d/air.conf and secrets.env the way an
#     admin does (URL, user, dsn, secrets) for a loopback Air API
#     (tests/servers/air_api_server.py) and a fresh Odoo-shaped database on the
#     test PostgreSQL; `tecsync check` must pass;
#  5. one flash cycle with the INSTALLED binary and plugins, as user tecsync,
#     exactly as tecsync@air_flash.service runs it;
#  6. build sdk/examples/pampa_parts against the installed tecsync-dev (CMake
#     package, and pkg-config by hand), load it with the installed tecsync and
#     run a cycle of it;
#  7. dpkg --purge both: nothing of them is left (files, /etc/tecsync, state,
#     user and group).
# Needs root (dpkg) on Debian 12. It installs and then purges the packages
# `tecsync` and `tecsync-dev` on this machine: do not run it where they matter.
#   TECSYNC_PKG_BUILD_DIR  build folder of the packages (default <repo>/build-pkg)
#   TECSYNC_PKG_REUSE_BUILD 1 = that folder is a Release build scripts/setup.sh
#                          made (scripts/test.sh passes the suite's own build):
#                          package it without a second build (scripts/package.sh)
#   TECSYNC_TEST_PG        admin conninfo of a PostgreSQL to use (as test.sh exports);
#                          unset: scripts/pg.sh starts one on TECSYNC_PG_PORT (55432)
#   TECSYNC_PKG_SKIP_BUILD 1 = take the .debs already in the build folder
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_PKG_BUILD_DIR:-$REPO/build-pkg}"
export TECSYNC_PKG_BUILD_DIR="$BUILD_DIR"
WORK="$(mktemp -d /tmp/tecsync-pkgtest.XXXXXX)"
chmod 0755 "$WORK"  # the tecsync user reads the example's config and plugin folder in here
DB=tecsync_pkgtest
ODOO_PW="pkgtest-odoo-$$"
AIR_PW="pkgtest-air-$$"
started=$SECONDS

step() { printf '\n== package_test: %s\n' "$*"; }
fail() {
  echo "package_test: FAIL: $*" >&2
  exit 1
}
[[ "$(id -u)" -eq 0 ]] || fail "needs root (dpkg -i / --purge)"

servers=()
pg_started_here=0
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local pid
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${ADMIN_PG:-}" ]]; then
    psql -X -q "$ADMIN_PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  # Never leave the packages behind, whatever failed.
  dpkg --purge tecsync-dev tecsync >/dev/null 2>&1 || true
  [[ "$pg_started_here" == 1 ]] && "$REPO/scripts/pg.sh" stop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- 1. build and lint ---------------------------------------------------------
step "build the packages"
need=()
for pkg in lintian dpkg-dev; do
  [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == "install ok installed" ]] || need+=("$pkg")
done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ "${TECSYNC_PKG_SKIP_BUILD:-0}" != 1 ]]; then
  "$REPO/scripts/package.sh"
fi
mapfile -t debs < <(ls "$BUILD_DIR"/tecsync_*.deb "$BUILD_DIR"/tecsync-dev_*.deb 2>/dev/null)
((${#debs[@]} == 2)) || fail "expected tecsync_*.deb and tecsync-dev_*.deb in $BUILD_DIR, found: ${debs[*]:-none}"
for deb in "${debs[@]}"; do
  echo "--- $(basename "$deb")"
  dpkg-deb --field "$deb" Package Version Architecture Depends
done

step "lintian (errors fail)"
# lintian refuses to run as root without this.
lintian_out="$WORK/lintian.txt"
lintian_rc=0
lintian --allow-root --fail-on error --display-info "${debs[@]}" >"$lintian_out" 2>&1 || lintian_rc=$?
cat "$lintian_out"
((lintian_rc == 0)) || fail "lintian found errors (exit $lintian_rc)"
echo "lintian: no errors ($(grep -c '^W:' "$lintian_out" || true) warnings, $(grep -c '^I:' "$lintian_out" || true) infos)"

# ---- 2. install -------------------------------------------------------------------
step "install with dpkg -i"
dpkg --purge tecsync-dev tecsync >/dev/null 2>&1 || true
if ! dpkg -i "${debs[@]}"; then
  # Depends missing on this machine: let apt bring them, then it is installed.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -f --no-install-recommends
fi
for pkg in tecsync tecsync-dev; do
  [[ "$(dpkg-query -W -f='${Status}' "$pkg")" == "install ok installed" ]] || fail "$pkg is not installed"
done

expect_path() { [[ -e "$1" ]] || fail "missing after install: $1"; }
for p in /usr/bin/tecsync /usr/lib/tecsync/plugins/tecsync_air.so /usr/lib/tecsync/plugins/tecsync_pricing.so \
  /usr/lib/tecsync/plugins/tecsync_odoo_sql.so /etc/tecsync/tecsync.conf /etc/tecsync/conf.d/air.conf \
  /lib/systemd/system/tecsync@.service /lib/systemd/system/tecsync-flash@.timer \
  /lib/systemd/system/tecsync-deep@.timer /usr/share/man/man1/tecsync.1.gz \
  /usr/share/doc/tecsync/copyright /usr/share/doc/tecsync/changelog.Debian.gz \
  /usr/include/tecsync/sdk.hpp /usr/share/cmake/tecsync-sdk/tecsync-sdk-config.cmake \
  /usr/share/pkgconfig/tecsync-sdk.pc /var/lib/tecsync; do
  expect_path "$p"
done
conffiles="$(dpkg-query -W -f='${Conffiles}' tecsync)"
for f in /etc/tecsync/tecsync.conf /etc/tecsync/conf.d/air.conf; do
  grep -q " $f " <<<"$conffiles" || fail "$f is not a conffile"
done
getent passwd tecsync >/dev/null || fail "no system user tecsync"
[[ "$(stat -c '%a %U:%G' /etc/tecsync/secrets.env)" == "640 root:tecsync" ]] ||
  fail "/etc/tecsync/secrets.env is $(stat -c '%a %U:%G' /etc/tecsync/secrets.env), want 640 root:tecsync"
[[ "$(stat -c '%U' /var/lib/tecsync)" == tecsync ]] || fail "/var/lib/tecsync is not owned by tecsync"
# The units as systemd reads them (offline: no running systemd needed).
systemd-analyze verify --man=no /lib/systemd/system/tecsync@air_flash.service \
  /lib/systemd/system/tecsync-flash@air_flash.timer /lib/systemd/system/tecsync-deep@air_deep.timer ||
  fail "systemd-analyze verify refused the units"
man -l /usr/share/man/man1/tecsync.1.gz >/dev/null 2>&1 || fail "man tecsync does not render"
echo "layout, conffiles, user, secrets mode, units: ok"

step "tecsync --version"
/usr/bin/tecsync --version || fail "tecsync --version failed"

# ---- 4. the admin's setup: database, feed, config, secrets ------------------------
step "a fresh Odoo database and a loopback Air API"
if [[ -z "${TECSYNC_TEST_PG:-}" ]]; then
  pg_out="$("$REPO/scripts/pg.sh" start)"
  echo "$pg_out"
  [[ "$pg_out" == *reusing* ]] || pg_started_here=1
  eval "$("$REPO/scripts/pg.sh" env)"
fi
ADMIN_PG="$TECSYNC_TEST_PG"
pg_port="$(psql -X -At "$ADMIN_PG" -c 'SELECT inet_server_port()')"
[[ -n "$pg_port" ]] || pg_port=5432

python3 "$REPO/scripts/gen_air_catalog.py" --count 300 --seed 11 --cotiza 1187.50 --out "$WORK/catalog" >/dev/null
PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -v pw="$ODOO_PW" "$ADMIN_PG" <<SQL
SELECT format('CREATE ROLE odoo LOGIN PASSWORD %L', :'pw') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'odoo') \gexec
ALTER ROLE odoo PASSWORD :'pw';
DROP DATABASE IF EXISTS $DB WITH (FORCE);
CREATE DATABASE $DB OWNER odoo TEMPLATE template0 ENCODING 'UTF8';
SQL
odoo_psql() { PGPASSWORD="$ODOO_PW" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U odoo -d "$DB" "$@"; }
odoo_psql -v catalog="$WORK/catalog/expected.csv" -v currency=ARS -v usd_rate=1187.50 \
  -f "$REPO/tests/fixtures/odoo/odoo17.sql" -f "$REPO/tests/fixtures/odoo/pulse_field.sql" \
  -f "$REPO/tests/fixtures/odoo/seed_air.sql" >/dev/null

start_server() {  # <name> <command…>: runs it, waits for its `PORT n` line, sets PORT
  local name="$1"
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  servers+=("$!")
  for _ in $(seq 1 100); do
    grep -q '^PORT ' "$WORK/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT="$(awk '/^PORT /{print $2; exit}' "$WORK/$name.out")"
  [[ -n "$PORT" ]] || fail "$name did not start: $(cat "$WORK/$name.err")"
}
start_server air python3 "$REPO/tests/servers/air_api_server.py" --root "$WORK/catalog" --port 0 \
  --user reseller --password "$AIR_PW"
air_port="$PORT"
echo "Air API on 127.0.0.1:$air_port, database $DB on port $pg_port"

step "fill /etc/tecsync as an admin would, then tecsync check"
sed -i \
  -e "s|^url = .*|url = http://127.0.0.1:$air_port/v2/|" \
  -e "s|^user = .*|user = reseller|" \
  -e "s|^dsn = .*|dsn = host=127.0.0.1 port=$pg_port dbname=$DB user=odoo password=\${ODOO_DB_PASSWORD}|" \
  /etc/tecsync/conf.d/air.conf
sed -i -e "s|^AIR_PASSWORD=.*|AIR_PASSWORD=$AIR_PW|" -e "s|^ODOO_DB_PASSWORD=.*|ODOO_DB_PASSWORD=$ODOO_PW|" \
  /etc/tecsync/secrets.env
grep -q CHANGE-ME /etc/tecsync/conf.d/air.conf && fail "air.conf still has CHANGE-ME values after filling"

# As the unit runs: user tecsync, a clean environment plus the secrets file
# (read here as the tecsync group: that is what its 0640 root:tecsync allows).
as_service() {
  # shellcheck disable=SC2016  # expanded by the inner shell
  runuser -u tecsync -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    sh -c 'set -a && . /etc/tecsync/secrets.env && set +a && exec "$@"' as_service "$@"
}
if ! /usr/bin/tecsync --help 2>&1 | grep -qw check; then
  fail "the installed tecsync has no 'check' command yet (tecsync --help does not list it); issue 5 needs it"
fi
check_rc=0
as_service /usr/bin/tecsync check --config /etc/tecsync/tecsync.conf >"$WORK/check.out" 2>&1 || check_rc=$?
cat "$WORK/check.out"
((check_rc == 0)) || fail "tecsync check exited $check_rc on the filled-in example config"

# ---- 5. one flash cycle with the installed binary and plugins -----------------------
step "one flash cycle: /usr/bin/tecsync run --pipeline air_flash (as tecsync@air_flash.service)"
run_rc=0
as_service /usr/bin/tecsync run --config /etc/tecsync/tecsync.conf --pipeline air_flash --json \
  >"$WORK/run.json" 2>"$WORK/run.err" || run_rc=$?
tail -n 5 "$WORK/run.err"
cat "$WORK/run.json"
((run_rc == 0)) || fail "tecsync run exited $run_rc"
json_field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])[sys.argv[1]])' "$1" <"$WORK/run.json"; }
status="$(json_field status)"
written="$(json_field rows_written)"
[[ "$status" == OK || "$status" == OK_WITH_WARNINGS ]] || fail "status $status"
((written > 0)) || fail "the first cycle wrote no rows"
priced="$(odoo_psql -Atc "SELECT count(*) FROM product_template WHERE list_price > 0")"
cycles="$(odoo_psql -Atc "SELECT count(*) FROM tecsync.cycle WHERE status LIKE 'OK%'")"
((priced > 0 && cycles == 1)) || fail "Odoo after the cycle: $priced priced products, $cycles OK cycles"
echo "flash cycle: $status, $written rows written, $priced products priced"

# ---- 6. a third-party plugin against the installed SDK -----------------------------
step "build sdk/examples/pampa_parts against the installed tecsync-dev"
cmake -S "$REPO/sdk/examples/pampa_parts" -B "$WORK/pampa-build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$WORK/pampa-cmake.log" 2>&1 ||
  { cat "$WORK/pampa-cmake.log"; fail "cmake could not configure the example against /usr"; }
grep -q "/usr/share/cmake/tecsync-sdk" "$WORK/pampa-build/CMakeCache.txt" ||
  fail "the example did not find the SDK in /usr/share/cmake/tecsync-sdk"
cmake --build "$WORK/pampa-build" -j2 >"$WORK/pampa-build.log" 2>&1 ||
  { cat "$WORK/pampa-build.log"; fail "the example does not build against the installed SDK"; }
# The same with only pkg-config, as a Makefile project would.
[[ "$(pkg-config --modversion tecsync-sdk)" == "$(/usr/bin/tecsync --version | grep -o 'ABI [0-9.]*' | cut -d' ' -f2)" ]] ||
  echo "note: pkg-config tecsync-sdk $(pkg-config --modversion tecsync-sdk) vs $(/usr/bin/tecsync --version)"
# shellcheck disable=SC2046  # word splitting of the flags is the point
g++ $(pkg-config --cflags tecsync-sdk) $(pkg-config --variable=plugin_cflags tecsync-sdk) \
  $(pkg-config --variable=plugin_ldflags tecsync-sdk) -o "$WORK/pkgconfig_pampa.so" \
  "$REPO"/sdk/examples/pampa_parts/*.cpp || fail "the example does not build with pkg-config's flags"

# A plugin directory of its own, as the example's README says, with the
# packaged plugins beside it for the pipeline's pricing and sink.
plugdir="$WORK/plugins"
install -d -m 0755 "$plugdir"
install -m 0644 "$WORK/pampa-build/tecsync_pampa_parts.so" "$plugdir/"
ln -s /usr/lib/tecsync/plugins/tecsync_pricing.so /usr/lib/tecsync/plugins/tecsync_odoo_sql.so "$plugdir/"
/usr/bin/tecsync plugins --plugin-path "$plugdir" | tee "$WORK/plugins.out"
grep -q '^loaded  *pampa_parts source' "$WORK/plugins.out" || fail "the installed tecsync did not load the example"

step "one cycle of the example plugin into the same database"
install -d -m 0755 "$WORK/feed"
cp "$REPO/sdk/examples/pampa_parts/sample/precios.csv" "$WORK/feed/"
chmod -R a+rX "$WORK/feed"
cat >"$WORK/pampa.conf" <<CONF
[tecsync]
plugin_path = $plugdir
[pipeline.pampa_flash]
source = pampa
transforms = pampa_pricing
sink = pampa_odoo
strategy = flash
[source.pampa]
plugin = pampa_parts
url = http://127.0.0.1:__FEED_PORT__/precios.csv
warehouse.S_CBA = stock_rosario
[transform.pampa_pricing]
plugin = pricing
margin_percent = 30
rate = fixed:1187.50
rounding = 0.01
[sink.pampa_odoo]
plugin = odoo_sql
dsn = host=127.0.0.1 port=$pg_port dbname=$DB user=odoo password=\${ODOO_DB_PASSWORD}
supplier = Air Computers
location.S_CBA = WH/Air Córdoba
absent_min_coverage = 1
CONF
start_server feed python3 -u -c '
import http.server, functools, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
s = http.server.HTTPServer(("127.0.0.1", 0), h)
print("PORT", s.server_address[1], flush=True)
s.serve_forever()' "$WORK/feed"
sed -i "s/__FEED_PORT__/$PORT/" "$WORK/pampa.conf"
chmod 0644 "$WORK/pampa.conf"
pampa_rc=0
as_service /usr/bin/tecsync run --config "$WORK/pampa.conf" --pipeline pampa_flash >"$WORK/pampa.out" 2>&1 || pampa_rc=$?
cat "$WORK/pampa.out"
# Its SKUs are not Odoo products of the store (UNKNOWN_SKU): a warning, not a failure.
((pampa_rc == 0)) || fail "the example's cycle exited $pampa_rc"
grep -q '^offers_read: *5' "$WORK/pampa.out" || fail "the example's cycle did not read the sample's 5 offers"

# ---- 7. purge ---------------------------------------------------------------------------
step "dpkg --purge tecsync-dev tecsync"
dpkg --purge tecsync-dev tecsync
left=()
for p in /usr/bin/tecsync /usr/lib/tecsync /etc/tecsync /var/lib/tecsync /usr/include/tecsync \
  /usr/share/cmake/tecsync-sdk /usr/share/pkgconfig/tecsync-sdk.pc /usr/share/doc/tecsync \
  /usr/share/doc/tecsync-dev /usr/share/tecsync /usr/share/man/man1/tecsync.1.gz \
  /lib/systemd/system/tecsync@.service /lib/systemd/system/tecsync-flash@.timer \
  /lib/systemd/system/tecsync-deep@.timer; do
  [[ -e "$p" || -L "$p" ]] && left+=("$p")
done
((${#left[@]} == 0)) || fail "left after purge: ${left[*]}"
getent passwd tecsync >/dev/null && fail "user tecsync is still there after purge"
getent group tecsync >/dev/null && fail "group tecsync is still there after purge"
for pkg in tecsync tecsync-dev; do
  dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qv not-installed && fail "$pkg still known to dpkg"
done
echo "purged: no files, no /etc/tecsync, no state, no user or group"

echo
echo "package_test: OK in $((SECONDS - started)) s"
