#!/usr/bin/env bash
# HTTP benchmark for Mantis on SQLite and PostgreSQL. See bench/README.md.
#
#   bash bench/run.sh                                   # builds release, runs both databases
#   MANTIS_BIN=.build/debug/mantis BENCH_DURATION=3s bash bench/run.sh
#
# Settings (environment):
#   MANTIS_BIN          use this binary instead of building release
#   BENCH_DURATION      length of each measured wrk run (default 10s; "Ns", "Nm" or plain seconds)
#   BENCH_THREADS       wrk threads (default 2)
#   BENCH_CONNECTIONS   wrk connections (default 16)
#   BENCH_TIMEOUT       wrk per-request timeout (default 30s; login at bcrypt cost 12 is slow)
#   BENCH_DATABASES     which rounds to run (default "sqlite postgres")
#   BENCH_PRODUCTS      products to seed (default 50)
#   BENCH_POINTS        price points per product (default 10)
#   BENCH_HISTORY_POINTS  then grow every product's history to this many points with SQL and measure
#                       GET /products again, printing the ratio (default 1000; 0 skips it)
#   BENCH_DETAIL_POINTS then grow one product's history to this many points and time GET /products/{id}
#                       with one connection (default 10000; 0 skips it)
#   BENCH_OUT           JSON output (default bench/results/latest.json)
#   BENCH_KEEP=1        keep the scratch directory (wrk outputs, server logs); it is always kept on failure
# All traffic goes to 127.0.0.1 only; every loop is bounded.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin

BENCH_DURATION=${BENCH_DURATION:-10s}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-16}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-30s}
BENCH_DATABASES=${BENCH_DATABASES:-sqlite postgres}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-50}
BENCH_POINTS=${BENCH_POINTS:-10}
BENCH_HISTORY_POINTS=${BENCH_HISTORY_POINTS:-1000}
BENCH_DETAIL_POINTS=${BENCH_DETAIL_POINTS:-10000}
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/results/latest.json}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

if [[ $BENCH_DURATION =~ ^([0-9]+)(s?)$ ]]; then
    DURATION_S=${BASH_REMATCH[1]}
elif [[ $BENCH_DURATION =~ ^([0-9]+)m$ ]]; then
    DURATION_S=$((BASH_REMATCH[1] * 60))
else
    die "BENCH_DURATION must look like 10s, 2m or 10 (got '$BENCH_DURATION')"
fi
((DURATION_S >= 1 && DURATION_S <= 600)) || die "BENCH_DURATION must be 1s..10m"
for db in $BENCH_DATABASES; do
    [[ $db == sqlite || $db == postgres ]] || die "BENCH_DATABASES: unknown database '$db'"
done

# ---------------------------------------------------------------- tools


need_commands python3 wrk curl
if [[ " $BENCH_DATABASES " == *" sqlite "* ]]; then need_commands sqlite3; fi
if [[ " $BENCH_DATABASES " == *" postgres "* ]]; then need_postgres; fi

# ---------------------------------------------------------------- binary

resolve_binary

# ---------------------------------------------------------------- scratch space and cleanup

TMP=$(mktemp -d /tmp/mantis-bench.XXXXXX)
PG_DIR=""
PG_PORT=""
SERVER_PID=""
FIXTURE_PID=""
FLOOD_PID=""

