"""A small client of Mantis's JSON API, for setting up state quickly and for checking what the
server holds after a step done in the browser."""

import json
import urllib.error
import urllib.request


class APIError(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


class API:
    def __init__(self, base_url, token=None):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method, path, body=None, expect=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        parsed = json.loads(raw) if raw else None
        if (expect is not None and status != expect) or (expect is None and status >= 400):
            raise APIError(status, parsed)
        return parsed

    def register(self, email, password):
        answer = self.request("POST", "/auth/register", {"email": email, "password": password}, expect=201)
        self.token = answer["access_token"]
        return answer

    def login(self, email, password):
        answer = self.request("POST", "/auth/login", {"email": email, "password": password}, expect=200)
        self.token = answer["access_token"]
        return answer

    def verify_email(self, token):
        return self.request("POST", "/auth/verify-email", {"token": token}, expect=200)

    def products(self):
        return self.request("GET", "/products", expect=200)

    def track(self, url):
        return self.request("POST", "/products/fetch", {"url": url})

    def refresh(self, product_id):
        return self.request("POST", f"/products/{product_id}/refresh", expect=200)

    def set_target(self, product_id, target_price):
        return self.request("PATCH", f"/products/{product_id}", {"target_price": target_price}, expect=200)

    def sessions(self):
        return self.request("GET", "/auth/sessions", expect=200)
