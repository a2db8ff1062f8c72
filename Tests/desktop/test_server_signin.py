"""Signing in to a Mantis server from the desktop app (the token bridge), end to end: a real `mantis serve` in web
mode, a real keyring (gnome-keyring-daemon on a session bus of the test's own, support/keyring.py), the app's
window driven through its own pages. Connect in Settings, sign in, restart and still be signed in (the server
answered with the keyring's token, which rotated), a page of another origin refused by the bridge, sign out and the
keyring item is gone, Disconnect back to the local data as it was."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support.desktop import wait_until  # noqa: E402
from support.keyring import Keyring, SessionBus  # noqa: E402
from support.web_server import ProbeSite, WebServer, request  # noqa: E402

EMAIL = "desk@example.com"
PASSWORD = "a long desktop passphrase"


pytestmark = pytest.mark.usefixtures("keyring_tools")


@pytest.fixture
def keyring():
    bus = SessionBus()
    ring = Keyring(bus)
    yield ring
    ring.stop()
    bus.stop()


@pytest.fixture
def web():
    server = WebServer()
    server.register_verified(EMAIL, PASSWORD)
    yield server
    server.stop()


@pytest.fixture
def probe():
    site = ProbeSite()
    yield site
    site.stop()


def click(app, testid):
    app.js(f"document.querySelector('[data-testid={testid}]').click(); return true")


def fill(app, testid, value):
    app.js(f"""const input = document.querySelector('[data-testid={testid}]');
               input.value = {json.dumps(value)};
               input.dispatchEvent(new Event('input', {{ bubbles: true }}));
               return true""")


def wait_uri(app, prefix, timeout=30):
    return wait_until(lambda: app.state().get("uri", "").startswith(prefix), timeout, f"the window on {prefix}")


def sign_in(app):
    app.wait_view("login")
    fill(app, "login-email", EMAIL)
    fill(app, "login-password", PASSWORD)
    app.js("document.querySelector('[data-testid=login-form]').requestSubmit(); return true")
    app.wait_view("tracker")
    assert app.js("return document.querySelector('[data-testid=nav-user]').textContent") == EMAIL


def web_storage(app):
    return app.js("return { cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }")


def test_sign_in_to_a_server_survives_a_restart_and_signing_out_clears_the_keyring(
        launch, home, store, keyring, web, probe):
    bus = {"DBUS_SESSION_BUS_ADDRESS": keyring.bus.address}
    app = launch(**bus)
    local = app.url
    # Local data that must come back untouched after Disconnect.
    status, product = request(local + "/products/fetch", "POST", {"url": store.add("desk-lamp", "Desk Lamp", "24.00")})
    assert status in (200, 201), product

    # Settings → Connect to a server (shown only inside the desktop app).
    click(app, "nav-settings")
    app.wait_view("settings")
    app.wait_js("return Boolean(document.querySelector('[data-testid=server-form]'))", "the Connect card")
    fill(app, "server-url", web.url)
    app.js("document.querySelector('[data-testid=server-form]').requestSubmit(); return true")
    wait_uri(app, web.url)
    assert json.loads((home.config / "mantis" / "server.json").read_text()) == {"server_url": web.url}

    # The server's own sign-in page, as in a browser; the refresh token goes to the keyring, never to web storage.
    sign_in(app)
    first = wait_until(lambda: keyring.lookup(web.url), 20, "the refresh token in the keyring")
    assert web_storage(app) == {"cookie": "", "local": 0, "session": 0}
    assert not (home.config / "mantis" / "tokens" / "refresh-tokens.json").exists()

    # Restart: the window opens on the server again and the session is restored from the keyring.
    assert app.quit() == 0
    app = launch(name="restarted", wait_for_tracker=False, **bus)
    wait_uri(app, web.url)
    app.wait_view("tracker", timeout=40)
    assert app.js("return document.querySelector('[data-testid=nav-user]').textContent") == EMAIL
    local = app.url  # the new instance's local server has a port of its own
    assert web_storage(app) == {"cookie": "", "local": 0, "session": 0}
    second = keyring.lookup(web.url)
    # /auth/refresh took the keyring's token (refresh tokens rotate) and the new one went back to the keyring.
    assert second and second != first, "the restored session's refresh rotated the keyring's token"

    # A page of another origin (another port on loopback) gets no token and can change nothing.
    app.ask("load", url=probe.url)
    result = json.loads(app.wait_js("return document.body?.dataset.result ?? null", "the probe page's result"))
    assert result["bridge"] is True
    for name in ("getRefreshToken", "saveRefreshToken", "clearRefreshToken", "connectServer", "disconnectServer"):
        assert "refused" in result[name], (name, result[name])
    assert "answered" not in json.dumps(result)
    assert keyring.lookup(web.url) == second, "the other origin neither read, replaced nor removed the token"
    assert app.state()["uri"].startswith(probe.url), "disconnectServer from elsewhere was ignored"
    # The app's own local page may not read the server's token either.
    app.ask("load", url=local + "/settings")
    app.wait_view("settings")
    refused = app.js("""try { await window.webkit.messageHandlers.getRefreshToken.postMessage(null); return 'answered'; }
                        catch (error) { return 'refused: ' + error.message; }""")
    assert refused.startswith("refused"), refused

    # Back on the server: still signed in, from the keyring, which the other pages did not disturb.
    app.ask("load", url=web.url + "/")
    app.wait_view("tracker", timeout=40)
    third = wait_until(lambda: (token := keyring.lookup(web.url)) != second and token, 20, "the next rotated token")

    # Sign out: the session ends on the server and the keyring item is gone.
    click(app, "nav-logout")
    app.wait_view("login")
    wait_until(lambda: keyring.lookup(web.url) is None, 20, "the keyring item removed")
    assert request(web.url + "/auth/refresh", "POST", {"refresh_token": third})[0] == 401

    # Signed in once more, Settings → Disconnect: signed out, back to the local data, untouched.
    sign_in(app)
    wait_until(lambda: keyring.lookup(web.url), 20, "the refresh token in the keyring")
    click(app, "nav-settings")
    app.wait_view("settings")
    click(app, "server-disconnect")
    wait_uri(app, local)
    app.wait_view("tracker")
    assert keyring.lookup(web.url) is None
    assert not (home.config / "mantis" / "server.json").exists()
    titles = app.wait_js("""const rows = [...document.querySelectorAll('[data-testid=product-title]')];
                            return rows.length ? rows.map((r) => r.textContent) : null""", "the local products")
    assert titles == ["Desk Lamp"]
    # Local mode has nothing to sign in to: no Disconnect there, only Connect.
    click(app, "nav-settings")
    app.wait_view("settings")
    assert app.js("return Boolean(document.querySelector('[data-testid=server-form]'))") is True


def test_connect_refuses_what_is_not_mantis_and_the_login_page_offers_a_way_back(launch, home, keyring, web, probe):
    app = launch(DBUS_SESSION_BUS_ADDRESS=keyring.bus.address)
    local = app.url
    click(app, "nav-settings")
    app.wait_view("settings")
    # Not a Mantis server: refused before the window goes anywhere.
    fill(app, "server-url", probe.url)
    app.js("document.querySelector('[data-testid=server-form]').requestSubmit(); return true")
    app.wait_js("return document.querySelector('[data-testid=server-message]')?.dataset.state === 'error'",
                "the refusal")
    fill(app, "server-url", web.url)
    app.js("document.querySelector('[data-testid=server-form]').requestSubmit(); return true")
    wait_uri(app, web.url)
    app.wait_view("login")
    click(app, "server-disconnect")
    wait_uri(app, local)
    app.wait_view("tracker")
    assert not (home.config / "mantis" / "server.json").exists()
