"""Real parts for the browser tests, each on a free loopback port, stopped afterwards.

- `postgres`: a throwaway PostgreSQL 15 cluster (or a fresh database on `MANTIS_TEST_POSTGRES_URL`);
- `smtp`: the repo's aiosmtpd capture server (`Sources/SMTPTestServer/smtp_server.py`);
- `store`: a fixture shop whose product pages carry schema.org JSON-LD with prices a test can change;
- `mantis`: the `mantis` binary (`$MANTIS_BIN`, else `.build/debug/mantis`), migrated and serving;
- `browser`: a factory of headless Chromium sessions, each with its own profile.

Every test that fails leaves a screenshot and the page's HTML of each open browser in
`test-artifacts/e2e/`, with the server's log next to them.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

# Selenium Manager must never try the network: the driver is Debian's chromedriver.
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

sys.path.insert(0, str(Path(__file__).parent))

from support.browser import Browser  # noqa: E402
from support.demo import make_demo_account  # noqa: E402
from support.mailbox import Mailbox  # noqa: E402
from support.store import FixtureStore  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 - whatever it was, try again until the deadline
            last = error
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout}s" + (f" (last error: {last})" if last else ""))


def stop_process(proc, timeout=10):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------------------------------------------
# Failure artefacts


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
    if report.failed and report.when in ("setup", "call"):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for browser in Browser.open_sessions():
            browser.save_artifacts(ARTIFACTS / f"{name}-{browser.name}")
        if MantisServer.running is not None:
            report.sections.append(("mantis log (last lines)", MantisServer.running.log_tail()))


@pytest.fixture(autouse=True, scope="session")
def _artifacts_dir():
    """Starts each run with an empty folder, so what is there belongs to this run."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield ARTIFACTS


# ---------------------------------------------------------------------------------------------------
# PostgreSQL


def _psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True,
                   capture_output=True, text=True)


