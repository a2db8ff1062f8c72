"""Closing the window: hidden to the tray when a tray host exists and the setting says so (the default), else the
app quits (cleanly)."""

import json
import sqlite3
import urllib.request

from support.desktop import wait_until


def test_without_a_tray_host_closing_the_window_quits(launch, home):
    app = launch()
    assert app.state()["tray_host"] is False
    app.ask("close")
    assert app.wait_exit(30) == 0
    with sqlite3.connect(home.database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_with_a_tray_host_closing_hides_the_window_and_the_server_keeps_running(launch, tray_host):
    app = launch()
    state = app.state()
    assert state["tray_host"] is True and state["close_to_tray"] is True  # the default
    app.ask("close")
    wait_until(lambda: not app.state()["visible"], 10, "the window hidden")
    with urllib.request.urlopen(app.url + "/health", timeout=10) as response:
        assert response.status == 200
    # The tray's Open Mantis.
    app.ask("present")
    wait_until(lambda: app.state()["visible"], 10, "the window shown again")
    assert app.quit() == 0


def test_the_setting_can_make_closing_quit_even_with_a_tray(launch, home, tray_host):
    settings = home.config / "mantis" / "desktop-settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"close_to_tray": False}))
    app = launch()
    assert app.state()["close_to_tray"] is False
    app.ask("close")
    assert app.wait_exit(30) == 0
