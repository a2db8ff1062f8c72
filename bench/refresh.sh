#!/usr/bin/env bash
# Refresh benchmark: how long `mantis refresh --all` takes for many products spread over many slow stores.
# See bench/README.md.
#
#   bash bench/refresh.sh                                        # builds release, 1000 products, 20 hosts, 100 ms
#   MANTIS_BIN=.build/debug/mantis bash bench/refresh.sh
#
# Settings (environment):
#   MANTIS_BIN           use this binary instead of building release
#   BENCH_PRODUCTS       products to track (default 1000)
#   BENCH_HOSTS          stores, one per loopback address 127.0.0.1..N (default 20, at most 250)
#   BENCH_DELAY_MS       how long every store takes to answer during the measured runs (default 100)
#   BENCH_RUNS           measured `refresh --all` runs; the median is reported (default 3)
#   BENCH_CONCURRENCY    REFRESH_CONCURRENCY for the runs (default 40)
#   BENCH_PER_HOST       REFRESH_PER_HOST for the runs (default 2)
#   BENCH_ORDER          order the products are added in: "interleaved" (store 1, 2, ..., N, 1, 2, ...; default)
#                        or "grouped" (all of store 1, then all of store 2, ...)
#   BENCH_SQLITE_JOURNAL SQLite journal mode of the bench database: "default" (what Mantis leaves it at,
#                        a rollback journal; default) or "wal" (set with PRAGMA journal_mode=WAL before seeding)
#   BENCH_SEED_WORKERS   parallel POST /products/fetch while seeding (default 8)
#   BENCH_OUT            JSON output (default bench/results/refresh.json)
#   BENCH_KEEP=1         keep the scratch directory (logs, outputs); it is always kept on failure
# All traffic goes to 127.0.0.0/8 only; every loop is bounded.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

BENCH_PRODUCTS=${BENCH_PRODUCTS:-1000}
BENCH_HOSTS=${BENCH_HOSTS:-20}
BENCH_DELAY_MS=${BENCH_DELAY_MS:-100}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-40}
BENCH_PER_HOST=${BENCH_PER_HOST:-2}
BENCH_ORDER=${BENCH_ORDER:-interleaved}
BENCH_SQLITE_JOURNAL=${BENCH_SQLITE_JOURNAL:-default}
BENCH_SEED_WORKERS=${BENCH_SEED_WORKERS:-8}
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/results/refresh.json}

log() { printf '[refresh-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

in_range() { # name min max: the variable must be a whole number from min to max
    local value=${!1}
    [[ $value =~ ^[0-9]+$ ]] && ((value >= $2 && value <= $3)) && return 0
    die "$1 must be a whole number from $2 to $3 (got '$value')"
}
in_range BENCH_PRODUCTS 1 100000
in_range BENCH_HOSTS 1 250
in_range BENCH_DELAY_MS 1 10000
in_range BENCH_RUNS 1 20
in_range BENCH_CONCURRENCY 1 256 # the ranges Mantis itself accepts (AppConfig)
in_range BENCH_PER_HOST 1 16
in_range BENCH_SEED_WORKERS 1 64
[[ $BENCH_ORDER == interleaved || $BENCH_ORDER == grouped ]] || die "BENCH_ORDER must be interleaved or grouped"
[[ $BENCH_SQLITE_JOURNAL == default || $BENCH_SQLITE_JOURNAL == wal ]] || die "BENCH_SQLITE_JOURNAL must be default or wal"

# ---------------------------------------------------------------- tools


command -v python3 >/dev/null || apt_install python3
command -v curl >/dev/null || apt_install curl

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg) # before this script adds any load

# ---------------------------------------------------------------- binary

resolve_binary

# ---------------------------------------------------------------- scratch space and cleanup

TMP=$(mktemp -d /tmp/mantis-refresh-bench.XXXXXX)
SERVER_PID=""
FIXTURE_PID=""

