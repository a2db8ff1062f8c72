"""Local mode in a real browser: the DNS-rebinding guard (Host and Origin checks) lets the app itself work."""
import urllib.error
import urllib.request

from support.app import product_row, track, wait_products_loaded


def test_local_mode_app_tracks_refreshes_and_deletes_without_login(local_browser, local_mantis, store):
    url = store.add("local-teapot", "Cast Iron Teapot", "32.50")
    page = local_browser()
    page.open("/")
    wait_products_loaded(page)  # no login view: the built-in user

    # Adding, refreshing and deleting are POST/DELETE requests carrying the page's own Origin.
    assert track(page, url).get_attribute("data-state") == "added"
    row = product_row(page, "Cast Iron Teapot")
    assert page.find("product-price", row).get_attribute("data-price") == "32.50"
    store.set_price("local-teapot", "29.90")
    page.click("product-refresh", within=row)
    page.wait(lambda: page.find("product-price", product_row(page, "Cast Iron Teapot")).get_attribute("data-price") == "29.90",
              "the new price after refresh")
    page.reload()
    wait_products_loaded(page)
    assert product_row(page, "Cast Iron Teapot")


def test_local_mode_refuses_a_foreign_host_name(local_mantis):
    """What a page on evil.example sees after pointing its name at 127.0.0.1 (DNS rebinding)."""
    port = local_mantis.url.rsplit(":", 1)[1]
    request = urllib.request.Request(local_mantis.url + "/products", headers={"Host": f"evil.example:{port}"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a request for another host name was answered")
    except urllib.error.HTTPError as error:
        assert error.code == 421
        assert b"host_not_allowed" in error.read()
