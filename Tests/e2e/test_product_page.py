"""The product page on the demo account: the chart's ranges, its keyboard and hover values, the lowest
marker, the check log with the failed check's reason, and the alert settings."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from support.app import PASSWORD, sign_in


@pytest.fixture
def espresso_page(browser, demo):
    ada = browser("ada")
    sign_in(ada, demo["email"], PASSWORD)
    ada.open(f"/product/{demo['ids']['espresso-machine']}")
    ada.wait_visible("product-detail")
    ada.wait_text("detail-title", "Espresso Machine")
    return ada


def points(browser):
    return browser.find_all("chart-point")


def test_chart_ranges(espresso_page):
    page = espresso_page
    page.click("range-all")
    page.wait(lambda: page.find("range-all").get_attribute("aria-pressed") == "true", "All pressed")
    page.wait(lambda: len(points(page)) == 8, "all eight prices")
    assert sorted(p.get_attribute("data-price") for p in points(page)) == sorted(
        ["329.00", "319.00", "339.00", "299.00", "309.00", "289.00", "289.00", "279.00"])
    assert page.visible("chart-lowest")
    summary = page.find("chart-summary").text
    assert "279.00" in summary and "339.00" in summary, summary
    chart = page.find("price-chart")
    assert chart.get_attribute("aria-describedby") == page.find("chart-summary").get_attribute("id")

    # The history spans two months: the last 30 days hold fewer points than "all".
    page.click("range-30")
    page.wait(lambda: page.find("range-30").get_attribute("aria-pressed") == "true", "30 days pressed")
    page.wait(lambda: 0 < len(points(page)) < 8, "only the last month's points")
    assert page.find("range-all").get_attribute("aria-pressed") == "false"


def test_chart_values_on_focus_and_hover(espresso_page):
    page = espresso_page
    page.click("range-all")
    page.wait(lambda: len(points(page)) == 8, "all eight prices")

    # Keyboard: Tab reaches the newest point; the arrow keys move along the line, the value follows.
    newest = next(p for p in points(page) if p.get_attribute("tabindex") == "0")
    page.driver.execute_script("arguments[0].focus()", newest)
    tooltip = page.wait_visible("chart-tooltip")
    assert "279" in tooltip.text, tooltip.text
    newest.send_keys(Keys.ARROW_LEFT)
    active = page.driver.switch_to.active_element
    assert active.get_attribute("data-testid") == "chart-point"
    assert active.get_attribute("data-price") == "289.00"
    page.wait_text("chart-tooltip", "289")

    # Pointer: hovering the highest point shows its value.
    highest = next(p for p in points(page) if p.get_attribute("data-price") == "339.00")
    ActionChains(page.driver).move_to_element(highest).perform()
    page.wait_text("chart-tooltip", "339")


def test_check_log_shows_the_failed_check(espresso_page):
    page = espresso_page
    page.wait(lambda: len(page.find_all("check-row")) == 9, "nine checks")
    failed = [r for r in page.find_all("check-row") if r.get_attribute("data-succeeded") == "false"]
    assert len(failed) == 1
    assert "503" in failed[0].text, failed[0].text


def test_alert_settings_are_saved(espresso_page, mantis, demo):
    page = espresso_page
    page.fill("alert-target", "275.00")
    page.fill("alert-drop", "10")
    page.click("alert-save")
    page.wait_state("alert-message", "saved")
    page.reload()
    page.wait_visible("product-detail")
    page.wait(lambda: page.find("alert-drop").get_attribute("value") not in ("", None), "the saved values")
    assert float(page.find("alert-target").get_attribute("value")) == 275.0
    assert float(page.find("alert-drop").get_attribute("value")) == 10.0

    # A price that is not one: said in words, next to the field or under the form, and nothing is saved.
    page.fill("alert-target", "not a price")
    page.click("alert-save")
    form = page.find("alert-form")

    def explained():
        inline = [e.text.strip() for e in page.find_all("field-error", form) if e.text.strip()]
        message = page.find("alert-message")
        if message.get_attribute("data-state") == "error" and message.text.strip():
            inline.append(message.text.strip())
        return inline
    reasons = page.wait(explained, "an error for the target price")
    assert all(not r.startswith("{") for r in reasons), reasons
    assert page.find("alert-message").get_attribute("data-state") != "saved"
