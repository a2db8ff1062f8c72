"""A demo account for the pictures and the product page tests: four products from the fixture store with
two months of history (spread in the database after the checks ran), one failed check, one product out of
stock and a target price."""

import subprocess

from .api import API
from .app import PASSWORD
from .store import OUT_OF_STOCK

EMAIL = "ada@example.com"

# Each product's prices, oldest first; None is a check the store refused (the check log shows it).
HISTORY = {
    "espresso-machine": ("Espresso Machine Classic", ["329.00", "319.00", "339.00", None, "299.00", "309.00",
                                                       "289.00", "289.00", "279.00"]),
    "headphones": ("Noise-Cancelling Headphones", ["249.00", "249.00", "229.00", "239.00", "259.00"]),
    "skillet": ("Cast Iron Skillet 28 cm", ["44.90", "44.90", "44.90"]),
    "trail-shoes": ("Trail Running Shoes", ["129.95", "119.95", "119.95"]),
}

BACKDATE_SQL = """
BEGIN;
CREATE TEMP TABLE shift ON COMMIT DROP AS
  SELECT c.id, c.product_id, c.checked_at AS old,
         now() - interval '95 minutes'
           - (row_number() OVER w - 1)::float8
             * (interval '58 days' / (count(*) OVER (PARTITION BY c.product_id))::float8)
           AS new
  FROM product_checks c JOIN products p ON p.id = c.product_id
  WHERE p.user_id = '{user_id}'
  WINDOW w AS (PARTITION BY c.product_id ORDER BY c.checked_at DESC);
UPDATE product_checks c SET checked_at = s.new FROM shift s WHERE c.id = s.id;
UPDATE price_points pp SET checked_at = s.new FROM shift s
  WHERE pp.product_id = s.product_id AND pp.checked_at = s.old;
UPDATE products p SET created_at = (SELECT min(s.new) FROM shift s WHERE s.product_id = p.id) - interval '1 minute',
                      last_checked = now() - interval '95 minutes'
  WHERE p.user_id = '{user_id}';
COMMIT;
"""


def make_demo_account(mantis, smtp, store, postgres):
    """Fills the account; returns {"email", "ids": {slug: product id}}."""
    api = API(mantis.url)
    user = api.register(EMAIL, PASSWORD)["user"]
    _, link = smtp.wait_for(EMAIL, "verify-email?token=")
    api.verify_email(link.split("token=", 1)[1])
    ids = {}
    for slug, (title, prices) in HISTORY.items():
        store.add(slug, title, prices[0])
        ids[slug] = api.track(store.url(slug))["id"]
        for price in prices[1:]:
            if price is None:
                store.set_status(slug, 503)
                api.request("POST", f"/products/{ids[slug]}/refresh", expect=502)
                store.set_status(slug, 200)
                continue
            store.set_price(slug, price)
            api.refresh(ids[slug])
    store.set_availability("trail-shoes", OUT_OF_STOCK)
    api.refresh(ids["trail-shoes"])
    api.set_target(ids["espresso-machine"], "275.00")
    subprocess.run(["psql", postgres, "-v", "ON_ERROR_STOP=1", "-q"],
                   input=BACKDATE_SQL.format(user_id=user["id"]), text=True, check=True, capture_output=True)
    return {"email": EMAIL, "ids": ids}
