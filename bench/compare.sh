#!/usr/bin/env bash
# Mantis against the seed plan's own stack (FastAPI + SQLAlchemy), one after the other on this machine, with
# ../shared/peers/compare.py: GET /health, GET /products (50 products), GET /auth/me, POST /auth/login and
# /health during a login flood, on SQLite and on PostgreSQL. Writes the tables (with ratios) and the raw JSON to
# bench/results/compare-<db>.{md,json}.
#
#   bash bench/compare.sh                       # release build, both databases, 3 rounds of 10 s
#   COMPARE_DATABASES=sqlite COMPARE_SECONDS=5 COMPARE_ROUNDS=1 bash bench/compare.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
COMPARE_DATABASES=${COMPARE_DATABASES:-sqlite postgres}
COMPARE_SECONDS=${COMPARE_SECONDS:-10}
COMPARE_ROUNDS=${COMPARE_ROUNDS:-3}
RESULTS=$ROOT/bench/results

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ -f $PEERS/compare.py ]] || die "no $PEERS/compare.py (the shared peers folder beside the project)"
resolve_binary
python=$("$PEERS/setup" | tail -1)
mkdir -p "$RESULTS"

for db in $COMPARE_DATABASES; do
    log "$db: seed-stack vs mantis, $COMPARE_ROUNDS rounds of ${COMPARE_SECONDS}s"
    out=$RESULTS/compare-$db
    "$python" "$PEERS/compare.py" --db "$db" --seconds "$COMPARE_SECONDS" --rounds "$COMPARE_ROUNDS" \
        --impl seed-stack=seed-stack/run.sh --migrate seed-stack='seed-stack/run.sh migrate' \
        --impl mantis="$BIN serve" --migrate mantis="$BIN migrate --yes" \
        --json "$out.json" | tee "$out.log"
    {
        echo "# $db, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), $COMPARE_ROUNDS rounds of ${COMPARE_SECONDS}s (medians)"
        echo
        sed -n '/^| measurement | seed-stack/,/^$/p' "$out.log"
    } >"$out.md"
    log "wrote $out.md"
done
