"""Pictures of the main views — login, tracker, product page, settings — in light and dark, at phone
(390×844) and desktop (1280×800) widths, saved to docs/screenshots/ as `<view>-<width>-<scheme>.png`
(settings as the whole page), so a reader can see the app without running it. The account is the `demo`
fixture's (support/demo.py). Pages that scroll sideways fail the test, after every picture is taken.
"""

from pathlib import Path

from support.app import PASSWORD, product_row, sign_in, wait_products_loaded
from support.demo import EMAIL, HISTORY

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"phone": (390, 844, True), "desktop": (1280, 800, False)}
SCHEMES = ("light", "dark")


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


def test_screenshots_of_the_main_views(browser, demo):
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
    espresso = demo["ids"]["espresso-machine"]
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
