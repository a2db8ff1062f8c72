"""Steps of the web app that several tests take, written once against the `data-testid` contract
in Public/TESTIDS.md."""

import uuid

PASSWORD = "correct horse battery"


def unique_email(label):
    return f"{label}-{uuid.uuid4().hex[:8]}@example.com"


def sign_in(browser, email, password, expect_view="tracker"):
    """Signs in from the login view (opening /login first if another view is shown)."""
    if browser.view() != "login":
        browser.open("/login")
    browser.wait_view("login")
    if browser.find("tab-login").get_attribute("aria-selected") != "true":
        browser.click("tab-login")
    browser.fill("login-email", email)
    browser.fill("login-password", password)
    browser.click("login-submit")
    if expect_view:
        browser.wait_view(expect_view)
        browser.wait_text("nav-user", email)


def sign_out(browser):
    browser.click("nav-logout")
    browser.wait_view("login")
    browser.wait_gone("nav")


def register(browser, email, password):
    """Creates an account in the browser; stops at the "check your email" prompt."""
    if browser.view() != "login":
        browser.open("/login")
    browser.wait_view("login")
    browser.click("tab-register")
    browser.wait_visible("register-form")
    browser.fill("register-email", email)
    browser.fill("register-password", password)
    browser.fill("register-confirm", password)
    browser.click("register-submit")
    browser.wait_visible("verify-prompt")
    browser.wait_text("verify-prompt-email", email)


def product_rows(browser):
    return [row for row in browser.find_all("product-row") if row.is_displayed()]


def product_row(browser, title, timeout=20):
    """The visible product row whose title contains `title`."""
    def row():
        for candidate in product_rows(browser):
            if title.lower() in browser.find("product-title", candidate).text.lower():
                return candidate
        return None
    return browser.wait(row, f"a product row titled {title!r}", timeout)


def no_product_row(browser, title, timeout=20):
    def gone():
        return all(title.lower() not in browser.find("product-title", r).text.lower() for r in product_rows(browser))
    browser.wait(gone, f"no product row titled {title!r}", timeout)


def wait_products_loaded(browser):
    """Waits until the list has loaded: rows, the empty state or the error state is shown."""
    browser.wait_view("tracker")
    browser.wait(lambda: not browser.visible("products-loading") and (
        product_rows(browser) or browser.visible("products-empty") or browser.visible("products-error")),
        "the product list to load")
    assert not browser.visible("products-error"), browser.find("products-error").text


def track(browser, url):
    browser.fill("track-url", url)
    browser.click("track-submit")
    status = browser.wait_state("track-status", ("added", "exists", "error"), timeout=40)
    assert status.get_attribute("data-state") in ("added", "exists"), f"tracking failed: {status.text!r}"
    return status


def delete_product(browser, title):
    row = product_row(browser, title)
    browser.click("product-delete", within=row)
    dialog = browser.wait_visible("delete-dialog")
    assert title.lower() in dialog.text.lower(), f"the dialog should name {title!r}: {dialog.text!r}"
    browser.click("delete-confirm")
    browser.wait_gone("delete-dialog")
    no_product_row(browser, title)


def field_error(browser, input_test_id):
    """The text of the inline error linked to an input by `aria-describedby` ("" when valid)."""
    element = browser.find(input_test_id)
    for described_by in (element.get_attribute("aria-describedby") or "").split():
        linked = browser.driver.find_elements("id", described_by)
        if linked and linked[0].get_attribute("data-testid") == "field-error":
            return linked[0].text.strip()
    return ""


def visible_field_errors(browser, form_test_id):
    form = browser.find(form_test_id)
    return [e.text.strip() for e in browser.find_all("field-error", form) if e.is_displayed() and e.text.strip()]

