"""Links to stores open in the user's browser (`xdg-open`), never inside the app window."""

import json

from support.desktop import wait_until
from test_window import track


def test_store_links_go_to_the_browser_and_the_window_stays_on_the_app(launch, home, store):
    url = store.add("desktop-teapot", "Desktop Teapot", "18.00")
    app = launch()
    track(app, url, "Desktop Teapot")

    # A link of the app's own: followed in the window.
    app.js("document.querySelector('[data-testid=product-title]').click(); return true")
    app.wait_view("product")
    product_page = app.state()["uri"]
    assert product_page.startswith(app.url + "/product/")

    # The store link (target=_blank): the browser gets it, the window stays.
    app.wait_js("return !!document.querySelector('[data-testid=detail-store]')", "the store link")
    app.js("document.querySelector('[data-testid=detail-store]').click(); return true")
    wait_until(lambda: url in home.opened(), 10, "xdg-open with the store's page")

    # Navigating the window itself to another origin: the same.
    other = store.url("somewhere-else")
    app.js(f"location.href = {json.dumps(other)}; return true")
    wait_until(lambda: other in home.opened(), 10, "xdg-open after a navigation to another origin")
    # A popup nobody clicked for opens nowhere (WebKit's default, kept).
    popup = store.url("a-popup")
    app.js(f"window.open({json.dumps(popup)}); return true")

    assert app.state()["uri"] == product_page
    assert app.js("return location.href") == product_page
    # Only those two went to the browser; a scheme other than http(s) goes nowhere.
    app.js("location.href = 'file:///etc/passwd'; return true")
    assert app.state()["uri"] == product_page
    assert sorted(home.opened()) == sorted([url, other])
