"""'Which of these is the price?' in a real browser (local mode): the user picks the price Mantis did not
choose, a refresh keeps it, and when the shop's page changes so the choice is gone the product is flagged
'needs your eye' in the list."""

from support.app import product_row, track, wait_products_loaded


def lamp_page(deal="€ 39,00", deal_id="deal-price", structured="49.00"):
    # The shop's structured data still says 49.00; the buy box shows the deal the buyer really pays.
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Reading Lamp</title>"
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",'
            f' "name": "Reading Lamp", "offers": {{"@type": "Offer", "price": "{structured}", "priceCurrency": "EUR"}}}}'
            "</script></head><body><main><h1>Reading Lamp</h1>"
            f'<div class="buy-box"><p class="deal" id="{deal_id}"><span class="amount">{deal}</span></p>'
            '<p class="fee">Shipping € 4,95</p></div></main></body></html>')


def detail_price(page):
    return page.find("detail-price").get_attribute("data-price")


def test_pick_a_candidate_it_sticks_and_a_changed_page_is_flagged(local_browser, store):
    url = store.set_raw("reading-lamp", lamp_page())
    page = local_browser()
    page.open("/")
    wait_products_loaded(page)
    track(page, url)
    row = product_row(page, "Reading Lamp")
    assert page.find("product-price", row).get_attribute("data-price") == "49.00"
    assert row.get_attribute("data-needs-attention") == "false"

    # The product page: "Wrong price?" shows every candidate; pick the deal.
    page.click("product-title", within=row)
    page.wait_visible("product-detail")
    assert page.find("price-choice").get_attribute("data-state") == "automatic"
    page.click("price-wrong")
    page.wait(lambda: len(page.find_all("candidate")) >= 2, "the candidate prices")
    candidates = page.find_all("candidate")
    chosen = [c for c in candidates if c.get_attribute("data-chosen") == "true"]
    assert [c.get_attribute("data-price") for c in chosen] == ["49.00"]
    deal = next(c for c in candidates if c.get_attribute("data-price") == "39.00")
    assert "39,00" in deal.text
    page.click("candidate-pick", within=deal)
    page.wait(lambda: detail_price(page) == "39.00", "the chosen price shown")
    page.wait(lambda: page.find("price-choice").get_attribute("data-state") == "rule", "the rule in place")
    assert page.visible("price-rule")

    # Refresh: the shop changes its numbers, the chosen price sticks to the deal.
    store.set_raw("reading-lamp", lamp_page(deal="€ 35,00", structured="59.00"))
    page.click("detail-refresh")
    page.wait(lambda: detail_price(page) == "35.00", "the deal's new price after refresh")
    assert page.find("price-choice").get_attribute("data-state") == "rule"

    # The shop rebuilds the page: the deal's element is gone. Mantis falls back and asks the user.
    store.set_raw("reading-lamp", lamp_page(deal_id="offer", structured="59.00"))
    page.click("detail-refresh")
    page.wait(lambda: detail_price(page) == "59.00", "the automatic price after the page changed")
    page.wait(lambda: page.find("price-choice").get_attribute("data-state") == "needs-attention", "flagged")
    assert page.visible("needs-attention")
    page.wait(lambda: len(page.find_all("candidate")) >= 1, "the candidates offered again")

    page.open("/")
    wait_products_loaded(page)
    row = product_row(page, "Reading Lamp")
    assert row.get_attribute("data-needs-attention") == "true"
    assert page.visible("product-needs-attention", row)


def test_money_is_shown_with_its_iso_code_never_a_bare_dollar(local_browser, store):
    """A Taiwanese shop's NT$: the app formats with the ISO code Mantis resolved (TWD), not `99.00 $`."""
    url = store.add("tw-teapot", "Taipei Teapot", "99", currency="TWD")
    page = local_browser()
    page.open("/")
    wait_products_loaded(page)
    track(page, url)
    row = product_row(page, "Taipei Teapot")
    shown = page.find("product-price", row)
    assert shown.get_attribute("data-currency") == "TWD"
    assert "NT$99" in shown.text, shown.text
    assert "$ " not in shown.text and not shown.text.strip().endswith("$"), shown.text