@pytest.fixture(scope="session")
def postgres():
    """A `postgres://` URL of an empty database that lives for the session."""
    name = "mantis_e2e_" + uuid.uuid4().hex[:10]
    server_url = os.environ.get("MANTIS_TEST_POSTGRES_URL")
    if server_url:
        _psql(server_url, f'CREATE DATABASE "{name}"')
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path="/" + name))
        _psql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return

    is_root = os.geteuid() == 0
    as_pg = ["runuser", "-u", "postgres", "--"] if is_root else []
    base = tempfile.mkdtemp(prefix="mantis-e2e-pg.")
    if is_root:
        shutil.chown(base, "postgres", "postgres")
    data, log = os.path.join(base, "data"), os.path.join(base, "log")
    port = free_port()
    subprocess.run(as_pg + [str(PG_BIN / "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                            "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        subprocess.run(as_pg + [str(PG_BIN / "pg_ctl"), "-D", data, "-l", log, "-w", "-o", options,
                                "start"], check=True, capture_output=True)
        subprocess.run(as_pg + [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                                "-U", "postgres", name], check=True, capture_output=True)
        yield f"postgres://postgres@127.0.0.1:{port}/{name}"
    finally:
        subprocess.run(as_pg + [str(PG_BIN / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------
# SMTP capture


@pytest.fixture(scope="session")
def smtp():
    """The repo's aiosmtpd test server; `Mailbox` reads what it received."""
    directory = tempfile.mkdtemp(prefix="mantis-e2e-smtp.")
    script = REPO / "Sources" / "SMTPTestServer" / "smtp_server.py"
    proc = subprocess.Popen([sys.executable, str(script), "--dir", directory], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.isdigit():
        stop_process(proc)
        raise RuntimeError(f"SMTP test server did not start: {line!r}")
    try:
        yield Mailbox(directory, int(line))
    finally:
        proc.stdin.close()  # it stops when stdin closes
        stop_process(proc)
        shutil.rmtree(directory, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------
# Fixture store


@pytest.fixture(scope="session")
def store():
    shop = FixtureStore()
    shop.start()
    try:
        yield shop
    finally:
        shop.stop()


# ---------------------------------------------------------------------------------------------------
# Mantis


def mantis_binary():
    binary = Path(os.environ.get("MANTIS_BIN") or REPO / ".build" / "debug" / "mantis")
    if not binary.is_file():
        pytest.exit(f"no mantis binary at {binary}: build it (swift build --product mantis) or set MANTIS_BIN",
                    returncode=2)
    return binary


class MantisServer:
    running = None  # the session's server, whose log a failed test's report ends with

    def __init__(self, url, log_path):
        self.url = url
        self.log_path = log_path

    def log_tail(self, lines=60):
        try:
            return "".join(Path(self.log_path).read_text(errors="replace").splitlines(True)[-lines:])
        except OSError:
            return ""


@pytest.fixture(scope="session")
def mantis(postgres, smtp, store):
    binary = mantis_binary()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp(prefix="mantis-e2e-run.")  # no stray .env is loaded, nothing lands in the repo
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "MANTIS_", "FETCH_"))}
    env.update({
        "DATABASE_URL": postgres,
        "FRONTEND_URL": url,
        "CORS_ALLOW_ORIGINS": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_USE_TLS": "false",
        "SMTP_FROM_EMAIL": "mantis@mantis.test",
        "FETCH_ALLOW_PRIVATE": "true",
        "BCRYPT_COST": "4",
        # The whole browser suite signs in from one address within minutes; the limits have tests of their own.
        "AUTH_RATE_LIMIT_PER_IP": "0",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0",
        "REFRESH_SCHEDULER": "false",
        "JWT_SECRET_KEY": "e2e-" + "k" * 36,
        "MANTIS_MODE": "web",
        # The web app's files: this checkout's Public/ unless the caller names another folder.
        "MANTIS_PUBLIC_DIR": os.environ.get("MANTIS_PUBLIC_DIR") or str(REPO / "Public"),
        "LOG_LEVEL": os.environ.get("MANTIS_E2E_LOG_LEVEL", "info"),
    })
    log_path = ARTIFACTS / "mantis.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        migrate = subprocess.run([str(binary), "migrate", "--yes"], env=env, cwd=workdir, stdout=log,
                                 stderr=subprocess.STDOUT, timeout=120)
    if migrate.returncode != 0:
        raise RuntimeError(f"mantis migrate failed ({migrate.returncode}); see {log_path}")

    log = open(log_path, "a")
    proc = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                            env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)

    def healthy():
        if proc.poll() is not None:
            raise RuntimeError(f"mantis serve exited with {proc.returncode}; see {log_path}")
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200

    try:
        wait_until(healthy, 60, "mantis /health")
        MantisServer.running = MantisServer(url, log_path)
        yield MantisServer.running
    finally:
        MantisServer.running = None
        stop_process(proc)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def local_mantis(store):
    """`mantis serve` in local mode (one built-in user, no login) on a SQLite file of its own, on 127.0.0.1."""
    binary = mantis_binary()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp(prefix="mantis-e2e-local.")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "MANTIS_", "FETCH_", "DATABASE_"))}
    env.update({
        "MANTIS_MODE": "local",
        "MANTIS_DB_PATH": os.path.join(workdir, "mantis.sqlite"),
        "FETCH_ALLOW_PRIVATE": "true",
        "REFRESH_SCHEDULER": "false",
        "MANTIS_PUBLIC_DIR": os.environ.get("MANTIS_PUBLIC_DIR") or str(REPO / "Public"),
    })
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "mantis-local.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([str(binary), "serve", "--port", str(port)], env=env, cwd=workdir, stdout=log,
                            stderr=subprocess.STDOUT)

    def healthy():
        if proc.poll() is not None:
            raise RuntimeError(f"mantis serve (local) exited with {proc.returncode}; see {log_path}")
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200

    try:
        wait_until(healthy, 60, "local mantis /health")
        yield MantisServer(url, log_path)
    finally:
        stop_process(proc)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def local_browser(local_mantis):
    """A headless Chromium pointed at the local-mode server."""
    yield from _browsers(local_mantis)


@pytest.fixture(scope="session")
def demo(mantis, smtp, store, postgres):
    """A verified account with four products and two months of history (support/demo.py)."""
    return make_demo_account(mantis, smtp, store, postgres)


# ---------------------------------------------------------------------------------------------------
# Browsers


def _browsers(mantis):
    opened = []

    def open_browser(name="main", **kwargs):
        session = Browser(name, base_url=mantis.url, **kwargs)
        opened.append(session)
        return session

    yield open_browser
    for session in opened:
        session.quit()


@pytest.fixture
def browser(mantis):
    """`browser("name")` opens a new headless Chromium with a profile of its own; all close after the test."""
    yield from _browsers(mantis)


@pytest.fixture(scope="class")
def class_browser(mantis):
    """Like `browser`, but the sessions live for a whole class (a journey whose steps are its tests)."""
    yield from _browsers(mantis)


# ---------------------------------------------------------------------------------------------------
# Journeys: tests of one class run in order and stop at the first failure


def pytest_collection_modifyitems(items):
    for item in items:
        if item.cls is not None and getattr(item.cls, "incremental", False):
            item.add_marker(pytest.mark.incremental)


def pytest_runtest_setup(item):
    if item.get_closest_marker("incremental") is not None:
        failed = getattr(item.parent, "_first_failure", None)
        if failed is not None:
            pytest.skip(f"an earlier step failed: {failed}")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    if item.get_closest_marker("incremental") is None:
        return
    for when in ("setup", "call"):
        rep = getattr(item, "rep_" + when, None)
        if rep is not None and rep.failed and getattr(item.parent, "_first_failure", None) is None:
            item.parent._first_failure = item.name
