"""Two tabs of one browser share the refresh cookie. Rotation is strict (a replayed refresh token revokes
the session), so the app must never let two tabs spend the same token: reloading both at the same moment,
again and again, must leave the user signed in in both."""

from support.api import API
from support.app import PASSWORD, product_row, sign_in, unique_email, wait_products_loaded


def test_two_tabs_reloading_together_stay_signed_in(browser, mantis, smtp, store):
    # setup
    email = unique_email("dana")
    api = API(mantis.url)
    api.register(email, PASSWORD)
    _, link = smtp.wait_for(email, "verify-email?token=")
    api.verify_email(link.split("token=", 1)[1])
    api.track(store.add("tab-kettle", "Tab Test Kettle", "25.00"))
    dana = browser("dana")
    sign_in(dana, email, PASSWORD)
    first = dana.driver.current_window_handle
    dana.driver.switch_to.new_window("tab")
    second = dana.driver.current_window_handle
    dana.open("/")
    wait_products_loaded(dana)

    # MUT: both tabs start a page load (and so a session restore) without waiting for each other.
    for _ in range(3):
        for handle in (first, second):
            dana.driver.switch_to.window(handle)
            dana.driver.execute_script("setTimeout(() => location.reload(), 50)")
        for handle in (first, second):
            dana.driver.switch_to.window(handle)
            wait_products_loaded(dana)
            product_row(dana, "Tab Test Kettle")
            dana.wait_text("nav-user", email)

    # validate: the session survived; a fresh load still restores it.
    dana.driver.switch_to.window(first)
    dana.reload()
    wait_products_loaded(dana)
    dana.wait_text("nav-user", email)
    # The browser's session is still active on the server (a replayed token would have revoked it):
    # registering made one session, signing in the browser the other.
    assert len(api.sessions()) == 2
