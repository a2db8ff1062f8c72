"""`mantis-desktop` driven from a test: started with its own XDG folders, reached through its test-only control
socket (MANTIS_DESKTOP_TEST_CONTROL, see Sources/MantisDesktop/TestControl.swift), stopped afterwards."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# Debian's python3, where python3-dbus and python3-gi are installed, for the fake D-Bus services (the tests
# themselves may run on another Python, e.g. pyenv's, which has pytest).
SYSTEM_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def wait_until(check, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - whatever it was, try again until the deadline
            last = error
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout}s" + (f" (last error: {last!r})" if last else ""))


class Home:
    """A user's folders for one test: XDG data, config and cache, a bin folder first on PATH with a fake
    `xdg-open` that records what it was asked to open (no test ever starts a real browser)."""

    def __init__(self, root):
        self.root = Path(root)
        self.data = self.root / "data"
        self.config = self.root / "config"
        self.cache = self.root / "cache"
        self.bin = self.root / "bin"
        self.opened_log = self.root / "xdg-open.log"
        for folder in (self.data, self.config, self.cache, self.bin):
            folder.mkdir(parents=True, exist_ok=True)
        opener = self.bin / "xdg-open"
        opener.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{self.opened_log}"\n')
        opener.chmod(0o755)

    @property
    def database(self):
        return self.data / "mantis" / "mantis.sqlite"

    @property
    def lock_file(self):
        return self.data / "mantis" / "mantis.sqlite.lock"

    def opened(self):
        return self.opened_log.read_text().splitlines() if self.opened_log.exists() else []

    def environment(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SMTP_", "MAIL_", "MANTIS_", "FETCH_", "DATABASE_", "XDG_"))}
        env.update({
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_CACHE_HOME": str(self.cache),
            "PATH": f"{self.bin}:{env.get('PATH', '/usr/bin:/bin')}",
            # The fixture store is on loopback, which the server refuses to read unless told.
            "FETCH_ALLOW_PRIVATE": "true",
            "MANTIS_PUBLIC_DIR": str(REPO / "Public"),
            # GET /metrics from loopback: the server's own count of the page's requests.
            "METRICS_ENABLED": "true",
            "BCRYPT_COST": "4",
        })
        if os.geteuid() == 0:
            # WebKit's bubblewrap sandbox for its web processes cannot start as root in a container; the tests
            # load only the app's own pages and the fixture store.
            env["WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS"] = "1"
        env.update({k: v for k, v in extra.items() if v is not None})
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
        return env


class Desktop:
    """One running `mantis-desktop`."""

    running = []  # every app a test started and has not stopped, for the failure report

    def __init__(self, binary, home, name="app", **env):
        self.binary = str(binary)
        self.home = home
        self.name = name
        self.control = str(home.root / f"{name}.sock")
        self.log_path = home.root / f"{name}.log"
        self.env = home.environment(MANTIS_DESKTOP_TEST_CONTROL=self.control, **env)
        self.proc = None

    def start(self, wait_for_tracker=True, timeout=60):
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.binary], env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
                                     cwd=self.home.root, start_new_session=True)
        Desktop.running.append(self)

        def serving():
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode} while starting:\n{self.log_tail()}")
            state = self.state()
            return state if state.get("port") else None

        self.started = wait_until(serving, timeout, f"{self.name}'s local server")
        if wait_for_tracker:
            self.wait_view("tracker", timeout=timeout)
        return self

    # --- the control socket

    def ask(self, op, timeout=30, **fields):
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(timeout)
            s.connect(self.control)
            s.sendall((json.dumps({"op": op, **fields}) + "\n").encode())
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    raise ConnectionError(f"{self.name} closed the control socket")
                data += chunk
        return json.loads(data)

    def state(self):
        return self.ask("state")

    @property
    def url(self):
        return self.started["url"]

    def js(self, body, timeout=30):
        """Runs `body` as an async function in the window's page; returns what it returns (JSON)."""
        answer = self.ask("eval", timeout=timeout, script=body)
        if not answer.get("ok"):
            raise RuntimeError(f"JavaScript failed: {answer.get('error')}")
        return json.loads(answer["json"])

    def wait_js(self, body, what, timeout=30):
        return wait_until(lambda: self.js(body), timeout, what, interval=0.25)

    def wait_view(self, view, timeout=30):
        self.wait_js(f"return document.querySelector('[data-testid=app]')?.dataset.view === {json.dumps(view)}",
                     f"the {view} view", timeout)

    def snapshot(self, path):
        answer = self.ask("snapshot", path=str(path))
        assert answer.get("ok"), answer
        return Path(path)

    def metrics(self):
        with urllib.request.urlopen(self.url + "/metrics", timeout=10) as response:
            return response.read().decode()

    # --- stopping

    def quit(self, timeout=30):
        """The tray's Quit: returns the exit status once the process has ended."""
        self.ask("quit")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout=30):
        try:
            return self.proc.wait(timeout)
        finally:
            self._forget()

    def stop(self):
        """For teardown: SIGTERM (a clean quit too), then SIGKILL if it hangs."""
        if self.proc is None or self.proc.poll() is not None:
            return self._forget()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._forget()

    def _forget(self):
        if self in Desktop.running:
            Desktop.running.remove(self)
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, lines=80):
        try:
            return "".join(self.log_path.read_text(errors="replace").splitlines(True)[-lines:])
        except OSError:
            return ""
