"""A real Mantis web server for the desktop app to connect to — the built `mantis` binary (`$MANTIS_BIN`, else
.build/debug/mantis) in web mode on a SQLite file of its own, mail as .eml files (MAIL_TRANSPORT=file) — with a
registered and verified account; and a plain HTTP page of another origin that tries the token bridge."""

import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .desktop import REPO, wait_until


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None, token=None):
    """(status, decoded JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, (json.loads(raw) if raw else None)


class WebServer:
    def __init__(self):
        binary = Path(os.environ.get("MANTIS_BIN") or REPO / ".build" / "debug" / "mantis")
        if not binary.is_file():
            raise RuntimeError(f"no mantis binary at {binary}: swift build --product mantis, or set MANTIS_BIN")
        self.dir = Path(tempfile.mkdtemp(prefix="mantis-desktop-web."))
        self.mail = self.dir / "mail"
        self.mail.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SMTP_", "MAIL_", "MANTIS_", "FETCH_", "DATABASE_", "CORS_"))}
        env.update({
            "MANTIS_MODE": "web",
            "MANTIS_DB_PATH": str(self.dir / "mantis.sqlite"),
            "FRONTEND_URL": self.url,
            "MAIL_TRANSPORT": "file",
            "MAIL_FILE_DIR": str(self.mail),
            "JWT_SECRET_KEY": "desktop-" + "k" * 40,
            "BCRYPT_COST": "4",
            "AUTH_RATE_LIMIT_PER_IP": "0",
            "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0",
            "REFRESH_SCHEDULER": "false",
            "MANTIS_PUBLIC_DIR": str(REPO / "Public"),
        })
        self.log_path = self.dir / "mantis.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                     env=env, cwd=self.dir, stdout=self._log, stderr=subprocess.STDOUT)

        def healthy():
            if self.proc.poll() is not None:
                raise RuntimeError(f"mantis serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            return request(self.url + "/health")[0] == 200

        wait_until(healthy, 60, "the Mantis web server")

    def register_verified(self, address, password):
        status, answer = request(self.url + "/auth/register", "POST", {"email": address, "password": password})
        assert status == 201, (status, answer)
        token = wait_until(lambda: self._verification_token(address), 30, "the verification email")
        status, answer = request(self.url + "/auth/verify-email", "POST", {"token": token})
        assert status == 200, (status, answer)

    def _verification_token(self, address):
        for path in self.mail.rglob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in message.get("To", ""):
                continue
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    found = re.search(r"verify-email\?token=([A-Za-z0-9_\-]+)", part.get_content())
                    if found:
                        return found.group(1)
        return None

    def log_tail(self, lines=60):
        try:
            return "".join(self.log_path.read_text(errors="replace").splitlines(True)[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# The page of another origin: on load it asks the bridge for everything and writes down what it was told.
PROBE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Not Mantis</title></head>
<body data-testid="probe">
<script>
(async () => {
  const handlers = window.webkit && window.webkit.messageHandlers;
  const asks = [["getRefreshToken", null], ["saveRefreshToken", "stolen-token"], ["clearRefreshToken", null],
                ["connectServer", "https://evil.example"], ["disconnectServer", null]];
  const result = { bridge: Boolean(handlers && handlers.getRefreshToken) };
  for (const [name, argument] of asks) {
    try {
      result[name] = { answered: await handlers[name].postMessage(argument) };
    } catch (error) {
      result[name] = { refused: String((error && error.message) || error) };
    }
  }
  document.body.dataset.result = JSON.stringify(result);
})();
</script>
</body></html>
"""


class ProbeSite:
    """A plain HTTP server on another loopback port serving PROBE_PAGE at /."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = PROBE_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
