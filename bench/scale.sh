#!/usr/bin/env bash
# Mantis on a home server that holds many users: a throwaway PostgreSQL filled with SCALE_USERS users (10,000),
# SCALE_PRODUCTS products (500,000, 50 per user) and SCALE_POINTS price points (20 million, 40 per product),
# made with generate_series in one statement per table. Measures, on the small database first and on the
# full one after:
#   - GET /products for a user with 50 products (wrk, 64 connections): req/s, p50, p99, and the ratio to small
#   - the scheduler's claim of 100 due products: EXPLAIN (ANALYZE, BUFFERS) of the statement it runs (saved),
#     whether it uses index scans, and the median of 20 timed claims (each rolled back)
#   - one login (bcrypt at the server's cost): median of 5
#   - bytes on disk per million price points (table + indexes)
# Writes bench/results/scale.md and scale.json.
#
#   bash bench/scale.sh                                  # release build, the full sizes
#   SCALE_USERS=1000 SCALE_POINTS=2000000 bash bench/scale.sh   # a quicker look
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCALE_USERS=${SCALE_USERS:-10000}
SCALE_PRODUCTS_PER_USER=${SCALE_PRODUCTS_PER_USER:-50}
SCALE_POINTS=${SCALE_POINTS:-20000000}
SCALE_SECONDS=${SCALE_SECONDS:-8}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RESULTS=$ROOT/bench/results

log() { printf '[scale %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

need_commands python3 wrk curl
need_postgres
resolve_binary

TMP=$(mktemp -d /tmp/mantis-scale.XXXXXX)
PG_DIR=""
SERVER_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -n $SERVER_PID ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
    if [[ -n $PG_DIR ]]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    finish_scratch "$rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start_throwaway_postgres mantis_scale -c maintenance_work_mem=512MB -c max_wal_size=4GB

sql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mantis_scale -v ON_ERROR_STOP=1 -qAt -c "$1"; }

PORT=$(free_port)
JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
SERVER_ENV=(MANTIS_MODE=web JWT_SECRET_KEY="$JWT_SECRET" MAIL_TRANSPORT=log LOG_LEVEL=warning PORT="$PORT"
    REFRESH_SCHEDULER=false AUTH_RATE_LIMIT_PER_IP=0 LOGIN_RATE_LIMIT_PER_ACCOUNT=0
    DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/mantis_scale")
mantis() { (cd "$TMP" && exec env -u MANTIS_DB_PATH "${SERVER_ENV[@]}" "$BIN" "$@"); }

start_server() {
    mantis serve >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 150; i++)); do
        curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0
        sleep 0.2
    done
    cat "$TMP/server.log" >&2
    die "mantis did not start"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

log "migrating"
mantis migrate --yes >"$TMP/migrate.log" 2>&1 || { cat "$TMP/migrate.log" >&2; die "migrate failed"; }
start_server

EMAIL=scale@example.com
PASSWORD="scale benchmark $(date +%s)"
python3 - "$PORT" "$EMAIL" "$PASSWORD" <<'PY' >/dev/null
import json, sys, urllib.request
port, email, password = sys.argv[1:]
req = urllib.request.Request(f"http://127.0.0.1:{port}/auth/register", method="POST",
    data=json.dumps({"email": email, "password": password}).encode(), headers={"Content-Type": "application/json"})
urllib.request.urlopen(req).read()
PY
sql "UPDATE users SET is_verified = true WHERE email = '$EMAIL'"
USER_ID=$(sql "SELECT id FROM users WHERE email = '$EMAIL'")

# The measured user's 50 products, with a summary and a few points each.
sql "INSERT INTO products (id, user_id, url, title, currency, stock_status, created_at, last_checked, next_check_at,
        consecutive_failures, current_price, previous_price, lowest_price, lowest_price_at)
     SELECT gen_random_uuid(), '$USER_ID', 'https://shop.example/p/' || g, 'Product ' || g, 'EUR', 'InStock',
        now() - g * interval '1 minute', now(), now() + interval '6 hours', 0, '19.99', '21.00', '18.50', now() - interval '3 days'
     FROM generate_series(1, $SCALE_PRODUCTS_PER_USER) g"

login_token() {
    curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" \
        "http://127.0.0.1:$PORT/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# Median of 5 logins, in ms.
measure_login() {
    python3 - "$PORT" "$EMAIL" "$PASSWORD" <<'PY'
import json, statistics, sys, time, urllib.request
port, email, password = sys.argv[1:]
times = []
for _ in range(5):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/auth/login", method="POST",
        data=json.dumps({"email": email, "password": password}).encode(), headers={"Content-Type": "application/json"})
    start = time.perf_counter(); urllib.request.urlopen(req).read(); times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times):.1f}")
