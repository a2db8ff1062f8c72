#!/usr/bin/env bash
# Extraction throughput: `mantis extract --jsonl` over the product-page corpus (MB/s) and
# `mantis parse-price --jsonl` over the price-string corpus (strings/s). See bench/README.md.
#
#   bash bench/extract.sh                                        # builds release if missing
#   MANTIS_BIN=.build/debug/mantis bash bench/extract.sh
#
# Settings (environment):
#   MANTIS_BIN             use this binary instead of .build/release/mantis
#   BENCH_CORPUS           corpus directory (default /work/shared/corpus; see its README.md)
#   BENCH_PAGE_REPEAT      times the page list is fed in one invocation (default 5)
#   BENCH_STRING_REPEAT    times the price-string list is fed in one invocation (default 20)
#   BENCH_RUNS             timed invocations per tool; the median is reported (default 3)
#   BENCH_OUT              JSON output (default bench/results/extract.json)
#   BENCH_KEEP=1           keep the scratch directory (inputs, outputs); it is always kept on failure
# Nothing here uses the network. A tool the binary does not have yet is reported and skipped (exit 0).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

BENCH_CORPUS=${BENCH_CORPUS:-/work/shared/corpus}
BENCH_PAGE_REPEAT=${BENCH_PAGE_REPEAT:-5}
BENCH_STRING_REPEAT=${BENCH_STRING_REPEAT:-20}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/results/extract.json}