stop_pid() { # pid: TERM, wait up to 10 s, then KILL
    local pid=$1 i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$SERVER_PID"
    stop_pid "$FIXTURE_PID"
    rm -f "$TMP/bin/mantis" # a copy of the binary (large); logs stay if kept
    finish_scratch "$rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a private copy, so that a rebuild of MANTIS_BIN during the benchmark cannot swap binaries between runs.
mkdir -p "$TMP/bin"
cp "$BIN" "$TMP/bin/mantis"
BIN_SHA=$(sha256sum "$TMP/bin/mantis" | cut -c1-16)
RUN_BIN=$TMP/bin/mantis

# ---------------------------------------------------------------- fixture stores

# One ThreadingHTTPServer per address 127.0.0.1..N, all on the same port, in threads of one process.
#   GET /p/<n>              product page (JSON-LD), answered after the current delay
#   GET /set-delay?ms=<ms>  change the delay
#   GET /stats              {"requests", "per_host_requests", "max_in_flight_per_host", "max_in_flight", ...}
#   GET /reset              zero the counters
# A page request counts as in flight from its arrival until just before its response is written, so a
# client cannot have seen the answer (and started its next request) while it is still counted.
cat >"$TMP/stores.py" <<'PY'
import http.server, json, re, socket, sys, threading, time, urllib.parse, zlib

port_file, hosts, delay_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lock = threading.Lock()
state = {"delay_ms": delay_ms}

def fresh():
    return {"requests": 0, "per_host_requests": {}, "in_flight": {}, "max_in_flight_per_host": {},
            "total_in_flight": 0, "max_in_flight": 0, "not_found": 0}
stats = fresh()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def control(self, path, query):
        global stats
        if path == "/set-delay":
            ms = int(query.get("ms", ["-1"])[0])
            if not 0 <= ms <= 60000:
                return self.reply(400, b"ms must be 0..60000\n", "text/plain")
            with lock:
                state["delay_ms"] = ms
            return self.reply(200, json.dumps({"delay_ms": ms}).encode(), "application/json")
        if path == "/reset":
            with lock:
                stats = fresh()
            return self.reply(200, b"{}", "application/json")
        if path == "/stats":
            with lock:
                doc = {k: v for k, v in stats.items() if k not in ("in_flight", "total_in_flight")}
                doc["delay_ms"] = state["delay_ms"]
                doc["max_in_flight_per_host_overall"] = max(stats["max_in_flight_per_host"].values(), default=0)
                body = json.dumps(doc).encode()
            return self.reply(200, body, "application/json")
        return None

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/set-delay", "/reset", "/stats"):
            return self.control(url.path, urllib.parse.parse_qs(url.query))
        m = re.fullmatch(r"/p/(\d+)", url.path)
        if not m:
            with lock:
                stats["not_found"] += 1
            return self.reply(404, b"not found\n", "text/plain")
        n = int(m.group(1))
        host = self.headers.get("Host", "?")
        with lock:
            s = stats
            s["requests"] += 1
            s["per_host_requests"][host] = s["per_host_requests"].get(host, 0) + 1
            s["in_flight"][host] = s["in_flight"].get(host, 0) + 1
            s["max_in_flight_per_host"][host] = max(s["max_in_flight_per_host"].get(host, 0), s["in_flight"][host])
            s["total_in_flight"] += 1
            s["max_in_flight"] = max(s["max_in_flight"], s["total_in_flight"])
            delay = state["delay_ms"]
        try:
            if delay:
                time.sleep(delay / 1000)
            price = "%d.%02d" % (5 + zlib.crc32(b"%d" % n) % 495, n % 100)
            body = ("""<!doctype html><html><head><meta charset="utf-8"><title>Item %d</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Item %d",
"offers":{"@type":"Offer","price":"%s","priceCurrency":"EUR"}}</script></head>
<body><h1>Item %d</h1></body></html>""" % (n, n, price, n)).encode()
        finally:
            with lock:
                s["in_flight"][host] -= 1
                s["total_in_flight"] -= 1
        self.reply(200, body, "text/html; charset=utf-8")

    def log_message(self, *args):
        pass

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

def bind_all():
    """All N addresses on one port: take a free port on 127.0.0.1, then claim it on the others; retry if taken."""
    for _ in range(50):
        first = Server(("127.0.0.1", 0), Handler)
        port = first.server_address[1]
        servers = [first]
        try:
            for h in range(2, hosts + 1):
                servers.append(Server(("127.0.0.%d" % h, port), Handler))
            return port, servers
        except OSError:
            for s in servers:
                s.server_close()
    sys.exit("stores: could not bind one port on all %d addresses" % hosts)

port, servers = bind_all()
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
import os
os.replace(port_file + ".tmp", port_file)
threading.Event().wait()
PY

python3 "$TMP/stores.py" "$TMP/stores.port" "$BENCH_HOSTS" 0 2>"$TMP/stores.log" &
FIXTURE_PID=$!
for ((i = 0; i < 100; i++)); do
    [[ -s $TMP/stores.port ]] && break
    kill -0 "$FIXTURE_PID" 2>/dev/null || { cat "$TMP/stores.log" >&2; die "fixture stores exited"; }
    sleep 0.1
done
[[ -s $TMP/stores.port ]] || die "fixture stores did not start"
STORE_PORT=$(cat "$TMP/stores.port")
STORE_CTL=http://127.0.0.1:$STORE_PORT
log "fixture stores on 127.0.0.1..$BENCH_HOSTS, port $STORE_PORT"

store_ctl() { # path -> body
    curl -sS --fail --max-time 10 "$STORE_CTL$1"
}

# ---------------------------------------------------------------- mantis

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

DB=$TMP/bench.sqlite
COMMON_ENV=(MANTIS_DB_PATH="$DB" FETCH_ALLOW_PRIVATE=true LOG_LEVEL=warning)
REFRESH_ENV=("${COMMON_ENV[@]}" REFRESH_CONCURRENCY="$BENCH_CONCURRENCY" REFRESH_PER_HOST="$BENCH_PER_HOST")

# Runs in $TMP so that no .env file from the repository or elsewhere is loaded.
mantis() {
    (cd "$TMP" && exec env -u DATABASE_URL -u MANTIS_DB_PATH -u MANTIS_MODE "$@")
}

log "mantis migrate --yes ($DB)"
mantis "${COMMON_ENV[@]}" "$RUN_BIN" migrate --yes >"$TMP/migrate.log" 2>&1 \
    || { cat "$TMP/migrate.log" >&2; die "migrate failed"; }
if [[ $BENCH_SQLITE_JOURNAL == wal ]]; then
    # WAL is a property of the database file: it stays on for every later connection.
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL").fetchone()[0])' \
        "$DB" | grep -qx wal || die "could not switch $DB to WAL"
    log "bench database switched to journal_mode=WAL (not what Mantis does by itself)"
fi
JOURNAL_MODE=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' "$DB")

port=$(free_port)
BASE=http://127.0.0.1:$port
log "starting mantis serve (local mode) on $BASE"
# Not through mantis(): the subshell must exec straight into the server so $! is the server's PID.
(cd "$TMP" && exec env -u DATABASE_URL -u MANTIS_DB_PATH "${COMMON_ENV[@]}" MANTIS_MODE=local REFRESH_SCHEDULER=false \
    "$RUN_BIN" serve --hostname 127.0.0.1 --port "$port") >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
code=000
for ((i = 0; i < 240; i++)); do # up to 60 s
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "server exited during start-up"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health" || true)
    [[ $code == 200 ]] && break
    sleep 0.25
done
[[ $code == 200 ]] || { cat "$TMP/server.log" >&2; die "GET /health never returned 200"; }

# ---------------------------------------------------------------- seed

# Product n lives on store 127.0.0.h. Interleaved: consecutive products on different stores. Grouped: store
# by store. Either way every store gets BENCH_PRODUCTS / BENCH_HOSTS products (give or take one).
python3 - "$BENCH_PRODUCTS" "$BENCH_HOSTS" "$STORE_PORT" "$BENCH_ORDER" >"$TMP/seed.urls" <<'PY'
import sys
count, hosts, port, order = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
per, extra = divmod(count, hosts)
if order == "interleaved":
    pairs = [(n, (n - 1) % hosts + 1) for n in range(1, count + 1)]
else:
    pairs, n = [], 0
    for h in range(1, hosts + 1):
        for _ in range(per + (1 if h <= extra else 0)):
            n += 1
            pairs.append((n, h))
for n, h in pairs:
    print('{"url":"http://127.0.0.%d:%s/p/%d"}' % (h, port, n))
PY

log "seeding $BENCH_PRODUCTS products ($BENCH_ORDER over $BENCH_HOSTS stores, no delay) with $BENCH_SEED_WORKERS parallel POST /products/fetch"
seed_start=$(date +%s.%N)
# Each line of seed.urls is one JSON body; every curl prints its status code. xargs -d '\n' keeps the quotes.
xargs -d '\n' -P "$BENCH_SEED_WORKERS" -I '{}' \
    curl -sS -o /dev/null -w '%{http_code}\n' --max-time 60 -H 'Content-Type: application/json' \
    -d '{}' "$BASE/products/fetch" <"$TMP/seed.urls" >"$TMP/seed.codes" 2>"$TMP/seed.err" || true
seed_end=$(date +%s.%N)
created=$(grep -c '^201$' "$TMP/seed.codes" || true)
if [[ $created != "$BENCH_PRODUCTS" ]]; then
    sort "$TMP/seed.codes" | uniq -c >&2
    head -5 "$TMP/seed.err" >&2
    die "POST /products/fetch returned 201 for $created of $BENCH_PRODUCTS products"
fi
listed=$(curl -sS --fail --max-time 60 "$BASE/products" \
    | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d), sum(1 for p in d if p.get("current_price") is not None))')
