#!/usr/bin/env python3
"""The flash benchmark's driver (issue 6); bench/run.sh builds, starts PostgreSQL and calls it.

For each catalog size it generates feeds A and B (bench/gen_feeds.py), seeds a
fresh Odoo-shaped database, serves both feeds over loopback HTTP
(tests/servers/air_api_server.py), and times, run after run, on the same rows
and the same database:

  tecsync     `tecsync run --json` end to end: the real binary, air → pricing →
              odoo_sql, feed fetched from the loopback Air API
  fetch+parse the same pipeline with the bench_null sink: HTTP, parse and price
              only (tecsync's write time = tecsync − fetch+parse)
  COPY floor  psql `\\copy` of the normalized rows into a temp table
  expert SQL  bench/expert.sql: COPY + UPDATE … FROM + quant update/insert
  row by row  one UPDATE per product and per quant (+ INSERT of missing quants)
              in one transaction, product ids known (ORM at best; ≤ 10,000 only)

in three scenarios: first (every price and quant changes: prices 0, no quants
→ feed A), steady (state A → feed B: 5 % of prices and 5 % of quantities
differ), unchanged (state A → feed A). Before each writing contender the state
is restored (bench/restore.sql, untimed, then VACUUM ANALYZE), so every
contender starts from the same tables. Contenders alternate within a run, so
the machine's noise spreads over all of them.

Writes WORK/results.json, WORK/results.md (the table), WORK/flash.dat/.gp and
the PNG; with --readme it replaces the block between the bench markers in
bench/README.md and copies the PNG next to it.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
FIXTURES = os.path.join(REPO, "tests", "fixtures", "odoo")
SCENARIOS = (("first", "empty", "a"), ("steady", "loaded", "b"), ("unchanged", "loaded", "a"))
CONTENDERS = ("tecsync", "fetch+parse", "COPY floor", "expert SQL", "row by row")
ROW_BY_ROW_MAX = 10000


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Pg:
    def __init__(self, port, db):
        self.port, self.db = port, db

    def args(self, db=None):
        return ["psql", "-X", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db or self.db]

    def run(self, *extra, db=None, quiet=True, stdin=None):
        cmd = self.args(db) + (["-q"] if quiet else []) + ["-v", "ON_ERROR_STOP=1", *extra]
        r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"psql failed ({' '.join(extra)[:200]}): {r.stderr.strip()[:2000]}")
        return r.stdout

    def value(self, sql):
        return self.run("-At", "-c", sql).strip()


def written(psql_out):
    """Rows written, from psql's command tags (`UPDATE n`, `INSERT 0 n`, `DELETE n`)."""
    n = 0
    for line in psql_out.splitlines():
        m = re.match(r"^(UPDATE|DELETE) (\d+)$|^INSERT \d+ (\d+)$", line.strip())
        if m:
            n += int(m.group(2) or m.group(3))
    return n


def timed(cmd, **kw):
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, r