PY
}

# wrk on GET /products: "rps p50_ms p99_ms".
measure_list() {
    local token
    token=$(login_token)
    wrk -t2 -c64 -d1s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/products" >/dev/null
    wrk -t2 -c64 -d"${SCALE_SECONDS}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/products" >"$TMP/wrk.txt"
    python3 - "$TMP/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\b" % re.escape(label), text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if non2xx: sys.exit("wrk saw %s non-2xx answers" % non2xx.group(1))
print(f"{rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f}")
PY
}

# The scheduler's claim, as LeasedClaim writes it on PostgreSQL, for 100 products, rolled back.
CLAIM="UPDATE products SET lease_expires_at = now() + interval '10 minutes'
  WHERE id IN (SELECT id FROM products
    WHERE (next_check_at IS NULL OR next_check_at <= now()) AND (lease_expires_at IS NULL OR lease_expires_at < now()) AND 1 = 1
    ORDER BY next_check_at ASC NULLS FIRST, RANDOM() LIMIT 100 FOR UPDATE SKIP LOCKED)
  RETURNING id"
measure_claim() { # label -> "median_ms uses_index"
    local label=$1
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mantis_scale -v ON_ERROR_STOP=1 -qAt \
        -c "BEGIN" -c "EXPLAIN (ANALYZE, BUFFERS) $CLAIM" -c "ROLLBACK" >"$RESULTS/scale-claim-$label.explain.txt"
    local times=()
    for ((i = 0; i < 20; i++)); do
        times+=("$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mantis_scale -qAt \
            -c "BEGIN" -c "EXPLAIN (ANALYZE, FORMAT JSON) $CLAIM" -c "ROLLBACK" |
            python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[0]["Execution Time"])')")
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    local index=no
    grep -q "Index Scan\|Index Only Scan\|Bitmap Index Scan" "$RESULTS/scale-claim-$label.explain.txt" && index=yes
    grep -q "Seq Scan on products" "$RESULTS/scale-claim-$label.explain.txt" && index=no
    echo "$median $index"
}

mkdir -p "$RESULTS"
# Some products due now, as on a server whose scheduler keeps up: 1 % of the small set as well.
sql "UPDATE products SET next_check_at = now() - interval '1 minute' WHERE user_id = '$USER_ID' AND url LIKE '%/1'"
log "small database: measuring"
read -r SMALL_RPS SMALL_P50 SMALL_P99 <<<"$(measure_list)"
read -r SMALL_CLAIM SMALL_CLAIM_INDEX <<<"$(measure_claim small)"
SMALL_LOGIN=$(measure_login)
log "small: GET /products $SMALL_RPS req/s p50 $SMALL_P50 ms p99 $SMALL_P99 ms; claim $SMALL_CLAIM ms (index: $SMALL_CLAIM_INDEX); login $SMALL_LOGIN ms"
stop_server

# ---------------------------------------------------------------- fill
OTHER_USERS=$((SCALE_USERS - 1))
OTHER_PRODUCTS=$((OTHER_USERS * SCALE_PRODUCTS_PER_USER))
TOTAL_PRODUCTS=$((OTHER_PRODUCTS + SCALE_PRODUCTS_PER_USER))
POINTS_PER_PRODUCT=$((SCALE_POINTS / TOTAL_PRODUCTS))
log "filling: $OTHER_USERS more users, $OTHER_PRODUCTS more products, $POINTS_PER_PRODUCT points per product"
FILL_START=$SECONDS
# A bulk load: triggers and foreign-key checks off for the session (the rows are made consistent here), the
# history index built once after the rows instead of row by row.
sql "SET session_replication_role = replica;
     INSERT INTO users (id, email, password_hash, is_verified, created_at, updated_at, alerts_enabled, products_version)
     SELECT gen_random_uuid(), 'user' || g || '@example.com', (SELECT password_hash FROM users WHERE id = '$USER_ID'),
        true, now(), now(), true, 0 FROM generate_series(1, $OTHER_USERS) g"
sql "SET session_replication_role = replica;
     INSERT INTO products (id, user_id, url, title, currency, stock_status, created_at, last_checked, next_check_at,
        consecutive_failures, current_price, previous_price, lowest_price, lowest_price_at)
     SELECT gen_random_uuid(), u.id, 'https://shop' || (n % 20) || '.example/p/' || n, 'Product ' || n, 'EUR', 'InStock',
        now() - n * interval '1 second', now() - interval '1 hour',
        -- spread over the next 6 hours, with about 1 % due now
        now() + (random() * 6 - 0.06) * interval '1 hour', 0, '19.99', '21.00', '18.50', now() - interval '3 days'
     FROM (SELECT id, row_number() OVER () AS r FROM users WHERE id <> '$USER_ID') u,
          generate_series(1, $SCALE_PRODUCTS_PER_USER) k,
          LATERAL (SELECT u.r * 1000 + k AS n) num"