[[ $listed == "$BENCH_PRODUCTS $BENCH_PRODUCTS" ]] \
    || die "GET /products: got '$listed' (listed, priced); expected $BENCH_PRODUCTS $BENCH_PRODUCTS"
SEED_SECONDS=$(python3 -c "print(round($seed_end - $seed_start, 2))")
log "seeded in ${SEED_SECONDS}s; GET /products lists $BENCH_PRODUCTS priced products"
stop_pid "$SERVER_PID"
SERVER_PID=""

# ---------------------------------------------------------------- measure

store_ctl "/set-delay?ms=$BENCH_DELAY_MS" >/dev/null
RUNS=$TMP/runs.jsonl
: >"$RUNS"

now() { date +%s.%N; }

for ((run = 1; run <= BENCH_RUNS; run++)); do
    store_ctl /reset >/dev/null
    log "run $run/$BENCH_RUNS: mantis refresh --all (REFRESH_CONCURRENCY=$BENCH_CONCURRENCY REFRESH_PER_HOST=$BENCH_PER_HOST)"
    t0=$(now)
    rc=0
    mantis "${REFRESH_ENV[@]}" "$RUN_BIN" refresh --all >"$TMP/run$run.out" 2>"$TMP/run$run.err" || rc=$?
    t1=$(now)
    ((rc == 0)) || { cat "$TMP/run$run.out" "$TMP/run$run.err" >&2; die "refresh --all exited with $rc"; }
    store_ctl /stats >"$TMP/run$run.stats"
    # The same command with nothing due: start-up, one empty claim, shut-down.
    t2=$(now)
    rc=0
    mantis "${REFRESH_ENV[@]}" "$RUN_BIN" refresh >"$TMP/run$run.idle.out" 2>"$TMP/run$run.idle.err" || rc=$?
    t3=$(now)
    ((rc == 0)) || { cat "$TMP/run$run.idle.out" "$TMP/run$run.idle.err" >&2; die "refresh (idle) exited with $rc"; }
    python3 - "$run" "$t0" "$t1" "$t2" "$t3" "$TMP/run$run.out" "$TMP/run$run.idle.out" "$TMP/run$run.stats" \
        "$BENCH_PRODUCTS" "$BENCH_PER_HOST" >>"$RUNS" <<'PY'