log() { printf '[extract-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

in_range() { # name min max: the variable must be a whole number from min to max
    local value=${!1}
    [[ $value =~ ^[0-9]+$ ]] && ((value >= $2 && value <= $3)) && return 0
    die "$1 must be a whole number from $2 to $3 (got '$value')"
}
in_range BENCH_PAGE_REPEAT 1 100
in_range BENCH_STRING_REPEAT 1 10000
in_range BENCH_RUNS 1 20

PAGES_DIR=$BENCH_CORPUS/product-pages
STRINGS_JSON=$BENCH_CORPUS/price-strings/price-strings.json
[[ -f $PAGES_DIR/ground-truth.json && -d $PAGES_DIR/html ]] || die "no product-pages corpus under $BENCH_CORPUS"
[[ -f $STRINGS_JSON ]] || die "no $STRINGS_JSON"
command -v python3 >/dev/null || die "python3 is required"

# ---------------------------------------------------------------- binary

resolve_binary

# ---------------------------------------------------------------- scratch space and cleanup

TMP=$(mktemp -d /tmp/mantis-extract-bench.XXXXXX)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    rm -f "$TMP/bin/mantis" # a copy of the binary (large); logs stay if kept
    rm -rf "$TMP/pages"     # decompressed corpus (~37 MB)
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

# Runs in $TMP so that no .env file is loaded, with a throwaway database path (these tools need none).
# SWIFT_BACKTRACE=enable=no: an unknown command is a fatal error, and the backtrace alone takes seconds.
# BCRYPT_COST=4: every mantis command hashes a dummy password at start-up (configure), ~0.4 s at the default
# cost 12 in a debug build; these tools never hash, and a short start-up makes the subtraction less noisy.
mantis() {
    (cd "$TMP" && exec env -u DATABASE_URL MANTIS_DB_PATH="$TMP/unused.sqlite" LOG_LEVEL=warning BCRYPT_COST=4 \
        SWIFT_BACKTRACE=enable=no "$RUN_BIN" "$@")
}

has_tool() { # command: does `mantis <command> --help` work?
    mantis "$1" --help >"$TMP/$1.help" 2>&1 </dev/null
}

now() { date +%s.%N; }

RESULTS=$TMP/results.jsonl
: >"$RESULTS"

# Times `mantis <tool> --jsonl` on a full input and on an empty one, BENCH_RUNS times, and appends one JSON
# row: raw, empty and net seconds per run, and whether every output line was one JSON object.
measure() { # tool input lines units unit-name
    local tool=$1 input=$2 lines=$3 units=$4 unit=$5 run t0 t1 t2 t3 rc
    : >"$TMP/$tool.times"
    for ((run = 1; run <= BENCH_RUNS; run++)); do
        t0=$(now)
        rc=0
        mantis "$tool" --jsonl <"$input" >"$TMP/$tool.out" 2>"$TMP/$tool.err" || rc=$?
        t1=$(now)
        ((rc == 0)) || { tail -20 "$TMP/$tool.err" >&2; die "mantis $tool --jsonl exited with $rc"; }
        # Start-up and shut-down alone: the same command with no input.
        t2=$(now)
        rc=0
        mantis "$tool" --jsonl </dev/null >"$TMP/$tool.empty.out" 2>"$TMP/$tool.empty.err" || rc=$?
        t3=$(now)
        ((rc == 0)) || { tail -20 "$TMP/$tool.empty.err" >&2; die "mantis $tool --jsonl with empty input exited with $rc"; }
        echo "$t0 $t1 $t2 $t3" >>"$TMP/$tool.times"
        log "  $tool run $run/$BENCH_RUNS: $(python3 -c "import sys; a, b, c, d = map(float, sys.argv[1:]); print(f'raw {b - a:.2f}s, empty input {d - c:.2f}s')" "$t0" "$t1" "$t2" "$t3")"
    done
    python3 - "$tool" "$TMP/$tool.times" "$TMP/$tool.out" "$TMP/$tool.empty.out" "$lines" "$units" "$unit" >>"$RESULTS" <<'PY'
import json, statistics, sys
tool, times_path, out_path, empty_path, lines, units, unit = sys.argv[1:]
lines, units = int(lines), float(units)
runs = []
for line in open(times_path):
    t0, t1, t2, t3 = map(float, line.split())
    raw, empty = t1 - t0, t3 - t2
    runs.append({"raw_s": round(raw, 3), "empty_s": round(empty, 3), "net_s": round(raw - empty, 3)})
# The output of the last run: one JSON object per input line.
out_lines = [l for l in open(out_path).read().splitlines() if l.strip()]
bad = 0
for l in out_lines:
    try:
        if not isinstance(json.loads(l), dict):
            bad += 1
    except ValueError:
        bad += 1
empty_lines = sum(1 for l in open(empty_path) if l.strip())
problems = []
if len(out_lines) != lines:
    problems.append(f"{len(out_lines)} output lines for {lines} input lines")
if bad:
    problems.append(f"{bad} output lines are not JSON objects")
if empty_lines:
    problems.append(f"{empty_lines} output lines for empty input")
net = statistics.median(r["net_s"] for r in runs)
raw = statistics.median(r["raw_s"] for r in runs)
empties = [r["empty_s"] for r in runs]
warnings = []
if net <= 0.05 * raw or net < 2 * (max(empties) - min(empties)):
    warnings.append(f"net time ({net:.3f}s) is within start-up noise (empty-input runs {min(empties):.2f}..{max(empties):.2f}s);"
                    " raise the repeat count for a usable rate")
rate = units / net if net > 0 else None
print(json.dumps({
    "tool": tool, "input_lines": lines, "units": units, "unit": unit,
    "raw_s_median": round(raw, 3), "empty_s_median": round(statistics.median(r["empty_s"] for r in runs), 3),
    "net_s_median": round(net, 3),
    "rate_net": round(rate, 2) if rate else None,
    "rate_raw": round(units / raw, 2),
    "runs": runs, "problems": problems, "warnings": warnings, "skipped": None,
}))
PY
}

skip() { # tool reason
    log "SKIPPED mantis $1: $2"
    python3 -c 'import json, sys; print(json.dumps({"tool": sys.argv[1], "skipped": sys.argv[2]}))' "$1" "$2" >>"$RESULTS"
}

started=$SECONDS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- pages: mantis extract --jsonl

if has_tool extract; then
    log "decompressing $(find "$PAGES_DIR/html" -name '*.html.gz' | wc -l) pages to $TMP/pages (not timed)"
    mkdir -p "$TMP/pages"
    # One input line per page with a ground-truth URL; the list repeated BENCH_PAGE_REPEAT times.
    read -r PAGE_LINES PAGE_BYTES < <(python3 - "$PAGES_DIR" "$TMP/pages" "$BENCH_PAGE_REPEAT" "$TMP/pages.jsonl" <<'PY'
import gzip, json, os, sys
pages_dir, out_dir, repeat, input_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
truth = json.load(open(os.path.join(pages_dir, "ground-truth.json")))
lines, total = [], 0
for page_id in sorted(truth):
    src = os.path.join(pages_dir, "html", page_id + ".html.gz")
    if not os.path.exists(src):
        continue
    data = gzip.open(src).read()
    dst = os.path.join(out_dir, page_id + ".html")
    with open(dst, "wb") as f:
        f.write(data)
    total += len(data)
    lines.append(json.dumps({"file": dst, "url": truth[page_id]["url"]}))
if not lines:
    sys.exit("no pages found")
with open(input_path, "w") as f:
    for _ in range(repeat):
        f.write("\n".join(lines) + "\n")
print(len(lines) * repeat, total * repeat)
PY
    )
    [[ -n ${PAGE_BYTES:-} ]] || die "could not prepare the page input"
    log "mantis extract --jsonl: $PAGE_LINES lines, $PAGE_BYTES bytes of HTML per invocation, $BENCH_RUNS runs"
    measure extract "$TMP/pages.jsonl" "$PAGE_LINES" "$PAGE_BYTES" "bytes"
else
    skip extract "\`mantis extract --help\` failed: this binary has no extract command yet ($(grep -m1 -o 'unknownCommand[^)]*)' "$TMP/extract.help" || head -c 200 "$TMP/extract.help"))"
fi

# ---------------------------------------------------------------- strings: mantis parse-price --jsonl

if has_tool parse-price; then
    STRING_LINES=$(python3 - "$STRINGS_JSON" "$BENCH_STRING_REPEAT" "$TMP/strings.jsonl" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
repeat = int(sys.argv[2])
lines = [json.dumps({"text": r["price_raw"], "hint": r.get("currency_raw"), "decimal_separator": r.get("decimal_separator")})
         for r in rows]
with open(sys.argv[3], "w") as f:
    for _ in range(repeat):
        f.write("\n".join(lines) + "\n")
print(len(lines) * repeat)
PY
    )
    [[ -n $STRING_LINES ]] || die "could not prepare the price-string input"
    log "mantis parse-price --jsonl: $STRING_LINES strings per invocation, $BENCH_RUNS runs"
    measure parse-price "$TMP/strings.jsonl" "$STRING_LINES" "$STRING_LINES" "strings"
else
    skip parse-price "\`mantis parse-price --help\` failed: this binary has no parse-price command yet ($(grep -m1 -o 'unknownCommand[^)]*)' "$TMP/parse-price.help" || head -c 200 "$TMP/parse-price.help"))"
fi

# ---------------------------------------------------------------- report

mkdir -p "$(dirname "$BENCH_OUT")"
python3 - "$RESULTS" "$BENCH_OUT" <<PY
import json, os, subprocess, sys, time

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
try:
    commit = subprocess.run(["git", "-C", "$ROOT", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or None
    dirty = bool(subprocess.run(["git", "-C", "$ROOT", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip())
except OSError:
    commit, dirty = None, None
for r in rows:
    if r.get("skipped") is None and r["unit"] == "bytes":
        r["mb_per_s_net"] = round(r["rate_net"] / 1e6, 3) if r["rate_net"] else None
        r["mb_per_s_raw"] = round(r["rate_raw"] / 1e6, 3)
doc = {
    "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "git_commit": commit, "git_dirty": dirty,
    "binary": "$BIN", "binary_sha256_16": "$BIN_SHA", "build_seconds": $BUILD_SECONDS,
    "cpus": os.cpu_count(),
    "loadavg_start": [float(x) for x in "$LOAD_START".split()], "loadavg_end": list(os.getloadavg()),
    "corpus": "$BENCH_CORPUS", "page_repeat": $BENCH_PAGE_REPEAT, "string_repeat": $BENCH_STRING_REPEAT, "runs": $BENCH_RUNS,
    "results": rows,
}
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

print(f"\nextraction throughput, median of $BENCH_RUNS runs (net = median of each run's full-input minus empty-input time)")
print(f"binary {'$BIN'}")
print(f"  {'tool':<12} {'input':>22} {'raw s':>8} {'empty s':>8} {'net s':>8} {'rate (net)':>16} {'rate (raw)':>16}")
for r in rows:
    if r.get("skipped"):
        print(f"  {r['tool']:<12} skipped: {r['skipped']}")
        continue
    if r["unit"] == "bytes":
        what = f"{r['input_lines']} pages {r['units'] / 1e6:.1f} MB"
        net = f"{r['mb_per_s_net']:.2f} MB/s" if r["mb_per_s_net"] else "-"
        raw = f"{r['mb_per_s_raw']:.2f} MB/s"
    else:
        what = f"{r['input_lines']} strings"
        net = f"{r['rate_net']:.0f} str/s" if r["rate_net"] else "-"
        raw = f"{r['rate_raw']:.0f} str/s"
    print(f"  {r['tool']:<12} {what:>22} {r['raw_s_median']:>8.2f} {r['empty_s_median']:>8.2f} {r['net_s_median']:>8.2f} {net:>16} {raw:>16}")
    for p in r["problems"]:
        print(f"  PROBLEM ({r['tool']}): {p}")
    for w in r["warnings"]:
        print(f"  warning ({r['tool']}): {w}")
if doc["loadavg_start"][0] >= 1.0:
    print(f"  note: load average was {doc['loadavg_start'][0]} before the benchmark started: something else was running, the numbers are noisy")
print(f"\nwrote {sys.argv[2]}")
sys.exit(2 if any(r.get("problems") for r in rows) else 0)
PY
log "done in $((SECONDS - started))s (excluding any build)"
