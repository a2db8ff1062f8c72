"""Price alerts as desktop notifications: a drop below a product's target reaches a notification server on the test's
session bus (support/notification_server.py, a real D-Bus peer owning org.freedesktop.Notifications) as one
notification with the product's title and both prices; its default action (a click) opens that product in the
window; the alert's email still goes out through the outbox."""

import json
import queue
import re
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from support.desktop import SYSTEM_PYTHON, wait_until


class NotificationServer:
    def __init__(self):
        script = Path(__file__).parent / "support" / "notification_server.py"
        self.proc = subprocess.Popen([SYSTEM_PYTHON, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            self.proc.kill()
            raise RuntimeError(f"the fake notification server did not start: {line!r}")
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.received = []

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def notifications(self):
        while True:
            try:
                self.received.append(self.lines.get_nowait())
            except queue.Empty:
                return list(self.received)

    def wait_for(self, count, timeout=30):
        return wait_until(lambda: len(self.notifications()) >= count and self.notifications(), timeout,
                          f"{count} notification(s)")

    def invoke(self, notification_id, action="default"):
        self.proc.stdin.write(f"invoke {notification_id} {action}\n")
        self.proc.stdin.flush()

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def notification_server():
    server = NotificationServer()
    try:
        yield server
    finally:
        server.stop()


def api(app, method, path, body=None):
    request = urllib.request.Request(app.url + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def amount(text):
    """A price as the body writes it, in whichever notation the currency's locale has (€49.99, 49,99 €)."""
    return re.escape(text).replace(r"\.", "[.,]")


def test_a_drop_below_the_target_notifies_once_with_both_prices_and_a_click_opens_the_product(
        launch, home, store, notification_server, tray_host, tmp_path):
    mail = tmp_path / "mail"
    app = launch(MAIL_TRANSPORT="file", MAIL_DIR=str(mail))
    url = store.add("notify-kettle", "Notify Kettle", "49.99", currency="EUR")
    product = api(app, "POST", "/products/fetch", {"url": url, "target_price": "40"})
    product_id = product["id"].lower()

    # Checked again above the target: no alert, nothing on the bus.
    assert app.ask("refresh_all", timeout=60)["ok"]
    time.sleep(1)
    assert notification_server.notifications() == []

    # Below the target: Refresh all now (what the tray's item calls) checks it, and one notification arrives.
    store.set_price("notify-kettle", "39.50")
    assert app.ask("refresh_all", timeout=60)["ok"]
    [notification] = notification_server.wait_for(1)
    assert notification["summary"] == "Notify Kettle"
    body = notification["body"]
    assert re.search(amount("49.99") + ".*→.*" + amount("39.50"), body), body
    assert "€" in body, body
    assert notification["app_name"] == "Mantis"
    assert notification["hints"].get("desktop-entry") == "mantis"
    assert "default" in notification["actions"][0::2]

    # Still below the target at the next check: no second notification.
    assert app.ask("refresh_all", timeout=60)["ok"]
    time.sleep(1)
    assert len(notification_server.notifications()) == 1

    # The alert's email went out through the outbox as before (the file transport stands in for SMTP here).
    def alert_email():
        for message in mail.glob("*.eml"):
            text = message.read_text(errors="replace")
            if "To: local@mantis.localhost" in text and "Notify Kettle" in text and "Was:" in text:
                return text
        return None

    email = wait_until(alert_email, 30, "the price alert email")
    assert re.search(amount("39.50"), email)
    # Its link opens the product on the server this window runs (not a port-0 placeholder).
    assert f"{app.url}/product/{product_id}" in email.replace("=\n", ""), email

    # With the window hidden in the tray, a click on the notification (its default action) brings the window up
    # on that product's page.
    app.ask("close")
    wait_until(lambda: not app.state()["visible"], 10, "the window hidden")
    notification_server.invoke(notification["id"])
    wait_until(lambda: app.state()["uri"] == f"{app.url}/product/{product_id}", 20, "the product's page")
    wait_until(lambda: app.state()["visible"], 10, "the window shown")
    app.wait_view("product")
    shown = app.wait_js("return document.querySelector('[data-testid=product-detail]')?.dataset.productId",
                        "the product's details")
    assert shown.lower() == product_id