import json, re, sys
run, t0, t1, t2, t3, out_path, idle_path, stats_path, products, per_host = sys.argv[1:]
out, idle = open(out_path).read(), open(idle_path).read()
pattern = r"Checked (\d+) product\(s\): (\d+) succeeded, (\d+) failed"
m = re.search(pattern, out)
if not m:
    sys.exit(f"run {run}: no 'Checked N product(s)' line in refresh --all output:\n{out}")
checked, succeeded, failed = map(int, m.groups())
mi = re.search(pattern, idle)
if not mi:
    sys.exit(f"run {run}: no 'Checked N product(s)' line in idle refresh output:\n{idle}")
# Newer builds also print the round's own duration ("... failed in 2.51 seconds."); keep it if present.
mt = re.search(pattern + r"\s+in\s+([\d.,]+)\s*(ms|s|sec|secs|seconds)\b", out)
in_process = None
if mt:
    value = float(mt.group(4).replace(",", "."))
    in_process = value / 1000 if mt.group(5) == "ms" else value
stats = json.load(open(stats_path))
raw, base = float(t1) - float(t0), float(t3) - float(t2)
row = {
    "run": int(run), "raw_s": round(raw, 3), "idle_s": round(base, 3), "net_s": round(raw - base, 3),
    "round_s_reported": in_process,
    "checked": checked, "succeeded": succeeded, "failed": failed, "idle_checked": int(mi.group(1)),
    "failure_lines": [l.strip() for l in out.splitlines() if l.strip().startswith("failed:")][:20],
    "store_requests": stats["requests"], "store_hosts_seen": len(stats["per_host_requests"]),
    "max_in_flight_per_host": stats["max_in_flight_per_host_overall"], "max_in_flight": stats["max_in_flight"],
    "not_found": stats["not_found"],
}
problems = []
if checked != int(products): problems.append(f"checked {checked}, expected {products}")
if failed: problems.append(f"{failed} failed")
if row["idle_checked"] != 0: problems.append(f"idle refresh checked {row['idle_checked']}, expected 0")
if stats["requests"] != int(products): problems.append(f"stores saw {stats['requests']} page requests, expected {products}")
if stats["max_in_flight_per_host_overall"] > int(per_host):
    problems.append(f"a store saw {stats['max_in_flight_per_host_overall']} requests at once, limit {per_host}")
