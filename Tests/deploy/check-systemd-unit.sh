#!/usr/bin/env bash
# Checks deploy/mantis.service without a running systemd (a container, CI):
#   1. `systemd-analyze security --offline=true` rates its exposure: at most 2.5 (systemd 252: 0 safe, 10 unsafe).
#   2. `systemd-analyze verify` finds no unknown or malformed directive.
#   3. No secret goes on a command line: deploy/ and README.md never expand the env file into argv
#      (`env $(cat file | xargs) ...`, `$(xargs < file)`): /proc/PID/cmdline is world-readable.
#   4. If a mantis binary is at hand ($MANTIS_BIN, relative to the repo root, or .build/release/mantis),
#      its stack is not executable (MemoryDenyWriteExecute=true would stop it from starting).
# Installs Debian's systemd package (for systemd-analyze) when it is missing. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."

unit=${MANTIS_UNIT:-deploy/mantis.service}  # another unit file, to test this check
max_exposure=2.5
passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

[ -f "$unit" ] || { echo "FAIL: no unit file $unit"; exit 1; }
command -v systemd-analyze >/dev/null 2>&1 || scripts/apt-install systemd
systemd-analyze --version | head -1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Exposure. --threshold= counts in tenths (25 = 2.5) and makes the command fail above it; the printed
# line is parsed too, so a missing or unreadable line fails as well. Parse warnings ("Unknown key ...,
# ignoring") go to stderr and would mean a directive silently did nothing.
threshold=$(awk -v m="$max_exposure" 'BEGIN { printf "%d", m * 10 + 0.5 }')
security_rc=0
security_out=$(systemd-analyze security --offline=true --no-pager --threshold="$threshold" "$unit" 2>"$work/stderr") \
  || security_rc=$?
security_err=$(cat "$work/stderr")
overall=$(printf '%s\n' "$security_out" | grep -E 'Overall exposure level for [^:]+: [0-9]+(\.[0-9]+)? ' | tail -1 || true)
exposure=$(printf '%s\n' "$overall" | sed -nE 's/.*Overall exposure level for [^:]+: ([0-9]+(\.[0-9]+)?) .*/\1/p')
if [ -z "$exposure" ]; then
  printf '%s\n%s\n' "$security_out" "$security_err"
  fail "no 'Overall exposure level' line from systemd-analyze security (exit $security_rc)"
else
  echo "$overall"
  echo "exposure: $exposure (maximum $max_exposure)"
  if [ -n "$security_err" ]; then
    printf '%s\n' "$security_err"
    fail "systemd-analyze security warned while parsing $unit"
  elif awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e > m) }'; then
    printf '%s\n' "$security_out"
    fail "exposure $exposure is above $max_exposure"
  elif [ "$security_rc" -ne 0 ]; then
    fail "systemd-analyze security exited $security_rc with exposure $exposure"
  else
    pass "exposure $exposure <= $max_exposure"
  fi
fi

# 2. verify. It needs no systemd as PID 1 (it loads units in a test-mode manager of its own), but it checks
# that ExecStart's binary exists and that units the unit pulls in (sysinit.target, network-online.target)
# load. So it runs in a throwaway root (--root=) holding the unit, this machine's system units and an
# empty stand-in for the binary: the unit is checked as it is, nothing is installed on this machine.
# verify exits 0 on an unknown key or a bad value ("..., ignoring"), so any output fails.
root=$work/root
exec_path=$(sed -nE 's/^ExecStart=[-@:+!]*([^ ]+).*/\1/p' "$unit" | head -1)
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd/system" "$root$(dirname "$exec_path")"
cp "$unit" "$root/etc/systemd/system/"
cp -a "$(realpath /usr/lib/systemd/system 2>/dev/null || realpath /lib/systemd/system)/." "$root/usr/lib/systemd/system/"
printf '#!/bin/sh\n' >"$root$exec_path" && chmod 0755 "$root$exec_path"
verify_rc=0
verify_out=$(systemd-analyze verify --root="$root" --man=no "$(basename "$unit")" 2>&1) || verify_rc=$?
if [ "$verify_rc" -ne 0 ] || [ -n "$verify_out" ]; then
  printf '%s\n' "$verify_out"
  fail "systemd-analyze verify $unit (exit $verify_rc)"
else
  pass "systemd-analyze verify $unit"
fi

# 3. Secrets on a command line: $(cat FILE | xargs), $(xargs < FILE), $(< FILE), and the same in backticks.
secret_argv='\$\( *(cat [^)]*\| *xargs|xargs|< *[^ )]+ *\))|` *(cat [^`]*\| *xargs|xargs *<)'
if hits=$(grep -rnE "$secret_argv" deploy README.md); then
  printf '%s\n' "$hits"
  fail "the env file is expanded onto a command line (use systemd-run -p EnvironmentFile= or set -a; . FILE)"
else
  pass "no env file expanded onto a command line in deploy/ or README.md"
fi

# 4. Executable stack of a built binary, when there is one.
bin=${MANTIS_BIN:-.build/release/mantis}
if [ -x "$bin" ]; then
  command -v readelf >/dev/null 2>&1 || scripts/apt-install binutils
  stack=$(readelf -lW "$bin" | awk '$1 == "GNU_STACK" { print $7 }')
  if [ "$stack" = "RW" ]; then
    pass "$bin has a non-executable stack (MemoryDenyWriteExecute=true is safe)"
  else
    fail "$bin GNU_STACK flags are '${stack:-missing}', not RW: it would not start with MemoryDenyWriteExecute=true"
  fi
elif [ -n "${MANTIS_BIN:-}" ]; then
  fail "MANTIS_BIN=$MANTIS_BIN is not an executable file"
else
  echo "SKIP: no binary at $bin (set MANTIS_BIN) to check for an executable stack"
fi

echo "check-systemd-unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
