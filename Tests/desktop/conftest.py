"""The desktop app's tests: the real `mantis-desktop` binary under Xvfb and a session D-Bus of the test's own
(`Tests/desktop/run BINARY` sets both up: `xvfb-run -a dbus-run-session -- pytest Tests/desktop`).

- `desktop_binary`: the binary under test (`$MANTIS_DESKTOP_BIN`, else `.build/debug/mantis-desktop`);
- `home`: a user's folders of the test's own (XDG data/config/cache, a fake `xdg-open` on PATH);
- `launch(home, name="app", **env)`: starts the app and waits until its window shows the tracker; every app a
  test started is stopped afterwards (SIGTERM, a clean quit);
- `store`: the browser tests' fixture shop (Tests/e2e/support/store.py), schema.org JSON-LD on loopback;
- `tray_host`: a StatusNotifierWatcher on the session bus, as a panel with a tray has.

The apps of one test run share one session bus, where the app's name is unique: tests start them one after
another, never two unrelated ones at once. A failed test's report ends with the log of each app still running.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.desktop import REPO, SYSTEM_PYTHON, Desktop, Home  # noqa: E402

ARTIFACTS = REPO / "test-artifacts" / "desktop"


def pytest_configure(config):
    missing = [name for name in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS") if not os.environ.get(name)]
    if missing:
        pytest.exit(f"no {' or '.join(missing)}: run these tests with Tests/desktop/run BINARY "
                    "(Xvfb and a session D-Bus of their own)", returncode=2)


@pytest.fixture(scope="session")
def desktop_binary():
    binary = Path(os.environ.get("MANTIS_DESKTOP_BIN") or REPO / ".build" / "debug" / "mantis-desktop")
    if not binary.is_file():
        pytest.exit(f"no mantis-desktop at {binary}: build it (swift build --product mantis-desktop) "
                    "or set MANTIS_DESKTOP_BIN", returncode=2)
    return binary


@pytest.fixture
def home(tmp_path):
    return Home(tmp_path)


@pytest.fixture
def launch(desktop_binary, home):
    started = []

    def start(in_home=None, name="app", wait_for_tracker=True, **env):
        app = Desktop(desktop_binary, in_home or home, name=name, **env)
        started.append(app)
        return app.start(wait_for_tracker=wait_for_tracker)

    yield start
    for app in reversed(started):
        app.stop()


def _load_e2e_store():
    # The e2e tests' support package is also called `support`: load the one module by its path.
    spec = importlib.util.spec_from_file_location("e2e_store", REPO / "Tests" / "e2e" / "support" / "store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def store():
    shop = _load_e2e_store().FixtureStore()
    shop.start()
    try:
        yield shop
    finally:
        shop.stop()


@pytest.fixture
def tray_host():
    script = Path(__file__).parent / "support" / "status_notifier_watcher.py"
    proc = subprocess.Popen([SYSTEM_PYTHON, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if line != "ready":
        proc.kill()
        raise RuntimeError(f"the fake StatusNotifierWatcher did not start: {line!r}")
    try:
        yield proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        for app in Desktop.running:
            report.sections.append((f"mantis-desktop {app.name} log (last lines)", app.log_tail()))
            try:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                app.snapshot(ARTIFACTS / f"{item.name}-{app.name}.png")
            except Exception:  # noqa: BLE001 - the report matters more than the picture
                pass


@pytest.fixture(scope="session")
def keyring_tools():
    """gnome-keyring (the Secret Service), secret-tool and a dbus-daemon, for the keyring tests."""
    subprocess.run([str(REPO / "scripts" / "apt-install"), "gnome-keyring", "libsecret-tools", "dbus-daemon"],
                   check=True)
