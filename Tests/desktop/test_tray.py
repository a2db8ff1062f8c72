"""The tray icon, read and clicked over the session bus as a panel does (support/tray_menu.py): a StatusNotifierItem
titled Mantis with the menu Open Mantis, Refresh all now, Quit, each doing what it says. Whether a tray host exists
(`TrayIcon.hostAvailable`: a StatusNotifierWatcher owns its name) is test_close.py's `tray_host` state checks."""

import json
import subprocess
import urllib.request
from pathlib import Path

from support.desktop import SYSTEM_PYTHON, wait_until

SCRIPT = Path(__file__).parent / "support" / "tray_menu.py"


def tray(app, *arguments):
    result = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), arguments[0], str(app.proc.pid), *arguments[1:]],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return json.loads(result.stdout) if result.stdout.strip() else True


def api(app, method, path, body=None):
    request = urllib.request.Request(app.url + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode())


def test_the_tray_icon_offers_open_refresh_all_and_quit(launch, store, tray_host):
    app = launch()
    layout = wait_until(lambda: tray(app, "layout"), 30, "the tray icon on the bus")
    assert layout["title"] == "Mantis" and layout["icon"] == "mantis" and layout["status"] == "Active", layout
    items = [item for item in layout["items"] if item["type"] != "separator"]
    assert [item["label"] for item in items] == ["Open Mantis", "Refresh all now", "Quit"], layout
    assert all(item["enabled"] for item in items)

    # Open Mantis: the window hidden in the tray comes back.
    app.ask("close")
    wait_until(lambda: not app.state()["visible"], 10, "the window hidden")
    tray(app, "click", "Open Mantis")
    wait_until(lambda: app.state()["visible"], 10, "the window shown again")

    # Refresh all now: every product is checked at once.
    url = store.add("tray-lamp", "Tray Lamp", "20.00")
    product = api(app, "POST", "/products/fetch", {"url": url})
    store.set_price("tray-lamp", "18.00")
    tray(app, "click", "Refresh all now")
    wait_until(lambda: api(app, "GET", f"/products/{product['id']}")["current_price"] == "18.00", 30,
               "the product checked again")
    # ... and the open page is loaded again, so it shows the new price without the user reloading.
    wait_until(lambda: "18.00" in app.js("return document.body.innerText"), 30, "the window showing the new price")

    # Quit: the app ends, cleanly.
    tray(app, "click", "Quit")
    assert app.wait_exit(30) == 0
