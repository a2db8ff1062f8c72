"""Labels on every input and a keyboard-only sign-in."""

import pytest
from selenium.webdriver.common.keys import Keys

from support.app import PASSWORD, sign_in, wait_products_loaded

UNLABELLED_INPUTS = """
return [...document.querySelectorAll("input, select, textarea")]
  .filter(e => e.type !== "hidden" && e.getAttribute("aria-hidden") !== "true" && e.offsetParent !== null)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
  .map(e => e.outerHTML.slice(0, 120));
"""


def test_keyboard_only_sign_in(browser, demo):
    visitor = browser("keyboard").open("/login")
    visitor.wait_view("login")
    visitor.find("login-email").click()
    active = visitor.driver.switch_to.active_element
    active.send_keys(demo["email"], Keys.TAB)
    active = visitor.driver.switch_to.active_element
    assert active.get_attribute("data-testid") == "login-password", "Tab goes from email to password"
    active.send_keys(PASSWORD, Keys.ENTER)
    wait_products_loaded(visitor)


@pytest.mark.parametrize("path,view", [("/login", "login"), ("/", "tracker"), ("/settings", "settings"),
                                       ("product", "product")])
def test_every_input_has_a_label(browser, demo, path, view):
    user = browser("labels")
    if view != "login":
        sign_in(user, demo["email"], PASSWORD)
    if path == "product":
        path = f"/product/{demo['ids']['espresso-machine']}"
    user.open(path)
    user.wait_view(view)
    if view == "login":
        user.click("tab-register")
        user.wait_visible("register-form")
    elif view == "tracker":
        wait_products_loaded(user)
    else:
        user.wait(lambda: not user.visible("detail-loading") and not user.visible("app-loading"), "the page")
    user.settle(0.2)
    assert user.driver.execute_script(UNLABELLED_INPUTS) == []