class Size:
    """One catalog size: its feeds, database, Air servers and configs."""

    def __init__(self, opts, count):
        self.opts, self.count = opts, count
        self.dir = os.path.join(opts.work, f"cat-{count}")
        self.db = f"tecsync_bench_{count}"
        self.pg = Pg(opts.pg_port, self.db)
        self.servers = []

    # ---- setup ---------------------------------------------------------------------
    def generate(self):
        marker = os.path.join(self.dir, ".done")
        if os.path.exists(marker):
            return
        log(f"{self.count}: generating feeds A and B in {self.dir}")
        shutil.rmtree(self.dir, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_feeds.py"), "--count", str(self.count),
                        "--out", self.dir], check=True)
        open(marker, "w").close()

    def seed(self):
        log(f"{self.count}: fresh database {self.db}")
        self.pg.run("-c", f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", db="postgres")
        self.pg.run("-c", f"CREATE DATABASE {self.db} TEMPLATE template0 ENCODING 'UTF8'", db="postgres")
        self.pg.run("-v", f"catalog={os.path.join(self.dir, 'expected.csv')}", "-v", "currency=ARS",
                    "-v", "usd_rate=1187.50", "-f", os.path.join(FIXTURES, "odoo17.sql"),
                    "-f", os.path.join(FIXTURES, "pulse_field.sql"), "-f", os.path.join(FIXTURES, "seed_air.sql"))
        self.pg.run("-c", "VACUUM ANALYZE")
        ids = self.pg.value("SELECT string_agg(id::text, ',' ORDER BY complete_name DESC) FROM stock_location "
                            "WHERE complete_name IN ('WH/Air Córdoba', 'WH/Air Buenos Aires')")
        self.cba_loc, self.bue_loc = ids.split(",")
        self.company = self.pg.value(f"SELECT company_id FROM stock_location WHERE id = {self.cba_loc}")
        self.uid = self.pg.value("SELECT id FROM res_users WHERE login = 'admin'")

    def snapshot(self, name):
        self.pg.run("-c", "CREATE SCHEMA IF NOT EXISTS bench",
                    "-c", f"DROP TABLE IF EXISTS bench.snap_{name}_tmpl, bench.snap_{name}_quant",
                    "-c", f"CREATE TABLE bench.snap_{name}_tmpl AS "
                          "SELECT id, list_price, x_tecsync_pulse FROM product_template",
                    "-c", f"CREATE UNIQUE INDEX ON bench.snap_{name}_tmpl (id)",
                    "-c", f"CREATE TABLE bench.snap_{name}_quant AS SELECT * FROM stock_quant",
                    "-c", f"CREATE UNIQUE INDEX ON bench.snap_{name}_quant (id)")

    def restore(self, name):
        self.pg.run("-v", f"snap={name}", "-f", os.path.join(self.opts.work, "restore.sql"))

    def start_servers(self):
        self.ports = {}
        for feed in ("a", "b"):
            out = open(os.path.join(self.dir, f"air-{feed}.out"), "w+")
            p = subprocess.Popen([sys.executable, os.path.join(REPO, "tests", "servers", "air_api_server.py"),
                                  "--root", os.path.join(self.dir, feed), "--port", "0", "--user", "reseller",
                                  "--password", "bench"], stdout=out, stderr=subprocess.DEVNULL)
            self.servers.append(p)
            for _ in range(100):
                out.seek(0)
                m = re.search(r"^PORT (\d+)", out.read(), re.M)
                if m:
                    self.ports[feed] = m.group(1)
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError("the Air test server did not start")

    def stop_servers(self):
        for p in self.servers:
            p.terminate()
            p.wait()
        self.servers = []

    def write_configs(self):
        plugins = os.path.join(self.opts.work, "plugins")
        os.makedirs(plugins, exist_ok=True)
        # Relinked every time: links left by a run from another build folder
        # would silently benchmark that build's plugins.
        targets = {so: os.path.join(self.opts.build, "plugins", so)
                   for so in ("tecsync_air.so", "tecsync_pricing.so", "tecsync_odoo_sql.so")}
        targets["tecsync_bench_null.so"] = os.path.join(self.opts.build, "bench", "plugins", "tecsync_bench_null.so")
        for so, target in targets.items():
            link = os.path.join(plugins, so)
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(target, link)
        self.configs = {}
        for feed in ("a", "b"):
            for sink in ("odoo_sql", "bench_null"):
                path = os.path.join(self.dir, f"{sink}-{feed}.conf")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"""[tecsync]
plugin_path = {plugins}
[pipeline.air_flash]
source = air
transforms = pricing
sink = out
strategy = flash
[source.air]
plugin = air
form = api
url = http://127.0.0.1:{self.ports[feed]}/v2/
user = reseller
password = bench
warehouse.S_CBA = cba
warehouse.S_BUE = lug
[transform.pricing]
plugin = pricing
margin_percent = 30
rate = air
rounding = 0.01
[sink.out]
plugin = {sink}
dsn = host=127.0.0.1 port={self.opts.pg_port} dbname={self.db} user=postgres
supplier = Air Computers
location.S_CBA = WH/Air Córdoba
location.S_BUE = WH/Air Buenos Aires
""")
                self.configs[(sink, feed)] = path

    def write_row_by_row(self):
        """One SQL file per feed: an UPDATE per product and per quant, and an INSERT for a missing quant."""
        ids = {}
        for line in self.pg.run("-At", "-F", ",", "-c",
                                "SELECT default_code, id, product_tmpl_id FROM product_product").splitlines():
            code, pid, tid = line.split(",")
            ids[code] = (pid, tid)
        now = "now() AT TIME ZONE 'UTC'"
        self.rbr = {}
        for feed in ("a", "b"):
            path = os.path.join(self.dir, f"rbr-{feed}.sql")
            with open(os.path.join(self.dir, f"norm-{feed}.csv"), encoding="utf-8") as src, \
                    open(path, "w", encoding="utf-8") as out:
                out.write("\\set ON_ERROR_STOP 1\nBEGIN;\n")
                for line in src:
                    sku, price, cba, bue = line.rstrip("\n").split(",")
                    if sku not in ids:
                        continue
                    pid, tid = ids[sku]
                    out.write(f"UPDATE product_template SET list_price = {price}, write_uid = {self.uid}, "
                              f"write_date = {now} WHERE id = {tid} AND list_price IS DISTINCT FROM {price};\n")
                    for loc, qty in ((self.cba_loc, cba), (self.bue_loc, bue)):
                        key = (f"product_id = {pid} AND location_id = {loc} AND lot_id IS NULL "
                               "AND package_id IS NULL AND owner_id IS NULL")
                        out.write(f"UPDATE stock_quant SET quantity = {qty}, write_uid = {self.uid}, "
                                  f"write_date = {now} WHERE {key} AND quantity IS DISTINCT FROM {qty};\n")
                        if qty != "0":
                            out.write("INSERT INTO stock_quant (product_id, location_id, company_id, quantity, "
                                      "reserved_quantity, in_date, inventory_quantity_set, create_uid, write_uid, "
                                      f"create_date, write_date) SELECT {pid}, {loc}, {self.company}, {qty}, 0, "
                                      f"{now}, false, {self.uid}, {self.uid}, {now}, {now} WHERE NOT EXISTS "
                                      f"(SELECT 1 FROM stock_quant WHERE {key});\n")
                out.write("COMMIT;\n")
            self.rbr[feed] = path

    # ---- contenders ------------------------------------------------------------------
    def tecsync(self, sink, feed):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
            cmd = ["/usr/bin/time", "-o", tf.name, "-f", "%M",
                   os.path.join(self.opts.build, "bin", "tecsync"), "run", "--config", self.configs[(sink, feed)],
                   "--pipeline", "air_flash", "--json"]
            wall, r = timed(cmd)
            rss_kb = int(tf.read().strip().splitlines()[-1])
        if r.returncode != 0:
            raise RuntimeError(f"tecsync ({sink}, feed {feed}) exited {r.returncode}: {r.stdout[-2000:]}"
                               f"{r.stderr[-2000:]}")
        j = json.loads(r.stdout.strip().splitlines()[-1])
        return {"wall": wall, "rss_mb": rss_kb / 1024, "rows": j.get("rows_written", 0),
                "inner": j.get("seconds"), "status": j.get("status"), "counts": j.get("counts")}

    def copy_floor(self, feed):
        csv = os.path.join(self.dir, f"norm-{feed}.csv")
        script = ("CREATE TEMP TABLE f (sku text, list_price numeric, cba numeric, bue numeric);\n"
                  f"\\copy f FROM '{csv}' WITH (FORMAT csv)\n")
        wall, r = timed(self.pg.args() + ["-q", "-v", "ON_ERROR_STOP=1"], input=script)
        if r.returncode != 0:
            raise RuntimeError(f"COPY floor failed: {r.stderr}")
        return {"wall": wall, "rows": 0}

    def expert(self, feed):
        wall, r = timed(self.pg.args() + ["-v", f"feed={os.path.join(self.dir, f'norm-{feed}.csv')}",
                                          "-v", f"cba_loc={self.cba_loc}", "-v", f"bue_loc={self.bue_loc}",
                                          "-v", f"company={self.company}", "-v", f"uid={self.uid}",
                                          "-f", os.path.join(self.opts.work, "expert.sql")])
        if r.returncode != 0:
            raise RuntimeError(f"expert SQL failed: {r.stderr}")
        return {"wall": wall, "rows": written(r.stdout)}

    def row_by_row(self, feed):
        wall, r = timed(self.pg.args() + ["-f", self.rbr[feed]])
        if r.returncode != 0:
            raise RuntimeError(f"row by row failed: {r.stderr[-2000:]}")
        return {"wall": wall, "rows": written(r.stdout)}

    # ---- the run ---------------------------------------------------------------------
    def bench(self):
        self.generate()
        self.seed()
        self.start_servers()
        try:
            self.write_configs()
            self.snapshot("empty")
            log(f"{self.count}: initial load (untimed)")
            first = self.tecsync("odoo_sql", "a")
            again = self.tecsync("odoo_sql", "a")
            if again["rows"] != 0:
                raise RuntimeError(f"a second identical cycle wrote {again['rows']} rows")
            log(f"{self.count}: load {first['status']} {first['rows']} rows; again {again['rows']} rows")
            self.pg.run("-c", "VACUUM ANALYZE")
            self.snapshot("loaded")
            contenders = [c for c in self.opts.contenders
                          if c != "row by row" or self.count <= ROW_BY_ROW_MAX]
            if "row by row" in contenders:
                self.write_row_by_row()
            results = {}
            for scenario, pre, feed in SCENARIOS:
                for run in range(runs_for(self.opts, self.count)):
                    for c in contenders:
                        if c in ("tecsync", "expert SQL", "row by row"):
                            self.restore(pre)
                        if c == "tecsync":
                            m = self.tecsync("odoo_sql", feed)
                        elif c == "fetch+parse":
                            m = self.tecsync("bench_null", feed)
                            m["rows"] = 0
                        elif c == "COPY floor":
                            m = self.copy_floor(feed)
                        elif c == "expert SQL":
                            m = self.expert(feed)
                        else:
                            m = self.row_by_row(feed)
                        results.setdefault(scenario, {}).setdefault(c, []).append(m)
                        log(f"{self.count} {scenario} run {run + 1} {c}: {m['wall']:.3f} s, {m['rows']} rows"
                            + (f", {m['rss_mb']:.1f} MB" if "rss_mb" in m else ""))
            return results
        finally:
            self.stop_servers()


