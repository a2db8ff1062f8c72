"""Pictures of the main views — login, tracker, product page, settings — in light and dark, at phone
(390×844) and desktop (1280×800) widths, saved to docs/screenshots/ as `<view>-<width>-<scheme>.png` (settings as the whole page), so a
reader can see the app without running it. The account is filled through the API with products from the
fixture store, and its history is spread over two months in the database, so the chart shows a real shape.
"""

import subprocess
from pathlib import Path

import pytest

from support.api import API
from support.app import PASSWORD, product_row, sign_in, wait_products_loaded
from support.store import OUT_OF_STOCK

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"phone": (390, 844, True), "desktop": (1280, 800, False)}
SCHEMES = ("light", "dark")
EMAIL = "ada@example.com"

# Each product's prices, oldest first; None is a check the store refused (the check log shows it).
HISTORY = {
    "espresso-machine": ("Espresso Machine Classic", ["329.00", "319.00", "339.00", None, "299.00", "309.00",
                                                       "289.00", "289.00", "279.00"]),
    "headphones": ("Noise-Cancelling Headphones", ["249.00", "249.00", "229.00", "239.00", "259.00"]),
    "skillet": ("Cast Iron Skillet 28 cm", ["44.90", "44.90", "44.90"]),
    "trail-shoes": ("Trail Running Shoes", ["129.95", "119.95", "119.95"]),
}

BACKDATE_SQL = """
BEGIN;
CREATE TEMP TABLE shift ON COMMIT DROP AS
  SELECT c.id, c.product_id, c.checked_at AS old,
         now() - interval '95 minutes'
           - (row_number() OVER w - 1)::float8 * (interval '58 days' / (count(*) OVER (PARTITION BY c.product_id))::float8)
           AS new
  FROM product_checks c JOIN products p ON p.id = c.product_id
  WHERE p.user_id = '{user_id}'
  WINDOW w AS (PARTITION BY c.product_id ORDER BY c.checked_at DESC);
UPDATE product_checks c SET checked_at = s.new FROM shift s WHERE c.id = s.id;
UPDATE price_points pp SET checked_at = s.new FROM shift s
  WHERE pp.product_id = s.product_id AND pp.checked_at = s.old;
UPDATE products p SET created_at = (SELECT min(s.new) FROM shift s WHERE s.product_id = p.id) - interval '1 minute',
                      last_checked = now() - interval '95 minutes'
  WHERE p.user_id = '{user_id}';
COMMIT;
"""


@pytest.fixture(scope="module")
def ada(mantis, smtp, store, postgres):
    """A verified account with four products and two months of history."""
    api = API(mantis.url)
    user = api.register(EMAIL, PASSWORD)["user"]
    _, link = smtp.wait_for(EMAIL, "verify-email?token=")
    api.verify_email(link.split("token=", 1)[1])
    ids = {}
    for slug, (title, prices) in HISTORY.items():
        store.add(slug, title, prices[0])
        ids[slug] = api.track(store.url(slug))["id"]
        for price in prices[1:]:
            if price is None:
                store.set_status(slug, 503)
                api.request("POST", f"/products/{ids[slug]}/refresh", expect=502)
                store.set_status(slug, 200)
                continue
            store.set_price(slug, price)
            api.refresh(ids[slug])
    store.set_availability("trail-shoes", OUT_OF_STOCK)
    api.refresh(ids["trail-shoes"])
    api.set_target(ids["espresso-machine"], "275.00")
    subprocess.run(["psql", postgres, "-v", "ON_ERROR_STOP=1", "-q"],
                   input=BACKDATE_SQL.format(user_id=user["id"]), text=True, check=True, capture_output=True)
    return {"ids": ids}


def images_loaded(browser):
    return browser.driver.execute_script(
        "return [...document.images].every(i => i.complete)")


OVERFLOWS = []


def shoot(browser, view, size, scheme, full_page=False):
    browser.settle()
    assert browser.color_scheme() == scheme
    browser.screenshot(SCREENSHOTS / f"{view}-{size}-{scheme}.png", full_page=full_page)
    # Readable on a phone means no sideways scrolling; noted here, asserted once every picture is taken.
    overflow = browser.horizontal_overflow()
    if overflow:
        OVERFLOWS.append(f"{view}-{size}-{scheme}: {overflow}")


def prepare(browser, size, scheme):
    width, height, mobile = SIZES[size]
    browser.set_viewport(width, height, mobile)
    browser.set_color_scheme(scheme)


def test_screenshots_of_the_main_views(browser, ada):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    OVERFLOWS.clear()

    visitor = browser("visitor")
    for size in SIZES:
        for scheme in SCHEMES:
            prepare(visitor, size, scheme)
            visitor.open("/login")
            visitor.wait_view("login")
            shoot(visitor, "login", size, scheme)

    user = browser("ada")
    sign_in(user, EMAIL, PASSWORD)
    espresso = ada["ids"]["espresso-machine"]
    for size in SIZES:
        for scheme in SCHEMES:
            prepare(user, size, scheme)

            user.open("/")
            wait_products_loaded(user)
            product_row(user, "Espresso Machine")
            user.wait(lambda: len(user.find_all("product-row")) == len(HISTORY), "every product")
            user.wait(lambda: images_loaded(user), "product images")
            shoot(user, "tracker", size, scheme)

            user.open(f"/product/{espresso}")
            user.wait_visible("product-detail")
            user.click("range-all")
            user.wait_visible("price-chart")
            user.wait(lambda: len(user.find_all("chart-point")) >= 8, "the chart's points")
            user.driver.execute_script("window.scrollTo(0, 0)")
            shoot(user, "product", size, scheme)

            user.open("/settings")
            user.wait_view("settings")
            user.wait(lambda: user.find_all("session-row"), "the sessions")
            shoot(user, "settings", size, scheme, full_page=True)  # sessions and deletion are below the fold

    names = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
    assert len(names) >= 16, names
    assert not OVERFLOWS, "pages wider than the viewport (they scroll sideways):\n" + "\n".join(OVERFLOWS)
