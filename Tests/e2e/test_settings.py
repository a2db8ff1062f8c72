"""Settings in the browser: account and sessions, alert preferences, downloading your data, signing one
session out, signing out everywhere, changing the password and deleting the account. Steps run in order on
one user."""

import glob
import json
import os
import tempfile

import pytest

from support.api import API, APIError
from support.app import PASSWORD, sign_in, unique_email

NEW_PASSWORD = "another long passphrase"


def session_rows(browser):
    return [r for r in browser.find_all("session-row") if r.is_displayed()]


def open_settings(browser):
    browser.click("nav-settings")
    browser.wait_view("settings")
    browser.wait_path("/settings")
    browser.wait(lambda: session_rows(browser), "the sessions list to load")


@pytest.fixture(scope="class")
def carol(class_browser, mantis, smtp):
    """A verified user with three sessions: the API's (from registering), a laptop and a phone browser."""
    email = unique_email("carol")
    api = API(mantis.url)
    registered = api.register(email, PASSWORD)
    _, link = smtp.wait_for(email, "verify-email?token=")
    api.verify_email(link.split("token=", 1)[1])
    laptop, phone = class_browser("carol-laptop"), class_browser("carol-phone")
    sign_in(laptop, email, PASSWORD)
    sign_in(phone, email, PASSWORD)
    return {"email": email, "api": api, "api_session": registered["refresh_token"].split(".", 1)[0].lower(),
            "laptop": laptop, "phone": phone}


class TestSettings:
    incremental = True

    def test_01_account_and_sessions(self, carol):
        laptop = carol["laptop"]
        open_settings(laptop)
        assert carol["email"] in laptop.find("settings-email").text
        assert laptop.find("settings-verified").get_attribute("data-state") == "verified"

        laptop.wait(lambda: len(session_rows(laptop)) == 3, "three sessions: API, laptop, phone")
        ids = {r.get_attribute("data-session-id").lower() for r in session_rows(laptop)}
        assert ids == {s["id"].lower() for s in carol["api"].sessions()}
        current = [r for r in session_rows(laptop) if r.get_attribute("data-current") == "true"]
        assert len(current) == 1, "exactly one row is this browser"
        assert current[0].get_attribute("data-session-id").lower() != carol["api_session"]

    def test_02_alert_preferences(self, carol):
        laptop, api = carol["laptop"], carol["api"]
        toggle = laptop.wait_visible("alerts-toggle")
        assert toggle.is_selected() and api.request("GET", "/auth/me")["alerts_enabled"] is True
        laptop.click("alerts-toggle")
        laptop.wait_visible("alerts-message")
        laptop.wait(lambda: api.request("GET", "/auth/me")["alerts_enabled"] is False, "alerts off on the server")
        laptop.reload()
        laptop.wait_view("settings")
        laptop.wait(lambda: not laptop.find("alerts-toggle").is_selected(), "the toggle to stay off")

    def test_02b_download_my_data(self, carol, store):
        """"Download my data" saves the mantis-export file of this account, fetched with the bearer token."""
        laptop, api = carol["laptop"], carol["api"]
        store.add("carol-kettle", "Carol's Kettle", "24.90")
        api.track(store.url("carol-kettle"))
        folder = tempfile.mkdtemp(prefix="mantis-e2e-download.")
        laptop.cdp("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
        laptop.click("download-data")
        laptop.wait_state("download-data-message", ["done"])
        saved = laptop.wait(lambda: [p for p in glob.glob(os.path.join(folder, "mantis-export-*.json"))
                                     if os.path.getsize(p) > 0], "the file to be saved")
        assert os.path.basename(saved[0]) in laptop.find("download-data-message").text
        with open(saved[0], encoding="utf-8") as file:
            data = json.load(file)
        assert data["format"] == "mantis-export" and data["version"] == 1
        assert data["user"]["email"] == carol["email"] and data["user"]["alerts_enabled"] is False
        assert [p["url"] for p in data["products"]] == [store.url("carol-kettle")]
        assert data["products"][0]["history"][0]["price"] == "24.90"
        assert "password" not in json.dumps(data)

    def test_03_sign_out_one_session(self, carol):
        laptop, api = carol["laptop"], carol["api"]
        open_settings(laptop)
        row = laptop.wait(lambda: next((r for r in session_rows(laptop)
                                        if r.get_attribute("data-session-id").lower() == carol["api_session"]), None),
                          "the API session's row")
        laptop.click("session-signout", within=row)
        laptop.wait(lambda: len(session_rows(laptop)) == 2, "the row to go")
        with pytest.raises(APIError) as error:
            api.request("GET", "/auth/me")
        assert error.value.status == 401
        assert laptop.view() == "settings", "signing out another session keeps this one"

    def test_04_sign_out_everywhere(self, carol):
        laptop, phone = carol["laptop"], carol["phone"]
        laptop.click("logout-all")
        laptop.wait_view("login")
        laptop.reload()
        laptop.wait_view("login")
        phone.reload()
        phone.wait_view("login")
        api = API(carol["api"].base_url)
        api.login(carol["email"], PASSWORD)
        assert len(api.sessions()) == 1, "only the session just made is left"
        api.request("POST", "/auth/logout-all", expect=204)

    def test_05_change_password(self, carol):
        laptop = carol["laptop"].open("/")
        sign_in(laptop, carol["email"], PASSWORD)
        open_settings(laptop)
        laptop.fill("password-current", "not my password")
        laptop.fill("password-new", NEW_PASSWORD)
        laptop.fill("password-confirm", NEW_PASSWORD)
        laptop.click("password-submit")
        message = laptop.wait_state("password-message", ("success", "error"))
        assert message.get_attribute("data-state") == "error" and message.text.strip()

        laptop.fill("password-current", PASSWORD)
        laptop.fill("password-new", NEW_PASSWORD)
        laptop.fill("password-confirm", NEW_PASSWORD)
        laptop.click("password-submit")
        laptop.wait_state("password-message", "success")
        assert laptop.view() == "settings", "the session that changed the password stays"
        API(carol["api"].base_url).login(carol["email"], NEW_PASSWORD)

    def test_06_delete_account(self, carol, mantis):
        laptop = carol["laptop"]
        laptop.click("delete-account")
        laptop.wait_visible("delete-account-dialog")
        laptop.fill("delete-account-password", "not my password")
        laptop.click("delete-account-confirm")
        laptop.wait_visible("delete-account-error")
        assert laptop.view() == "settings"

        laptop.fill("delete-account-password", NEW_PASSWORD)
        laptop.click("delete-account-confirm")
        laptop.wait_view("login")
        sign_in(laptop, carol["email"], NEW_PASSWORD, expect_view=None)
        laptop.wait_visible("login-error")
        with pytest.raises(APIError) as error:
            API(mantis.url).login(carol["email"], NEW_PASSWORD)
        assert error.value.status == 401