row["problems"] = problems
print(json.dumps(row))
PY
    tail -n1 "$RUNS" | python3 -c 'import json, sys; r = json.load(sys.stdin); print("  raw %(raw_s).2fs  idle %(idle_s).2fs  net %(net_s).2fs  checked %(checked)d  failed %(failed)d  max in flight per host %(max_in_flight_per_host)d, overall %(max_in_flight)d" % r)' >&2
done

mkdir -p "$(dirname "$BENCH_OUT")"
python3 - "$RUNS" "$BENCH_OUT" <<PY
import json, math, os, statistics, subprocess, sys, time

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
products, hosts, delay_ms = $BENCH_PRODUCTS, $BENCH_HOSTS, $BENCH_DELAY_MS
concurrency, per_host = $BENCH_CONCURRENCY, $BENCH_PER_HOST
# The fastest any scheduler could go under these limits: the busiest store's products in waves of per_host,
# and never more than min(concurrency, hosts * per_host) checks at once overall.
busiest = math.ceil(products / hosts)
waves = max(math.ceil(busiest / per_host), math.ceil(products / min(concurrency, hosts * per_host)))
ideal = waves * delay_ms / 1000
med = lambda key: round(statistics.median(r[key] for r in rows), 3)
reported = [r["round_s_reported"] for r in rows if r["round_s_reported"] is not None]
try:
    commit = subprocess.run(["git", "-C", "$ROOT", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or None
    dirty = bool(subprocess.run(["git", "-C", "$ROOT", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip())
except OSError:
    commit, dirty = None, None
summary = {
    "raw_s_median": med("raw_s"), "idle_s_median": med("idle_s"), "net_s_median": med("net_s"),
    "round_s_reported_median": round(statistics.median(reported), 3) if reported else None,
    "ideal_s": ideal,
    "net_over_ideal": round(med("net_s") / ideal, 2),
    "raw_over_ideal": round(med("raw_s") / ideal, 2),
    "max_in_flight_per_host": max(r["max_in_flight_per_host"] for r in rows),
    "max_in_flight": max(r["max_in_flight"] for r in rows),
    "all_checks_ok": all(not r["problems"] for r in rows),
}
doc = {
    "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "git_commit": commit, "git_dirty": dirty,
    "binary": "$BIN", "binary_sha256_16": "$BIN_SHA",
    "build_seconds": $BUILD_SECONDS,
    "cpus": os.cpu_count(),
    "loadavg_start": [float(x) for x in "$LOAD_START".split()], "loadavg_end": list(os.getloadavg()),
    "setup": {"products": products, "hosts": hosts, "delay_ms": delay_ms, "order": "$BENCH_ORDER",
              "REFRESH_CONCURRENCY": concurrency, "REFRESH_PER_HOST": per_host, "runs": len(rows),
              "database": "sqlite", "sqlite_journal_mode": "$JOURNAL_MODE", "seed_seconds": $SEED_SECONDS, "seed_workers": $BENCH_SEED_WORKERS},
    "summary": summary,
    "runs": rows,
}
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

print(f"\nmantis refresh --all: {products} products over {hosts} stores answering after {delay_ms} ms ({'$BENCH_ORDER'})")
print(f"REFRESH_CONCURRENCY={concurrency} REFRESH_PER_HOST={per_host}; SQLite journal_mode=$JOURNAL_MODE; binary {'$BIN'}")
print(f"  {'run':>4} {'raw s':>8} {'idle s':>8} {'net s':>8} {'checked':>8} {'failed':>7} {'max/host':>9} {'max all':>8}")
for r in rows:
    print(f"  {r['run']:>4} {r['raw_s']:>8.2f} {r['idle_s']:>8.2f} {r['net_s']:>8.2f} {r['checked']:>8} {r['failed']:>7}"
          f" {r['max_in_flight_per_host']:>9} {r['max_in_flight']:>8}")
s = summary
print(f"  {'med':>4} {s['raw_s_median']:>8.2f} {s['idle_s_median']:>8.2f} {s['net_s_median']:>8.2f}")
print(f"  ideal {ideal:.2f}s  ->  net / ideal = {s['net_over_ideal']}x   (raw / ideal = {s['raw_over_ideal']}x)")
if s["round_s_reported_median"] is not None:
    print(f"  round time printed by mantis itself (median): {s['round_s_reported_median']:.2f}s")
for r in rows:
    for p in r["problems"]:
        print(f"  PROBLEM in run {r['run']}: {p}")
    for line in r["failure_lines"][:5]:
        print(f"  run {r['run']} {line}")
if doc["loadavg_start"][0] >= 1.0:
    print(f"  note: load average was {doc['loadavg_start'][0]} when the benchmark started: something else was running,"
          " the numbers are noisy")
print(f"\nwrote {sys.argv[2]}")
sys.exit(0 if s["all_checks_ok"] else 2)
PY