def runs_for(opts, count):
    """Runs per contender at this size: --large-runs above 100,000 SKUs, where one
    first load alone takes minutes, else --runs."""
    return opts.large_runs if opts.large_runs and count > 100000 else opts.runs


def parse_throughput(opts, count):
    d = os.path.join(opts.work, f"cat-{count}", "a")
    r = subprocess.run([os.path.join(opts.build, "bench", "bench_parse"),
                        "--sheet", os.path.join(d, "sheet", "catalog.csv"), "--api-dir", os.path.join(d, "api"),
                        "--repeat", "5"], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


# ---- reporting ---------------------------------------------------------------------------
def summarize(samples):
    walls = sorted(s["wall"] for s in samples)
    out = {"median": statistics.median(walls), "min": walls[0], "max": walls[-1], "n": len(walls),
           "rows": samples[-1]["rows"]}
    if "rss_mb" in samples[0]:
        out["rss_mb"] = max(s["rss_mb"] for s in samples)
    return out


def table(all_results):
    lines = ["| SKUs | scenario | contender | median s | spread (min–max) s | rows written | peak RSS MB "
             "| × COPY floor | × expert SQL |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for count, by_scenario in all_results.items():
        for scenario, _, _ in SCENARIOS:
            if scenario not in by_scenario:
                continue
            summ = {c: summarize(s) for c, s in by_scenario[scenario].items()}
            floor = summ.get("COPY floor", {}).get("median")
            expert = summ.get("expert SQL", {}).get("median")
            for c in CONTENDERS:
                if c not in summ:
                    continue
                s = summ[c]
                ratio_floor = f"{s['median'] / floor:.1f}" if floor else ""
                ratio_expert = f"{s['median'] / expert:.2f}" if expert else ""
                rss = f"{s['rss_mb']:.1f}" if "rss_mb" in s else ""
                lines.append(f"| {int(count):,} | {scenario} | {c} | {s['median']:.3f} | "
                             f"{s['min']:.3f}–{s['max']:.3f} | {s['rows']:,} | {rss} | {ratio_floor} | "
                             f"{ratio_expert} |")
            if "tecsync" in summ and "fetch+parse" in summ:
                w = summ["tecsync"]["median"] - summ["fetch+parse"]["median"]
                lines.append(f"| {int(count):,} | {scenario} | *tecsync write (= tecsync − fetch+parse)* | "
                             f"{w:.3f} |  |  |  | {w / floor:.1f} |" + (f" {w / expert:.2f} |" if expert else " |"))
    return "\n".join(lines)


def plot(all_results, work):
    dat = os.path.join(work, "flash.dat")
    contenders = [c for c in CONTENDERS]
    with open(dat, "w") as f:
        for scenario, _, _ in SCENARIOS:
            f.write(f"# {scenario}: size " + " ".join(f'"{c}"' for c in contenders) + "\n")
            for count, by_scenario in sorted(all_results.items(), key=lambda kv: int(kv[0])):
                row = [str(count)]
                for c in contenders:
                    s = by_scenario.get(scenario, {}).get(c)
                    row.append(f"{summarize(s)['median']:.4f}" if s else "NaN")
                f.write(" ".join(row) + "\n")
            f.write("\n\n")
    png = os.path.join(work, "flash.png")
    gp = os.path.join(work, "flash.gp")
    with open(gp, "w") as f:
        f.write(f"""set terminal pngcairo size 1500,500 font ",10"
set output '{png}'
set multiplot layout 1,3 title "tecsync flash cycle vs PostgreSQL baselines (median wall time, log-log)"
set logscale xy
set xlabel "catalog size (SKUs)"
set ylabel "seconds"
set grid
set key top left
set format x "%.0s%c"
""")
        for i, (scenario, _, _) in enumerate(SCENARIOS):
            f.write(f'set title "{scenario}"\n')
            f.write("plot " + ", ".join(f"'{dat}' index {i} using 1:{j + 2} with linespoints lw 2 title '{c}'"
                                        for j, c in enumerate(contenders)) + "\n")
        f.write("unset multiplot\n")
    if shutil.which("gnuplot") is None:
        log("gnuplot not found: no PNG (bench/run.sh installs gnuplot-nox when it can)")
        return None
    r = subprocess.run(["gnuplot", gp], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"gnuplot failed: {r.stderr.strip()}")
        return None
    return png


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024 // 1024} GiB RAM"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.system()} {platform.release()}"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--large-runs", type=int, default=0, help="runs per contender above 100,000 SKUs (default: --runs)")
    p.add_argument("--build", required=True)
    p.add_argument("--pg-port", required=True)
    p.add_argument("--work", default=os.path.join(REPO, ".cache", "bench"))
    p.add_argument("--contenders", default=",".join(CONTENDERS))
    p.add_argument("--command", default="", help="the command line to print in the report")
    p.add_argument("--readme", action="store_true", help="write the results into bench/README.md")
    p.add_argument("--keep-db", action="store_true", help="leave the benchmark databases behind")
    opts = p.parse_args(argv)
    opts.work = os.path.abspath(opts.work)
    opts.build = os.path.abspath(opts.build)
    opts.contenders = [c.strip() for c in opts.contenders.split(",") if c.strip()]
    os.makedirs(opts.work, exist_ok=True)
    sizes = [int(s) for s in opts.sizes.split(",") if s]
    started = time.time()

    all_results, parse = {}, []
    # The SQL scripts are read by psql while it runs: use copies, so that an edit
    # in the tree cannot change a running benchmark.
    for script in ("expert.sql", "restore.sql"):
        shutil.copyfile(os.path.join(BENCH, script), os.path.join(opts.work, script))
    for count in sizes:
        size = Size(opts, count)
        all_results[count] = size.bench()
        with open(os.path.join(opts.work, "results.json"), "w") as f:  # partial, per size
            json.dump({"results": all_results, "machine": machine()}, f, indent=1)
        if not opts.keep_db:
            size.pg.run("-c", f"DROP DATABASE IF EXISTS {size.db} WITH (FORCE)", db="postgres")
    parse_size = max((s for s in sizes if s <= 100000), default=sizes[0])
    parse = parse_throughput(opts, parse_size)

    with open(os.path.join(opts.work, "results.json"), "w") as f:
        json.dump({"results": all_results, "parse": parse, "machine": machine()}, f, indent=1)
    large = sorted({c for c in sizes if runs_for(opts, c) != opts.runs})
    runs_text = f"{opts.runs} runs per contender" + "".join(
        f" ({c:,} SKUs: {runs_for(opts, c)})" for c in large)
    md = [f"Command: `{opts.command or 'bench/run.sh'}` — {runs_text}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {int(time.time() - started)} s in all.",
          f"Machine: {machine()}.", "", table(all_results), "",
          f"Parsing on one core (bench_parse, {parse_size:,} SKUs, median of 5):", "",
          "| form | bytes | rows | median s | MB/s |", "|---|---:|---:|---:|---:|"]
    for r in parse:
        md.append(f"| {r['form']} | {r['bytes']:,} | {r['rows']:,} | {r['median_s']:.3f} | {r['mb_per_s']:.0f} |")
    text = "\n".join(md) + "\n"
    with open(os.path.join(opts.work, "results.md"), "w") as f:
        f.write(text)
    png = plot(all_results, opts.work)
    print(text)
    if opts.readme:
        readme = os.path.join(BENCH, "README.md")
        with open(readme, encoding="utf-8") as f:
            old = f.read()
        begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
        if begin in old and end in old:
            block = text + ("\n![time vs catalog size](flash.png)\n" if png else "")
            new = old[:old.index(begin) + len(begin)] + "\n" + block + old[old.index(end):]
            with open(readme, "w", encoding="utf-8") as f:
                f.write(new)
            if png:
                shutil.copyfile(png, os.path.join(BENCH, "flash.png"))
            log("bench/README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