stop_pid() { # pid name: TERM, wait up to 10 s, then KILL
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

stop_postgres() {
    if [[ -n $PG_DIR && -f $PG_DIR/postmaster.pid ]]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [[ -n $PG_DIR ]]; then
        rm -rf "$PG_DIR"
        PG_DIR=""
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$FLOOD_PID"
    stop_pid "$SERVER_PID"
    stop_pid "$FIXTURE_PID"
    stop_postgres
    finish_scratch "$rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------- helper programs

# A product page whose price moves a little on every visit, so each product gets a real history.
cat >"$TMP/fixture.py" <<'PY'
import http.server, sys, threading, zlib

hits = {}
lock = threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with lock:
            n = hits.get(self.path, 0)
            hits[self.path] = n + 1
        base = 20 + zlib.crc32(self.path.encode()) % 500
        price = "%.2f" % (base + ((n * 37) % 11) * 0.5)
        body = ("""<!doctype html><html><head><title>Bench Kettle</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Bench Kettle %s",
"image":"http://127.0.0.1/kettle.jpg","offers":{"@type":"Offer","price":"%s","priceCurrency":"EUR",
"availability":"https://schema.org/InStock"}}</script></head><body><h1>Bench Kettle</h1></body></html>"""
                % (self.path, price)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY

# Registers the bench user, seeds products through the API and checks the result.
cat >"$TMP/seed.py" <<'PY'
import json, sys, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

def call(method, url, body=None, token=None, timeout=120):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")

def expect(status, want, what, payload):
    if status != want:
        sys.exit(f"seed: {what} returned {status}, expected {want}: {str(payload)[:300]}")

cmd, base = sys.argv[1], sys.argv[2]
if cmd == "register":
    email, password = sys.argv[3], sys.argv[4]
    status, body = call("POST", base + "/auth/register", {"email": email, "password": password})
    expect(status, 201, "POST /auth/register", body)
    status, body = call("POST", base + "/auth/login", {"email": email, "password": password})
    expect(status, 200, "POST /auth/login", body)
    print(body["access_token"])
elif cmd == "products":
    token, fixture, count, points = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    def fetch(i):
        status, body = call("POST", base + "/products/fetch", {"url": f"{fixture}/kettle?p={i}"}, token)
        expect(status, 201, f"POST /products/fetch #{i}", body)
        return body["id"]
    def refresh(pid):
        status, body = call("POST", f"{base}/products/{pid}/refresh", None, token)
        expect(status, 200, f"POST /products/{pid}/refresh", body)
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(fetch, range(1, count + 1)))
        for _ in range(points - 1):
            list(pool.map(refresh, ids))
    status, listed = call("GET", base + "/products", None, token)
    expect(status, 200, "GET /products", listed)
    if len(listed) != count:
        sys.exit(f"seed: GET /products returned {len(listed)} products, expected {count}")
    if any(p.get("current_price") is None for p in listed):
        sys.exit("seed: a listed product has no current_price")
    status, one = call("GET", f"{base}/products/{ids[0]}", None, token)
    expect(status, 200, "GET /products/:id", one)
    if len(one.get("history") or []) != points:
        sys.exit(f"seed: product history has {len(one.get('history') or [])} points, expected {points}")
    print(f"seeded {len(listed)} products x {points} price points; GET /products body {len(json.dumps(listed))} bytes")
else:
    sys.exit("seed: unknown command " + cmd)
PY

# wrk output -> one JSON object.
cat >"$TMP/parse_wrk.py" <<'PY'
import json, re, sys

def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

db, scenario, path = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
out = {"database": db, "scenario": scenario}
for pct in ("50", "75", "90", "99"):
    m = re.search(r"^\s*%s(?:\.000)?%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, text, re.M)
    out["p%s_ms" % pct] = round(ms(*m.groups()), 3) if m else None
m = re.search(r"Requests/sec:\s+([\d.]+)", text)
out["requests_per_sec"] = float(m.group(1)) if m else None
m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
out["requests"] = int(m.group(1)) if m else None
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
out["non_2xx"] = int(m.group(1)) if m else 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
out["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else None
if out["requests_per_sec"] is None or out["p50_ms"] is None:
    sys.exit(f"parse_wrk: could not read wrk output in {path}:\n{text}")
print(json.dumps(out))
PY

# ---------------------------------------------------------------- one round

JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
BENCH_EMAIL=bench@example.com
BENCH_PASSWORD=bench-password-123
RESULTS=$TMP/results.jsonl
: >"$RESULTS"

WRK=(wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" --timeout "$BENCH_TIMEOUT" --latency)

cat >"$TMP/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"$BENCH_EMAIL","password":"$BENCH_PASSWORD"}'
LUA

start_postgres() { start_throwaway_postgres mantis_bench; }

# Sets SERVER_ENV for the round.
server_env() {
    local db=$1
    # One account logs in again and again from one address: the rate limits would measure themselves.
    SERVER_ENV=(MANTIS_MODE=web BCRYPT_COST=12 JWT_SECRET_KEY="$JWT_SECRET" MAIL_TRANSPORT=log
        LOG_LEVEL=warning FETCH_ALLOW_PRIVATE=true AUTH_RATE_LIMIT_PER_IP=0 LOGIN_RATE_LIMIT_PER_ACCOUNT=0)
    if [[ $db == sqlite ]]; then
        SERVER_ENV+=(MANTIS_DB_PATH="$TMP/bench.sqlite")
    else
        SERVER_ENV+=(DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/mantis_bench")
    fi
}

# The server runs in $TMP so that no .env file from the repository or elsewhere is loaded.
mantis() {
    (cd "$TMP" && exec env -u DATABASE_URL -u MANTIS_DB_PATH "${SERVER_ENV[@]}" "$BIN" "$@")
}

sql() { # db statement
    if [[ $1 == sqlite ]]; then
        sqlite3 -bail "$TMP/bench.sqlite" "$2"
    else
        "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mantis_bench -v ON_ERROR_STOP=1 -qAt -c "$2"
    fi
}

cpu_ticks() { # pid -> user+system CPU ticks so far
    local stat
    stat=$(<"/proc/$1/stat") || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    echo $((${12} + ${13}))
}

# Requests that wrk gave up on keep running in the server (bcrypt is not cancelled), so before each
# measurement wait until the server has been nearly idle (<10% of a core) for a second; at most 60 s.
wait_idle() {
    local pid=$1 before after quiet=0 i
    before=$(cpu_ticks "$pid") || return 0
    for ((i = 0; i < 120; i++)); do
        sleep 0.5
        after=$(cpu_ticks "$pid") || return 0
        if ((after - before < 5)); then
            quiet=$((quiet + 1))
            ((quiet >= 2)) && return 0
        else
            quiet=0
        fi
        before=$after
    done
    log "  (server still busy after 60 s; measuring anyway)"
}

run_wrk() { # db scenario outfile wrk-args...
    local db=$1 scenario=$2 out=$3
    shift 3
    [[ $scenario == *flood* ]] || wait_idle "$SERVER_PID"
    "${WRK[@]}" "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed for $scenario"; }
    python3 "$TMP/parse_wrk.py" "$db" "$scenario" "$out" >>"$RESULTS"
    log "  $scenario: $(grep -E 'Requests/sec' "$out" | tr -s ' ')"
}

run_round() {
    local db=$1 port base token i code
    log "=== round: $db"
    rm -f "$TMP"/bench.sqlite*
    if [[ $db == postgres ]]; then start_postgres; fi
    server_env "$db"

    if [[ $db == postgres ]]; then
        log "mantis migrate --yes"
        mantis migrate --yes --env production >"$TMP/migrate-$db.log" 2>&1 \
            || { cat "$TMP/migrate-$db.log" >&2; die "migrate failed"; }
    fi

    port=$(free_port)
    base=http://127.0.0.1:$port
    log "starting mantis serve on $base"
    # Not through mantis(): the subshell must exec straight into the server so $! is the server's PID.
    (cd "$TMP" && exec env -u DATABASE_URL -u MANTIS_DB_PATH "${SERVER_ENV[@]}" \
        "$BIN" serve --env production --hostname 127.0.0.1 --port "$port") >"$TMP/server-$db.log" 2>&1 &
    SERVER_PID=$!
    code=000
    for ((i = 0; i < 240; i++)); do # up to 60 s
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server-$db.log" >&2; die "server exited during start-up"; }
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health" || true)
        [[ $code == 200 ]] && break
        sleep 0.25
    done
    [[ $code == 200 ]] || { cat "$TMP/server-$db.log" >&2; die "GET /health never returned 200"; }

    log "seeding: register, verify in the database, $BENCH_PRODUCTS products x $BENCH_POINTS points via the API"
    token=$(python3 "$TMP/seed.py" register "$base" "$BENCH_EMAIL" "$BENCH_PASSWORD")
    if [[ $db == sqlite ]]; then
        sql sqlite "UPDATE users SET is_verified = 1"
    else
        sql postgres "UPDATE users SET is_verified = true"
    fi
    python3 "$TMP/seed.py" products "$base" "$token" "http://127.0.0.1:$FIXTURE_PORT" "$BENCH_PRODUCTS" "$BENCH_POINTS" >&2
    local stored
    stored=$(sql "$db" "SELECT COUNT(*) FROM price_points")
    [[ $stored == $((BENCH_PRODUCTS * BENCH_POINTS)) ]] || die "price_points has $stored rows, expected $((BENCH_PRODUCTS * BENCH_POINTS))"

    log "warm-up (2s, not recorded)"
    wrk -t1 -c4 -d2s -H "Authorization: Bearer $token" "$base/products" >/dev/null 2>&1 || true

    log "measuring, ${DURATION_S}s per scenario"
    run_wrk "$db" "GET /products" "$TMP/wrk-$db-products.txt" -d"${DURATION_S}s" \
        -H "Authorization: Bearer $token" "$base/products"
    run_wrk "$db" "GET /health" "$TMP/wrk-$db-health.txt" -d"${DURATION_S}s" "$base/health"
    run_wrk "$db" "POST /auth/login" "$TMP/wrk-$db-login.txt" -d"${DURATION_S}s" \
        -s "$TMP/login.lua" "$base/auth/login"

    # Flat in history: the same list with each product's history grown to BENCH_HISTORY_POINTS, by SQL.
    if ((BENCH_HISTORY_POINTS > BENCH_POINTS)); then
        local extra=$((BENCH_HISTORY_POINTS - BENCH_POINTS))
        log "growing each product's history by $extra points (SQL)"
        if [[ $db == sqlite ]]; then
            sql sqlite "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $extra)
                INSERT INTO price_points (id, product_id, price, currency, checked_at)
                SELECT lower(hex(randomblob(16))), p.id, '19.99', 'EUR', CAST(strftime('%s', 'now') AS REAL) - 3600.0 * (n.i + 1)
                FROM products p, n" >/dev/null
        else
            sql postgres "INSERT INTO price_points (id, product_id, price, currency, checked_at)
                SELECT gen_random_uuid(), p.id, 19.99, 'EUR', now() - make_interval(hours => i + 1)
                FROM products p, generate_series(1, $extra) AS i" >/dev/null
        fi
        # A history grown in one statement leaves its pages in SQLite's write-ahead log until a checkpoint;
        # one grown by checks over months has long been checkpointed. Fold the log back in as time would.
        [[ $db == sqlite ]] && sql sqlite "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
        stored=$(sql "$db" "SELECT COUNT(*) FROM price_points")
        [[ $stored == $((BENCH_PRODUCTS * BENCH_HISTORY_POINTS)) ]] || die "price_points has $stored rows, expected $((BENCH_PRODUCTS * BENCH_HISTORY_POINTS))"
        wrk -t1 -c4 -d2s -H "Authorization: Bearer $token" "$base/products" >/dev/null 2>&1 || true
        run_wrk "$db" "GET /products (${BENCH_HISTORY_POINTS} points)" "$TMP/wrk-$db-products-history.txt" -d"${DURATION_S}s" \
            -H "Authorization: Bearer $token" "$base/products"
    fi

    # One product with a long history: GET /products/{id} answers with at most max_points (default 500) of it.
    if ((BENCH_DETAIL_POINTS > 0)); then
        local one have extra_detail
        one=$(sql "$db" "SELECT id FROM products LIMIT 1")
        have=$(sql "$db" "SELECT COUNT(*) FROM price_points WHERE product_id = '$one'")
        extra_detail=$((BENCH_DETAIL_POINTS - have))
        if ((extra_detail > 0)); then
            log "growing one product's history to $BENCH_DETAIL_POINTS points (SQL)"
            if [[ $db == sqlite ]]; then
                sql sqlite "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $extra_detail)
                    INSERT INTO price_points (id, product_id, price, currency, checked_at)
                    SELECT lower(hex(randomblob(16))), '$one', printf('%.2f', 15 + (n.i % 700) / 100.0), 'EUR',
                        CAST(strftime('%s', 'now') AS REAL) - 600.0 * (n.i + 2000) FROM n" >/dev/null
            else
                sql postgres "INSERT INTO price_points (id, product_id, price, currency, checked_at)
                    SELECT gen_random_uuid(), '$one', round(15 + (i % 700) / 100.0, 2), 'EUR', now() - make_interval(mins => 10 * (i + 2000))
                    FROM generate_series(1, $extra_detail) AS i" >/dev/null
            fi
        fi
        # Latency, not throughput: one connection, one request at a time.
        run_wrk "$db" "GET /products/{id} (${BENCH_DETAIL_POINTS} points)" "$TMP/wrk-$db-detail.txt" -t1 -c1 -d"${DURATION_S}s" \
            -H "Authorization: Bearer $token" "$base/products/$one"
    fi

    # The login flood starts first and ends after the /health run, so /health is measured under it throughout.
    wait_idle "$SERVER_PID"
    "${WRK[@]}" -d"$((DURATION_S + 3))s" -s "$TMP/login.lua" "$base/auth/login" >"$TMP/wrk-$db-flood.txt" 2>&1 &
    FLOOD_PID=$!
    sleep 1
    run_wrk "$db" "GET /health + login flood" "$TMP/wrk-$db-health-flood.txt" -d"${DURATION_S}s" "$base/health"
    wait "$FLOOD_PID" || { cat "$TMP/wrk-$db-flood.txt" >&2; die "login flood wrk failed"; }
    FLOOD_PID=""
    python3 "$TMP/parse_wrk.py" "$db" "(login flood itself)" "$TMP/wrk-$db-flood.txt" >>"$RESULTS"

    wait_idle "$SERVER_PID"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/health" || true)
    [[ $code == 200 ]] || die "GET /health returned $code after the run"
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    if [[ $db == postgres ]]; then stop_postgres; fi
}

# ---------------------------------------------------------------- main

started=$SECONDS
python3 "$TMP/fixture.py" "$TMP/fixture.port" &
FIXTURE_PID=$!
for ((i = 0; i < 50; i++)); do
    [[ -s $TMP/fixture.port ]] && break
    sleep 0.1
done
[[ -s $TMP/fixture.port ]] || die "fixture server did not start"
FIXTURE_PORT=$(cat "$TMP/fixture.port")

for db in $BENCH_DATABASES; do
    run_round "$db"
done

mkdir -p "$(dirname "$BENCH_OUT")"
python3 - "$RESULTS" "$BENCH_OUT" <<PY
import json, os, subprocess, sys, time

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
try:
    commit = subprocess.run(["git", "-C", "$ROOT", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or None
except OSError:
    commit = None
ratios = {}
for db in dict.fromkeys(r["database"] for r in rows):
    by = {r["scenario"]: r for r in rows if r["database"] == db}
    alone, flood = by.get("GET /health"), by.get("GET /health + login flood")
    if alone and flood and alone["p50_ms"]:
        ratios[db] = {"health_p50_flood_over_alone": round(flood["p50_ms"] / alone["p50_ms"], 2),
                      "health_p99_flood_over_alone": round(flood["p99_ms"] / alone["p99_ms"], 2) if alone["p99_ms"] else None}
    short, grown = by.get("GET /products"), by.get("GET /products ($BENCH_HISTORY_POINTS points)")
    if short and grown and short["requests_per_sec"]:
        ratios.setdefault(db, {})["products_history_rps_ratio"] = round(grown["requests_per_sec"] / short["requests_per_sec"], 3)
        ratios[db]["products_history_p99_ratio"] = round(grown["p99_ms"] / short["p99_ms"], 3) if short["p99_ms"] else None
doc = {
    "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "git_commit": commit,
    "binary": "$BIN",
    "build_seconds": $BUILD_SECONDS,
    "cpus": os.cpu_count(),
    "wrk": {"threads": $BENCH_THREADS, "connections": $BENCH_CONNECTIONS, "duration_s": $DURATION_S, "timeout": "$BENCH_TIMEOUT"},
    "seed": {"products": $BENCH_PRODUCTS, "price_points_per_product": $BENCH_POINTS},
    "server_env": {"MANTIS_MODE": "web", "BCRYPT_COST": 12, "MAIL_TRANSPORT": "log", "LOG_LEVEL": "warning", "env": "production"},
    "results": rows,
    "health_latency_ratio": ratios,
}
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

def fmt(v, spec):
    return "-" if v is None else format(v, spec)
for db in dict.fromkeys(r["database"] for r in rows):
    print(f"\n{db}  (wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d${DURATION_S}s)")
    print(f"  {'scenario':<28} {'req/s':>10} {'p50 ms':>10} {'p99 ms':>10} {'errors':>8}")
    for r in rows:
        if r["database"] != db:
            continue
        se = r["socket_errors"] or {}
        errors = r["non_2xx"] + sum(se.values())
        print(f"  {r['scenario']:<28} {fmt(r['requests_per_sec'], '10.1f')} {fmt(r['p50_ms'], '10.2f')} {fmt(r['p99_ms'], '10.2f')} {errors:>8}")
        if errors:
            print(f"  WARNING: {errors} failed requests (non-2xx or socket errors) in {r['scenario']}")
    if db in ratios:
        q = ratios[db]
        if "health_p50_flood_over_alone" in q:
            print(f"  /health p50 under login flood / alone: {q['health_p50_flood_over_alone']}x"
                  f"  (p99: {q['health_p99_flood_over_alone']}x)")
        if "products_history_rps_ratio" in q:
            print(f"  GET /products with $BENCH_HISTORY_POINTS points / with $BENCH_POINTS: req/s {q['products_history_rps_ratio']}x"
                  f"  (p99: {q['products_history_p99_ratio']}x)")
    detail = next((r for r in rows if r["database"] == db and r["scenario"].startswith("GET /products/{id}")), None)
    if detail:
        print(f"  {detail['scenario']}: p50 {fmt(detail['p50_ms'], '.2f')} ms, p99 {fmt(detail['p99_ms'], '.2f')} ms (goal: 20 ms)")
print(f"\nwrote {sys.argv[2]}")
PY
log "done in $((SECONDS - started))s (excluding any build)"