sql "DROP INDEX price_points_product_checked_idx"
sql "SET session_replication_role = replica;
     INSERT INTO price_points (id, product_id, price, currency, checked_at)
     SELECT gen_random_uuid(), p.id, 15 + (k % 13), 'EUR', now() - k * interval '6 hours'
     FROM products p, generate_series(1, $POINTS_PER_PRODUCT) k"
sql "CREATE INDEX price_points_product_checked_idx ON price_points (product_id, checked_at)"
sql "VACUUM ANALYZE"
FILL_SECONDS=$((SECONDS - FILL_START))
COUNTS=$(sql "SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM products) || ' ' || (SELECT count(*) FROM price_points)")
read -r N_USERS N_PRODUCTS N_POINTS <<<"$COUNTS"
POINT_BYTES=$(sql "SELECT pg_total_relation_size('price_points')")
DB_BYTES=$(sql "SELECT pg_database_size('mantis_scale')")
MB_PER_MILLION=$(python3 -c "print(round($POINT_BYTES / 1048576 / ($N_POINTS / 1e6), 1))")
log "filled in ${FILL_SECONDS}s: $N_USERS users, $N_PRODUCTS products, $N_POINTS points; $MB_PER_MILLION MB per million points"

start_server
log "large database: measuring"
read -r LARGE_RPS LARGE_P50 LARGE_P99 <<<"$(measure_list)"
read -r LARGE_CLAIM LARGE_CLAIM_INDEX <<<"$(measure_claim large)"
LARGE_LOGIN=$(measure_login)
log "large: GET /products $LARGE_RPS req/s p50 $LARGE_P50 ms p99 $LARGE_P99 ms; claim $LARGE_CLAIM ms (index: $LARGE_CLAIM_INDEX); login $LARGE_LOGIN ms"

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
    echo "# PostgreSQL at scale, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
    echo
    echo "$N_USERS users, $N_PRODUCTS products, $N_POINTS price points (filled in ${FILL_SECONDS} s); wrk 64 connections, ${SCALE_SECONDS} s."
    echo
    echo "| measurement | small database | large database | large ÷ small |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| GET /products (50 products), req/s | $SMALL_RPS | $LARGE_RPS | $(ratio "$LARGE_RPS" "$SMALL_RPS")× |"
    echo "| GET /products p50 | $SMALL_P50 ms | $LARGE_P50 ms | $(ratio "$LARGE_P50" "$SMALL_P50")× |"
    echo "| GET /products p99 | $SMALL_P99 ms | $LARGE_P99 ms | $(ratio "$LARGE_P99" "$SMALL_P99")× |"
    echo "| claim of 100 due products (median of 20) | $SMALL_CLAIM ms | $LARGE_CLAIM ms | |"
    echo "| claim uses index scans (EXPLAIN) | $SMALL_CLAIM_INDEX | $LARGE_CLAIM_INDEX | |"
    echo "| login (median of 5) | $SMALL_LOGIN ms | $LARGE_LOGIN ms | |"
    echo "| price history on disk (table + indexes) | | $MB_PER_MILLION MB per million points | |"
    echo "| whole database | | $((DB_BYTES / 1048576)) MB | |"
    echo
    echo "EXPLAIN (ANALYZE, BUFFERS) of the claim: bench/results/scale-claim-large.explain.txt"
} >"$RESULTS/scale.md"
python3 - "$RESULTS/scale.json" <<PY
import json, sys
json.dump({"users": $N_USERS, "products": $N_PRODUCTS, "price_points": $N_POINTS, "fill_seconds": $FILL_SECONDS,
  "small": {"rps": $SMALL_RPS, "p50_ms": $SMALL_P50, "p99_ms": $SMALL_P99, "claim_ms": $SMALL_CLAIM, "login_ms": $SMALL_LOGIN},
  "large": {"rps": $LARGE_RPS, "p50_ms": $LARGE_P50, "p99_ms": $LARGE_P99, "claim_ms": $LARGE_CLAIM, "login_ms": $LARGE_LOGIN},
  "claim_uses_index": "$LARGE_CLAIM_INDEX" == "yes", "mb_per_million_points": $MB_PER_MILLION}, open(sys.argv[1], "w"), indent=1)
PY
cat "$RESULTS/scale.md"
