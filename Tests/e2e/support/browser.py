"""A headless Chromium session driven by Selenium through Debian's chromedriver."""

import base64
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = float(os.environ.get("MANTIS_E2E_TIMEOUT", "20"))  # seconds any one wait may take


def tid(test_id):
    """CSS selector of a `data-testid`."""
    return f'[data-testid="{test_id}"]'


class Browser:
    """One Chromium with a profile of its own (cookies, storage), so two of them are two people."""

    _open = []

    @classmethod
    def open_sessions(cls):
        return list(cls._open)

    def __init__(self, name, base_url, width=1280, height=800):
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.profile = tempfile.mkdtemp(prefix=f"mantis-e2e-chromium-{name}.")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--disable-background-networking", "--disable-sync", "--lang=en-US",
                         "--force-device-scale-factor=1", "--hide-scrollbars",
                         # the fixture store's product images are HTTPS with a self-signed certificate
                         "--ignore-certificate-errors"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(30)
        self.console_entries = []
        self.set_viewport(width, height)
        Browser._open.append(self)

    # -- navigation ----------------------------------------------------------------------------------

    def url(self, path=""):
        return path if path.startswith("http") else self.base_url + path

    def open(self, path="/"):
        self.driver.get(self.url(path))
        return self

    def reload(self):
        self.driver.refresh()
        return self

    @property
    def path(self):
        current = self.driver.current_url
        return current[len(self.base_url):] if current.startswith(self.base_url) else current

    def wait(self, condition, what, timeout=TIMEOUT):
        """Waits until `condition()` is truthy (errors of stale or missing elements count as not yet)."""
        last = None

        def check(_):
            nonlocal last
            try:
                return condition()
            except (NoSuchElementException, StaleElementReferenceException) as error:
                last = error
                return False

        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(check)
        except Exception as error:
            details = f" (last: {last.__class__.__name__})" if last else ""
            raise AssertionError(f"[{self.name}] timed out after {timeout}s waiting for {what}; "
                                 f"at {self.path}, view {self.view()!r}{details}") from error

    def wait_path(self, path, timeout=TIMEOUT):
        return self.wait(lambda: self.path.split("#")[0] == path or self.path.split("?")[0] == path,
                         f"path {path}", timeout)

    # -- elements ------------------------------------------------------------------------------------

    def find(self, test_id, within=None):
        return (within or self.driver).find_element(By.CSS_SELECTOR, tid(test_id))

    def find_all(self, test_id, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, tid(test_id))

    def exists(self, test_id, within=None):
        return len(self.find_all(test_id, within)) > 0

    def visible(self, test_id, within=None):
        return any(e.is_displayed() for e in self.find_all(test_id, within))

    def wait_visible(self, test_id, within=None, timeout=TIMEOUT):
        def shown():
            for element in self.find_all(test_id, within):
                if element.is_displayed():
                    return element
            return None
        return self.wait(shown, f"{test_id} to be visible", timeout)

    def wait_gone(self, test_id, within=None, timeout=TIMEOUT):
        return self.wait(lambda: not self.visible(test_id, within), f"{test_id} to disappear", timeout)

    def wait_state(self, test_id, states, within=None, timeout=TIMEOUT):
        """Waits until the element's `data-state` is one of `states`; returns the element."""
        states = (states,) if isinstance(states, str) else tuple(states)

        def reached():
            for element in self.find_all(test_id, within):
                if element.get_attribute("data-state") in states:
                    return element
            return None
        return self.wait(reached, f"{test_id} data-state in {states}", timeout)

    def wait_text(self, test_id, needle, within=None, timeout=TIMEOUT):
        def has():
            for element in self.find_all(test_id, within):
                if needle.lower() in element.text.lower():
                    return element
            return None
        return self.wait(has, f"{test_id} to contain {needle!r}", timeout)

    def wait_enabled(self, test_id, within=None, timeout=TIMEOUT):
        return self.wait(lambda: self.find(test_id, within).is_enabled() and self.find(test_id, within),
                         f"{test_id} to be enabled", timeout)

    def click(self, test_id, within=None):
        element = self.wait_visible(test_id, within)
        self.wait(lambda: element.is_enabled(), f"{test_id} to be enabled")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return element

    def fill(self, test_id, value, within=None):
        element = self.wait_visible(test_id, within)
        element.clear()
        # clear() does not always fire `input`; select-all + delete does.
        if element.get_attribute("value"):
            element.send_keys(Keys.CONTROL, "a")
            element.send_keys(Keys.DELETE)
        element.send_keys(value)
        return element

    def view(self):
        try:
            return self.driver.find_element(By.CSS_SELECTOR, tid("app")).get_attribute("data-view")
        except WebDriverException:
            return None

    def wait_view(self, *views, timeout=TIMEOUT):
        return self.wait(lambda: self.view() in views, f"view in {views}", timeout)

    # -- look ------------------------------------------------------------------------------------

    def cdp(self, command, params=None):
        return self.driver.execute_cdp_cmd(command, params or {})

    def set_viewport(self, width, height, mobile=False):
        self.cdp("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        if mobile:
            self.cdp("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        else:
            self.cdp("Emulation.setTouchEmulationEnabled", {"enabled": False})

    def set_color_scheme(self, scheme):
        self.cdp("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def color_scheme(self):
        return "dark" if self.driver.execute_script(
            "return matchMedia('(prefers-color-scheme: dark)').matches") else "light"

    def cookies_for(self, path):
        """Every cookie the browser would send to `path` on the app's origin, HttpOnly ones included."""
        return self.cdp("Network.getCookies", {"urls": [self.url(path)]})["cookies"]

    def settle(self, seconds=0.3):
        """Lets transitions and fonts finish before a picture: no fixed sleeps anywhere else."""
        self.driver.execute_script("return document.fonts ? document.fonts.ready.then(() => true) : true")
        time.sleep(seconds)

    def screenshot(self, path, full_page=False):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if full_page:
            # The viewport's width (an element poking out sideways must not widen the picture), the page's height.
            width, height = self.driver.execute_script(
                "const d = document.documentElement; return [d.clientWidth, Math.max(d.scrollHeight, innerHeight)]")
            shot = self.cdp("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
            path.write_bytes(base64.b64decode(shot["data"]))
        else:
            self.driver.save_screenshot(str(path))
        return path

    def horizontal_overflow(self):
        """Elements that stick out past the right edge of the viewport (the page then scrolls sideways)."""
        return self.driver.execute_script("""
            const width = document.documentElement.clientWidth, out = [];
            for (const e of document.querySelectorAll("body *")) {
              const r = e.getBoundingClientRect();
              const name = e.tagName.toLowerCase() + (e.dataset.testid ? `[${e.dataset.testid}]` : "");
              if (r.width > 0 && r.right > width + 1) out.push(`${name}.${e.className} right=${Math.round(r.right)}`);
            }
            return document.documentElement.scrollWidth > width ? [...new Set(out)].slice(0, 5) : [];""")

    def console(self):
        """Every console entry since the browser started (the driver hands each one out only once)."""
        try:
            self.console_entries.extend(self.driver.get_log("browser"))
        except WebDriverException:
            pass
        return list(self.console_entries)

    def save_artifacts(self, prefix):
        """Screenshot, HTML and console of this browser as it is now, for a failed test."""
        prefix = Path(prefix)
        try:
            self.driver.save_screenshot(str(prefix) + ".png")
            Path(str(prefix) + ".html").write_text(self.driver.page_source)
            Path(str(prefix) + ".console.json").write_text(
                json.dumps({"url": self.driver.current_url, "console": self.console()}, indent=1))
        except WebDriverException as error:
            Path(str(prefix) + ".error.txt").write_text(f"could not save artifacts: {error}\n")

    def quit(self):
        if self in Browser._open:
            Browser._open.remove(self)
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
