"""What the server sends with the web app: the shell on every app route, and the security headers."""

import re
import urllib.request
import uuid

import pytest

APP_ROUTES = ["/", "/login", "/verify-email?token=x", "/reset-password?token=x", "/settings",
              f"/product/{uuid.uuid4()}"]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read().decode("utf-8", "replace")


@pytest.mark.parametrize("path", APP_ROUTES)
def test_app_routes_serve_the_shell_with_security_headers(mantis, path):
    status, headers, body = get(mantis.url + path)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert 'data-testid="app"' in body
    csp = headers["Content-Security-Policy"] or ""
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert "frame-ancestors 'none'" in csp
    script_src = directives.get("script-src") or directives.get("default-src", "")
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    if path.startswith("/reset-password"):
        assert headers["Referrer-Policy"] == "no-referrer"


def test_the_shell_has_no_inline_script(mantis):
    _, _, body = get(mantis.url + "/")
    for tag in re.findall(r"<script\b[^>]*>", body, flags=re.I):
        assert "src=" in tag, f"inline script: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", body, flags=re.I), "inline event handler in the shell"


def test_an_api_route_is_not_shadowed(mantis):
    # /products/{id} is the API (JSON 401 without a token); /product/{id} is the app.
    request = urllib.request.Request(f"{mantis.url}/products/{uuid.uuid4()}", headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 401
    assert error.value.headers["Content-Type"].startswith("application/json")
