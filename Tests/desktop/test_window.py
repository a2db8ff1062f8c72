"""The window: it opens on the local server's tracker, tracks a product through its own page, and quitting leaves
a consistent database."""

import json
import os
import re
import shutil
import sqlite3

from support.desktop import wait_until
from support.png import distinct_colours

TRACK = """
const url = document.querySelector('[data-testid=track-url]');
url.value = %s;
url.dispatchEvent(new Event('input', {bubbles: true}));
document.querySelector('[data-testid=track-form]').requestSubmit();
return true;
"""

TRACK_DONE = """
const state = document.querySelector('[data-testid=track-status]')?.dataset.state;
return ['added', 'exists', 'error'].includes(state) ? state : null;
"""

ROW_PRICE = """
for (const row of document.querySelectorAll('[data-testid=product-row]')) {
  if (row.querySelector('[data-testid=product-title]').textContent.includes(%s))
    return row.querySelector('[data-testid=product-price]').dataset.price;
}
return null;
"""


def track(app, url, title):
    assert app.js(TRACK % json.dumps(url))
    state = app.wait_js(TRACK_DONE, "the track status", timeout=40)
    assert state in ("added", "exists"), app.js("return document.querySelector('[data-testid=track-status]').textContent")
    return app.wait_js(ROW_PRICE % json.dumps(title), f"a row for {title}")


def requests_seen(metrics, method, route):
    pattern = re.compile(r'^http_requests_total\{([^}]*)\} (\d+)', re.M)
    total = 0
    for labels, count in pattern.findall(metrics):
        if f'method="{method}"' in labels and f'route="{route}"' in labels and 'status="2' in labels:
            total += int(count)
    return total


def test_the_window_shows_the_tracker_of_the_local_server(launch, home, tmp_path):
    app = launch()
    state = app.state()

    # Local mode in this process, on 127.0.0.1 and the port the system chose, logged.
    assert state["port"] > 0 and state["url"] == f"http://127.0.0.1:{state['port']}"
    assert state["pid"] == app.proc.pid
    assert f"http://127.0.0.1:{state['port']}" in app.log_tail(200)
    assert state["uri"] == state["url"] + "/" and state["visible"]
    assert home.database.is_file(), "the database is at $XDG_DATA_HOME/mantis/mantis.sqlite"

    # The page is the tracker, of the built-in user, as the server answered it.
    app.wait_js("return !document.querySelector('[data-testid=products-loading]:not([hidden])')", "the list to load")
    assert app.js("return document.querySelector('[data-testid=nav-user]')?.textContent") == "local@mantis.localhost"
    assert app.js("return !!document.querySelector('[data-testid=products-empty]')")

    # The server saw the page's requests (its own count, GET /metrics), and WebKit fetched them from it.
    metrics = app.metrics()
    assert requests_seen(metrics, "GET", "/products") >= 1, metrics
    assert requests_seen(metrics, "GET", "/auth/me") >= 1, metrics
    fetched = app.js("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(name.startswith(state["url"] + "/products") for name in fetched), fetched

    # What the window shows is a page, not a blank or one-colour surface.
    picture = app.snapshot(tmp_path / "window.png")
    assert distinct_colours(picture) > 8


def test_a_product_is_tracked_through_the_window_and_quit_leaves_a_consistent_database(launch, home, store, tmp_path):
    url = store.add("desktop-kettle", "Desktop Kettle", "39.90")
    app = launch()
    assert track(app, url, "Desktop Kettle") == "39.90"
    # Its target price, set through the page just before quitting: a write acknowledged is a write kept.
    app.js("""
        const row = document.querySelector('[data-testid=product-row]');
        row.querySelector('[data-testid=product-target-input]').value = '35.00';
        row.querySelector('[data-testid=product-target-form]').requestSubmit();
        return true;""")
    app.wait_js("return document.querySelector('[data-testid=product-target-message]')?.textContent.length > 0",
                "the target price saved")

    screenshot = os.environ.get("MANTIS_DESKTOP_SCREENSHOT")
    if screenshot:
        # The README's picture of the window: a few products make it the tracker people will see.
        for slug, name, price in (("desktop-lamp", "Reading Lamp", "24.50"), ("desktop-grinder", "Coffee Grinder", "129.00")):
            track(app, store.add(slug, name, price), name)
        app.js("window.scrollTo(0, 0); document.activeElement?.blur(); return true")
        shutil.copy(app.snapshot(tmp_path / "desktop.png"), screenshot)

    assert app.quit() == 0
    assert "Mantis local mode stopping" in app.log_tail(200)

    # Consistent, complete, and the write-ahead log folded in.
    with sqlite3.connect(home.database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT title, current_price, target_price FROM products WHERE url = ?", (url,)).fetchall()
    assert len(rows) == 1 and rows[0][0] == "Desktop Kettle", rows
    assert float(rows[0][1]) == 39.90 and float(rows[0][2]) == 35.0, rows
    wal = home.database.with_name("mantis.sqlite-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{wal} has {wal.stat().st_size} bytes left"

    # The next start finds the data (and the lock was let go).
    again = launch(name="again")
    assert wait_until(lambda: again.js(ROW_PRICE % '"Desktop Kettle"'), 20, "the kettle after a restart") == "39.90"
    assert again.quit() == 0
