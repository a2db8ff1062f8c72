#!/usr/bin/env bash
# Checks the systemd units in deploy/ without a running systemd (a container, CI):
#   1. `systemd-analyze security --offline=true` rates each service's exposure (systemd 252: 0 safe, 10 unsafe):
#      mantis.service at most 2.5, mantis-backup.service at most 1.0 (it reaches only this machine's database).
#   2. `systemd-analyze verify` finds no unknown or malformed directive in mantis.service,
#      mantis-backup.service or mantis-backup.timer, and the service the timer starts is in deploy/.
#   3. No secret goes on a command line: deploy/ and README.md never expand the env file into argv
#      (`env $(cat file | xargs) ...`, `$(xargs < file)`): /proc/PID/cmdline is world-readable.
#   4. If a mantis binary is at hand ($MANTIS_BIN, relative to the repo root, or .build/release/mantis),
#      its stack is not executable (MemoryDenyWriteExecute=true would stop it from starting).
# Installs Debian's systemd package (for systemd-analyze) when it is missing. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."

# MANTIS_UNIT: another unit file to check instead of deploy's, to test this check.
units=${MANTIS_UNIT:-deploy/mantis.service deploy/mantis-backup.service deploy/mantis-backup.timer}
# The highest exposure each service may have; a timer runs nothing itself and is not rated.
max_exposure_of() {
  case $(basename "$1") in
    mantis-backup.service) echo 1.0 ;;
    *.service) echo 2.5 ;;
  esac
}
passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

for unit in $units; do
  [ -f "$unit" ] || { echo "FAIL: no unit file $unit"; exit 1; }
done
command -v systemd-analyze >/dev/null 2>&1 || scripts/apt-install systemd
systemd-analyze --version | head -1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Exposure. --threshold= counts in tenths (25 = 2.5) and makes the command fail above it; the printed
# line is parsed too, so a missing or unreadable line fails as well. Parse warnings ("Unknown key ...,
# ignoring") go to stderr and would mean a directive silently did nothing.
check_exposure() {
  local unit=$1 max_exposure=$2 threshold security_rc=0 security_out security_err overall exposure
  threshold=$(awk -v m="$max_exposure" 'BEGIN { printf "%d", m * 10 + 0.5 }')
  security_out=$(systemd-analyze security --offline=true --no-pager --threshold="$threshold" "$unit" \
    2>"$work/stderr") || security_rc=$?
  security_err=$(cat "$work/stderr")
  overall=$(printf '%s\n' "$security_out" | grep -E 'Overall exposure level for [^:]+: [0-9]+(\.[0-9]+)? ' | tail -1 || true)
  exposure=$(printf '%s\n' "$overall" | sed -nE 's/.*Overall exposure level for [^:]+: ([0-9]+(\.[0-9]+)?) .*/\1/p')
  if [ -z "$exposure" ]; then
    printf '%s\n%s\n' "$security_out" "$security_err"
    fail "no 'Overall exposure level' line from systemd-analyze security $unit (exit $security_rc)"
    return
  fi
  echo "$overall"
  echo "exposure: $exposure (maximum $max_exposure)"
  if [ -n "$security_err" ]; then
    printf '%s\n' "$security_err"
    fail "systemd-analyze security warned while parsing $unit"
  elif awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e > m) }'; then
    printf '%s\n' "$security_out"
    fail "$unit: exposure $exposure is above $max_exposure"
  elif [ "$security_rc" -ne 0 ]; then
    fail "systemd-analyze security $unit exited $security_rc with exposure $exposure"
  else
    pass "$unit: exposure $exposure <= $max_exposure"
  fi
}
for unit in $units; do
  max_exposure=$(max_exposure_of "$unit")
  [ -z "$max_exposure" ] || check_exposure "$unit" "$max_exposure"
done

# 2. verify. It needs no systemd as PID 1 (it loads units in a test-mode manager of its own), but it checks
# that ExecStart's binary exists and that units the unit pulls in (sysinit.target, network-online.target,
# a timer's service) load. So it runs in a throwaway root (--root=) holding deploy's units, the units under
# test, this machine's system units and an empty stand-in for each ExecStart binary: the units are checked
# as they are, nothing is installed on this machine. verify exits 0 on an unknown key or a bad value
# ("..., ignoring"), so any output fails.
root=$work/root
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd/system"
cp -a "$(realpath /usr/lib/systemd/system 2>/dev/null || realpath /lib/systemd/system)/." "$root/usr/lib/systemd/system/"
for unit in deploy/*.service deploy/*.timer $units; do
  cp "$unit" "$root/etc/systemd/system/"
  sed -nE 's/^ExecStart=[-@:+!]*([^ ]+).*/\1/p' "$unit" | while read -r exec_path; do
    mkdir -p "$root$(dirname "$exec_path")"
    printf '#!/bin/sh\n' >"$root$exec_path" && chmod 0755 "$root$exec_path"
  done
done
for unit in $units; do
  verify_rc=0
  verify_out=$(systemd-analyze verify --root="$root" --man=no "$(basename "$unit")" 2>&1) || verify_rc=$?
  if [ "$verify_rc" -ne 0 ] || [ -n "$verify_out" ]; then
    printf '%s\n' "$verify_out"
    fail "systemd-analyze verify $unit (exit $verify_rc)"
  else
    pass "systemd-analyze verify $unit"
  fi
done
# verify says nothing when a timer's service does not exist: it would then start nothing, every day.
for unit in $units; do
  case $unit in *.timer) ;; *) continue ;; esac
  triggers=$(sed -nE 's/^Unit=(.+)/\1/p' "$unit" | tail -1)
  triggers=${triggers:-$(basename "$unit" .timer).service}
  if [ -f "$root/etc/systemd/system/$triggers" ]; then
    pass "$unit starts $triggers, which is in deploy/"
  else
    fail "$unit starts $triggers, which is not in deploy/"
  fi
done

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
