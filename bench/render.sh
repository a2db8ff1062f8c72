#!/usr/bin/env bash
# What FETCH_RENDER costs: one page read with `mantis extract URL` (the HTML alone) against
# `mantis extract --render URL` (headless Chromium: launch, render, settle, read), BENCH_RUNS times each
# on a loopback page whose price a script writes; medians, the ratio, and the browser's peak memory (PSS).
#
#   bash bench/render.sh                     # uses .build/release/mantis (builds it if missing)
#   MANTIS_BIN=.build/debug/mantis BENCH_RUNS=3 bash bench/render.sh
# Writes bench/results/render.json. Needs Debian's chromium (installed if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_RUNS=${BENCH_RUNS:-7}
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/results/render.json}
MANTIS_BIN=${MANTIS_BIN:-$ROOT/.build/release/mantis}
[ -x "$MANTIS_BIN" ] || (cd "$ROOT" && swift build -c release --product mantis)
"$ROOT/scripts/apt-install" chromium

TMP=$(mktemp -d /tmp/mantis-render-bench.XXXXXX)
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$TMP"' EXIT
cat >"$TMP/kettle.html" <<'HTML'
<!doctype html><html lang="de-DE"><head><meta charset="utf-8"><title>Script Kettle</title></head><body><main><h1>Script Kettle</h1>
<div class="price" id="price"></div><button>In den Warenkorb</button>
<script>setTimeout(function () { document.getElementById('price').textContent = '12,34 €'; }, 200);</script>
</main></body></html>
HTML
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$TMP" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/kettle.html" >/dev/null 2>&1 && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/kettle.html"

python3 - "$MANTIS_BIN" "$URL" "$BENCH_RUNS" "$BENCH_OUT" <<'PY'
import json, os, statistics, subprocess, sys, threading, time
binary, url, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
env = dict(os.environ, FETCH_ALLOW_PRIVATE="true", FETCH_RENDER="auto", LOG_LEVEL="error")

def chromium_rss_kb():
    """The browser's memory: PSS (shared pages split between its processes) summed over every chromium process."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"chromium" not in f.read():
                    continue
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total

def timed(args):
    peak = [0]
    done = threading.Event()
    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], chromium_rss_kb())
            time.sleep(0.05)
    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    result = subprocess.run([binary, "extract", *args, url], env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    done.set(); sampler.join()
    page = json.loads(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else {}
    return elapsed, page.get("price"), peak[0]

rows = {}
for name, args in (("html", []), ("render", ["--render"])):
    samples = [timed(args) for _ in range(runs)]
    rows[name] = {
        "median_s": round(statistics.median(s[0] for s in samples), 3),
        "prices": sorted({str(s[1]) for s in samples}),
        "peak_browser_pss_mb": round(max(s[2] for s in samples) / 1024, 1),
    }
ratio = rows["render"]["median_s"] / rows["html"]["median_s"]
result = {"runs": runs, "html": rows["html"], "render": rows["render"], "render_to_html_ratio": round(ratio, 1)}
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(result, open(out, "w"), indent=2)
print(f"  mantis extract URL           median {rows['html']['median_s']:.3f} s   price {rows['html']['prices']}")
print(f"  mantis extract --render URL  median {rows['render']['median_s']:.3f} s   price {rows['render']['prices']}   "
      f"browser peak PSS {rows['render']['peak_browser_pss_mb']} MB")
print(f"  ratio render / html: {ratio:.1f}x  ({runs} runs each; a cold browser launch is included in every --render run)")
PY
echo "wrote $BENCH_OUT"
