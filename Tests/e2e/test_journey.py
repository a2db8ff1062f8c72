"""The whole user journey of issue 5, step by step, in a real headless Chromium.

app shows login → register → success message → verification email arrives → its link verifies →
logout → login → track a product → it appears with its price → reload stays signed in → delete only
removes own product (a second user in a second browser profile sees nothing of the first) → forgot
password → email → reset → login with the new password.

Each step is a test; they run in order on one browser, and after a failure the rest are skipped.
"""

import pytest

from support.api import API
from support.app import (PASSWORD, delete_product, field_error, no_product_row, product_row, product_rows, register,
                         sign_in, sign_out, track, unique_email, visible_field_errors, wait_products_loaded)

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(scope="class")
def journey(class_browser, mantis, smtp, store):
    """What the steps share: Alice's browser, her address, and what earlier steps learnt."""
    return {
        "alice": class_browser("alice"),
        "open_browser": class_browser,
        "email": unique_email("alice"),
        "kettle": store.add("copper-kettle", "Copper Kettle 1.7 l", "49.90"),
        "lamp": store.add("desk-lamp", "Brass Desk Lamp", "89.00"),
    }


class TestJourney:
    incremental = True

    def test_01_app_shows_login(self, journey):
        alice = journey["alice"].open("/")
        alice.wait_view("login")
        assert alice.visible("login-form")
        assert alice.find("tab-login").get_attribute("aria-selected") == "true"
        assert not alice.visible("nav"), "nobody is signed in: no navigation"
        assert not alice.visible("app-loading")

    def test_02_register_validates_then_shows_success(self, journey, smtp):
        alice, email = journey["alice"], journey["email"]
        alice.click("tab-register")
        alice.wait_visible("register-form")

        # Inline validation stops a bad form before it reaches the server.
        alice.fill("register-email", "not-an-email")
        alice.fill("register-password", "short")
        alice.fill("register-confirm", "different")
        alice.click("register-submit")
        alice.wait(lambda: visible_field_errors(alice, "register-form"), "inline errors")
        for field in ("register-email", "register-password", "register-confirm"):
            assert field_error(alice, field), f"{field} says what is wrong"
        assert alice.view() == "login"
        assert smtp.count(email) == 0

        # A common password passes the browser's checks but not the server's; its reason shows on the field.
        alice.fill("register-email", email)
        alice.fill("register-password", "password123")
        alice.fill("register-confirm", "password123")
        alice.click("register-submit")
        alice.wait(lambda: "common" in field_error(alice, "register-password").lower(), "the server's reason on the password field")
        assert alice.view() == "login"
        assert smtp.count(email) == 0

        # The strength hint follows the password.
        alice.fill("register-password", PASSWORD)
        form = alice.find("register-form")
        alice.wait(lambda: alice.find("password-strength", form).get_attribute("data-state") not in ("empty", "weak"),
                   "a fair or strong hint for a long passphrase")

        register(alice, email, PASSWORD)
        alice.wait_view("check-email")
        assert "account created" in alice.find("verify-prompt").text.lower(), "the success message"
        assert alice.visible("resend-verification")

    def test_03_verification_email_arrives(self, journey, smtp, mantis):
        alice, email = journey["alice"], journey["email"]
        _, first = smtp.wait_for(email, "verify-email?token=")
        assert first.startswith(mantis.url + "/verify-email?token="), first

        # Unverified, Alice sees the prompt instead of the tracker, also after a reload.
        alice.reload()
        alice.wait_view("check-email")
        alice.wait_text("verify-prompt-email", email)
        assert not alice.exists("track-form")

        # "Send the link again": a new link, and the old one stops working; a second ask is rate-limited,
        # said kindly.
        alice.click("resend-verification")
        alice.wait_state("resend-message", "sent")
        _, second = smtp.wait_for(email, "verify-email?token=", after=1)
        assert second != first
        alice.wait_enabled("resend-verification")
        alice.click("resend-verification")
        limited = alice.wait_state("resend-message", "rate-limited")
        assert "second" in limited.text.lower(), limited.text
        assert smtp.count(email) == 2
        journey["old_verify_link"], journey["verify_link"] = first, second

    def test_04_link_verifies(self, journey):
        alice = journey["alice"]
        alice.open(journey["old_verify_link"])
        status = alice.wait_state("verify-email-status", ("success", "invalid", "error"))
        assert status.get_attribute("data-state") == "invalid", "a link sent before the resend no longer works"
        assert status.text.strip()

        alice.open(journey["verify_link"])  # a full page load: the session comes back from the cookie
        status = alice.wait_state("verify-email-status", ("success", "invalid", "error"))
        assert status.get_attribute("data-state") == "success", status.text
        alice.click("verify-email-continue")
        wait_products_loaded(alice)
        assert alice.visible("track-form"), "a verified user sees the tracker, not the prompt"
        assert alice.visible("products-empty")

        # The link is single-use.
        alice.open(journey["verify_link"])
        status = alice.wait_state("verify-email-status", ("success", "invalid", "error"))
        assert status.get_attribute("data-state") == "invalid", status.text

    def test_05_logout(self, journey):
        alice = journey["alice"].open("/")
        wait_products_loaded(alice)
        sign_out(alice)
        alice.reload()  # the server ended the session and cleared the cookie: nothing to restore
        alice.wait_view("login")
        assert not alice.visible("nav")
        alice.open("/settings")
        alice.wait_view("login")
        assert alice.cookies_for("/auth/refresh") == [], "logout cleared the refresh cookie"

    def test_06_login(self, journey):
        alice = journey["alice"].open("/")
        alice.wait_view("login")
        sign_in(alice, journey["email"], PASSWORD)
        wait_products_loaded(alice)
        # The refresh token is a cookie no script can read, sent only to /auth, only from this site.
        cookies = alice.cookies_for("/auth/refresh")
        assert len(cookies) == 1, cookies
        assert cookies[0]["httpOnly"] and cookies[0]["secure"] and cookies[0]["sameSite"] == "Strict", cookies
        assert cookies[0]["path"] == "/auth"
        assert alice.cookies_for("/products") == []
        assert alice.driver.execute_script("return document.cookie") == ""
        stored = alice.driver.execute_script(
            "return [localStorage, sessionStorage].flatMap(s => Object.keys(s).map(k => k + '=' + s.getItem(k)))")
        assert not [v for v in stored if "eyJ" in v or cookies[0]["value"] in v], f"a token in web storage: {stored}"

    def test_07_track_a_product(self, journey, store):
        alice = journey["alice"]
        # A page that is not there: the reason, in words, and nothing is added.
        alice.fill("track-url", store.base_url + "/p/no-such-product")
        alice.click("track-submit")
        failed = alice.wait_state("track-status", ("added", "exists", "error"), timeout=40)
        assert failed.get_attribute("data-state") == "error"
        assert failed.text.strip() and not failed.text.strip().startswith("{"), failed.text
        assert alice.visible("products-empty")

        status = track(alice, journey["kettle"])
        assert status.get_attribute("data-state") == "added"

    def test_08_it_appears_with_its_price(self, journey, store):
        alice = journey["alice"]
        row = product_row(alice, "Copper Kettle")
        price = alice.find("product-price", row)
        assert price.get_attribute("data-price") == "49.90"
        assert price.get_attribute("data-currency") == "EUR"
        assert "49.90" in price.text or "49,90" in price.text, price.text
        assert "127.0.0.1" in alice.find("product-store", row).text
        journey["alice_kettle_id"] = row.get_attribute("data-product-id")
        assert journey["alice_kettle_id"]

        # The shop lowers the price; "refresh" shows it, with the change and the new lowest.
        store.set_price("copper-kettle", "44.90")
        alice.click("product-refresh", within=row)
        alice.wait(lambda: alice.find("product-price", product_row(alice, "Copper Kettle"))
                   .get_attribute("data-price") == "44.90", "the new price after refresh")
        row = product_row(alice, "Copper Kettle")
        change = alice.find("product-change", row)
        assert change.get_attribute("data-direction") == "down"
        assert "▼" in change.text and ("−" in change.text or "-" in change.text), change.text
        assert alice.find("product-lowest", row).get_attribute("data-price") == "44.90"

        # A target price, kept by the server.
        alice.fill("product-target-input", "40.00", within=row)
        alice.click("product-target-save", within=row)
        alice.wait_visible("product-target-message", within=product_row(alice, "Copper Kettle"))

    def test_09_reload_stays_signed_in(self, journey):
        alice = journey["alice"]
        alice.reload()
        wait_products_loaded(alice)
        alice.wait_text("nav-user", journey["email"])
        row = product_row(alice, "Copper Kettle")
        assert alice.find("product-price", row).get_attribute("data-price") == "44.90"
        target = alice.find("product-target-input", row).get_attribute("value")
        assert target and float(target.replace(",", ".")) == 40.0, target

        # The product page is an app route too, and survives a reload.
        alice.open(f"/product/{journey['alice_kettle_id']}")
        detail = alice.wait_visible("product-detail")
        assert detail.get_attribute("data-product-id").lower() == journey["alice_kettle_id"].lower()
        alice.wait_text("detail-title", "Copper Kettle")
        assert alice.find("detail-price").get_attribute("data-price") == "44.90"
        alice.wait(lambda: len(alice.find_all("check-row")) == 2, "two checks in the log")
        alice.click("nav-tracker")
        wait_products_loaded(alice)

    def test_10_delete_only_removes_own_product(self, journey, mantis, smtp):
        alice, open_browser = journey["alice"], journey["open_browser"]
        track(alice, journey["lamp"])
        lamp_id = product_row(alice, "Brass Desk Lamp").get_attribute("data-product-id")

        # Bob: another person, another browser profile; verified through his own email.
        bob_email = unique_email("bob")
        bob_api = API(mantis.url)
        bob_api.register(bob_email, PASSWORD)
        _, link = smtp.wait_for(bob_email, "verify-email?token=")
        bob_api.verify_email(link.split("token=", 1)[1])
        bob = open_browser("bob")
        sign_in(bob, bob_email, PASSWORD)
        wait_products_loaded(bob)
        assert bob.visible("products-empty"), "Bob sees nothing of Alice's products"
        assert product_rows(bob) == []

        bob.open(f"/product/{journey['alice_kettle_id']}")
        bob.wait_visible("detail-not-found")
        assert "Copper Kettle" not in bob.driver.page_source

        # Bob tracks the same page: his own product, with an id of its own.
        bob.click("nav-tracker")
        wait_products_loaded(bob)
        track(bob, journey["kettle"])
        bob_row = product_row(bob, "Copper Kettle")
        assert bob_row.get_attribute("data-product-id").lower() != journey["alice_kettle_id"].lower()
        assert len(product_rows(bob)) == 1

        # Alice deletes her kettle, after confirming: her lamp stays, Bob's kettle stays.
        delete_product(alice, "Copper Kettle")
        product_row(alice, "Brass Desk Lamp")
        alice.reload()
        wait_products_loaded(alice)
        product_row(alice, "Brass Desk Lamp")
        no_product_row(alice, "Copper Kettle")

        bob.reload()
        wait_products_loaded(bob)
        product_row(bob, "Copper Kettle")
        assert [p["title"] for p in bob_api.products()] == ["Copper Kettle 1.7 l"]
        # Nor can Bob's token reach Alice's lamp: another user's product is 404, and untouched.
        bob_api.request("DELETE", f"/products/{lamp_id}", expect=404)
        alice.reload()
        wait_products_loaded(alice)
        product_row(alice, "Brass Desk Lamp")

    def test_11_forgot_password(self, journey, smtp):
        alice = journey["alice"]
        journey["mail_before_reset"] = smtp.count(journey["email"])
        sign_out(alice)
        alice.click("forgot-link")
        alice.wait_visible("forgot-form")
        alice.fill("forgot-email", journey["email"])
        alice.click("forgot-submit")
        alice.wait_visible("forgot-message")

    def test_12_reset_email_arrives(self, journey, smtp, mantis):
        _, link = smtp.wait_for(journey["email"], "reset-password?token=", after=journey["mail_before_reset"])
        assert link.startswith(mantis.url + "/reset-password?token="), link
        journey["reset_link"] = link

    def test_13_reset(self, journey):
        alice = journey["alice"]
        alice.open(journey["reset_link"])
        alice.wait_view("reset-password")
        alice.fill("reset-password", NEW_PASSWORD)
        alice.fill("reset-confirm", NEW_PASSWORD)
        alice.click("reset-submit")
        message = alice.wait_state("reset-message", ("success", "invalid", "error"))
        assert message.get_attribute("data-state") == "success", message.text
        alice.click("reset-login-link")
        alice.wait_view("login")

    def test_14_login_with_new_password(self, journey):
        alice = journey["alice"]
        sign_in(alice, journey["email"], PASSWORD, expect_view=None)
        error = alice.wait_visible("login-error")
        assert error.text.strip(), "a wrong password says so in words"
        assert alice.view() == "login"

        sign_in(alice, journey["email"], NEW_PASSWORD)
        wait_products_loaded(alice)
        product_row(alice, "Brass Desk Lamp")

    def test_15_no_content_security_policy_violations(self, journey):
        """The strict CSP held on every page the journey opened: no inline script or style was refused."""
        violations = [e["message"] for b in (journey["alice"],) for e in b.console()
                      if "Content Security Policy" in e.get("message", "")]
        assert violations == []
