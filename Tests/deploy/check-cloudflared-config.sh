#!/usr/bin/env bash
# Checks deploy/cloudflared-config.yml: it parses as YAML, its first ingress rule sends a hostname to
# http://127.0.0.1 on the port Mantis listens on by default (AppConfig's PORT default, as .env.example
# states it), and the last rule is the catch-all `http_status:404` that cloudflared requires.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${MANTIS_TEST_PYTHON:-python3}
"$PYTHON" -c 'import yaml' 2>/dev/null || "$PYTHON" -m pip install -q --disable-pip-version-check pyyaml \
  || "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages pyyaml
port=$(sed -n 's/^PORT=\([0-9][0-9]*\).*/\1/p' .env.example | head -1)
grep -q 'port = try reader.int("PORT", default: '"$port" Sources/App/Config/AppConfig.swift \
  || { echo "FAIL: .env.example's PORT=$port is not AppConfig's default"; exit 1; }
"$PYTHON" - "$port" <<'PY'
import sys, yaml
port = sys.argv[1]
config = yaml.safe_load(open("deploy/cloudflared-config.yml"))
ingress = config["ingress"]
first, last = ingress[0], ingress[-1]
assert first.get("hostname"), "the first rule names the public hostname"
assert first["service"] == f"http://127.0.0.1:{port}", f"Mantis listens on 127.0.0.1:{port}, not {first['service']}"
assert last == {"service": "http_status:404"}, f"the catch-all must be http_status:404, not {last}"
assert all("hostname" in rule for rule in ingress[:-1]), "every rule but the last names a hostname"
assert config.get("tunnel") and config.get("credentials-file"), "tunnel and credentials-file are set"
print(f"PASS: deploy/cloudflared-config.yml parses; {first['hostname']} -> {first['service']}; catch-all 404")
PY
