"""The token store against a real Secret Service: gnome-keyring-daemon on a session bus of the test's own
(support/keyring.py), driven through the binary's test-only `--token-store-selftest` command (the store the app
uses, RefreshTokenStores.preferred, without a window), and checked from outside with `secret-tool`. Without a
keyring, and with one that errors, the token goes to the 0600 file instead."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.keyring import Keyring, SessionBus  # noqa: E402

SERVER = "http://127.0.0.1:8123"
TOKEN_FILE = Path("mantis") / "tokens" / "refresh-tokens.json"


pytestmark = pytest.mark.usefixtures("keyring_tools")


@pytest.fixture
def bus():
    session = SessionBus()
    yield session
    session.stop()


@pytest.fixture
def config(tmp_path):
    return tmp_path / "config"


def selftest(binary, bus_address, config, action, server=SERVER, token=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
    env.update({"HOME": str(config.parent), "XDG_CONFIG_HOME": str(config), "DBUS_SESSION_BUS_ADDRESS": bus_address})
    env.pop("DISPLAY", None)  # no X11 autolaunch of a bus of its own: the bus given is the only one
    return subprocess.run([str(binary), "--token-store-selftest", action, server], input=token or "", env=env,
                          capture_output=True, text=True, timeout=60)


def test_token_lives_in_the_keyring_and_clear_removes_it(desktop_binary, bus, config):
    keyring = Keyring(bus)
    try:
        which = selftest(desktop_binary, bus.address, config, "which")
        assert which.returncode == 0 and which.stdout.startswith("secret-service"), which

        saved = selftest(desktop_binary, bus.address, config, "save", token="first-token\n")
        assert saved.returncode == 0, saved.stderr
        assert "store: secret-service" in saved.stderr
        assert keyring.lookup(SERVER) == "first-token"
        assert not (config / TOKEN_FILE).exists(), "a keyring that works leaves no token file"

        # A rotated token replaces the old one (one item per server), and another server's is its own item.
        assert selftest(desktop_binary, bus.address, config, "save", token="second-token").returncode == 0
        assert selftest(desktop_binary, bus.address, config, "save", server="https://other.example",
                        token="other-token").returncode == 0
        assert keyring.lookup(SERVER) == "second-token"
        assert keyring.lookup("https://other.example") == "other-token"

        loaded = selftest(desktop_binary, bus.address, config, "load")
        assert (loaded.returncode, loaded.stdout.strip()) == (0, "second-token"), loaded.stderr

        cleared = selftest(desktop_binary, bus.address, config, "clear")
        assert cleared.returncode == 0, cleared.stderr
        assert keyring.lookup(SERVER) is None, "signing out leaves no item in the keyring"
        assert keyring.lookup("https://other.example") == "other-token"
        assert selftest(desktop_binary, bus.address, config, "load").returncode == 1
    finally:
        keyring.stop()


def _assert_private_file(path):
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, oct(path.parent.stat().st_mode)


def test_without_a_keyring_the_token_goes_to_a_0600_file(desktop_binary, bus, config):
    assert not bus.has_owner("org.freedesktop.secrets")
    which = selftest(desktop_binary, bus.address, config, "which")
    assert which.returncode == 0 and which.stdout.strip() == f"file {config / TOKEN_FILE}", which

    saved = selftest(desktop_binary, bus.address, config, "save", token="file-token")
    assert saved.returncode == 0, saved.stderr
    path = config / TOKEN_FILE
    _assert_private_file(path)
    assert json.loads(path.read_text()) == {SERVER: "file-token"}

    loaded = selftest(desktop_binary, bus.address, config, "load")
    assert (loaded.returncode, loaded.stdout.strip()) == (0, "file-token")
    assert selftest(desktop_binary, bus.address, config, "clear").returncode == 0
    assert not path.exists()
    assert selftest(desktop_binary, bus.address, config, "load").returncode == 1


def test_without_any_session_bus_the_file_is_used(desktop_binary, config, tmp_path):
    saved = selftest(desktop_binary, f"unix:path={tmp_path}/no-such-bus", config, "save", token="no-bus-token")
    assert saved.returncode == 0, saved.stderr
    _assert_private_file(config / TOKEN_FILE)
    loaded = selftest(desktop_binary, f"unix:path={tmp_path}/no-such-bus", config, "load")
    assert loaded.stdout.strip() == "no-bus-token"


def test_a_keyring_that_errors_falls_back_to_the_file(desktop_binary, bus, config):
    # gnome-keyring without its login keyring: the Secret Service is on the bus, but storing fails.
    keyring = Keyring(bus, unlocked=False)
    try:
        saved = selftest(desktop_binary, bus.address, config, "save", token="fallback-token")
        assert saved.returncode == 0, saved.stderr
        assert "store: file" in saved.stderr
        _assert_private_file(config / TOKEN_FILE)
        loaded = selftest(desktop_binary, bus.address, config, "load")
        assert loaded.stdout.strip() == "fallback-token"
        assert selftest(desktop_binary, bus.address, config, "clear").returncode == 0
        assert not (config / TOKEN_FILE).exists()
    finally:
        keyring.stop()


def test_the_selftest_refuses_what_is_not_a_server(desktop_binary, bus, config):
    bad = selftest(desktop_binary, bus.address, config, "load", server="https://me@evil.example")
    assert bad.returncode == 2
    empty = selftest(desktop_binary, bus.address, config, "save", token="")
    assert empty.returncode == 2
