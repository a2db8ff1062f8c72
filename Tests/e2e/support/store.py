"""A fixture shop on loopback: product pages with schema.org JSON-LD whose price a test can change."""

import html
import json
import os
import shutil
import ssl
import struct
import subprocess
import tempfile
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def png(width, height, top, bottom):
    """A small vertical-gradient PNG, so product images are real images without any file."""
    rows = []
    for y in range(height):
        t = y / max(height - 1, 1)
        pixel = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom))
        rows.append(b"\x00" + pixel * width)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


COLOURS = [((255, 196, 120), (214, 92, 40)), ((140, 200, 255), (40, 90, 200)),
           ((170, 230, 170), (40, 140, 80)), ((230, 170, 230), (130, 50, 150))]

IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"


class FixtureStore:
    """Pages over HTTP (Mantis reads them with FETCH_ALLOW_PRIVATE=true) and product images over HTTPS with a
    self-signed certificate, as real shops serve them: the app's Content-Security-Policy allows `https:`
    images only, and the test browsers accept the certificate (`--ignore-certificate-errors`)."""

    def __init__(self):
        self.products = {}
        # Whole pages a test writes itself, served at /raw/<slug>.
        self.raw = {}
        self.hits = {}
        self.lock = threading.Lock()
        self.servers = []
        self.certs = None

    @property
    def base_url(self):
        host, port = self.servers[0].server_address[:2]
        return f"http://{host}:{port}"

    @property
    def image_base_url(self):
        host, port = self.servers[1].server_address[:2]
        return f"https://{host}:{port}"

    def add(self, slug, name, price, currency="EUR", availability=IN_STOCK):
        with self.lock:
            self.products[slug] = {"name": name, "price": price, "currency": currency,
                                   "availability": availability, "colour": COLOURS[len(self.products) % len(COLOURS)]}
        return self.url(slug)

    def url(self, slug):
        return f"{self.base_url}/p/{slug}"

    def set_raw(self, slug, page):
        """Serves the HTML `page` at /raw/<slug>; returns its URL."""
        with self.lock:
            self.raw[slug] = page
        return f"{self.base_url}/raw/{slug}"

    def set_price(self, slug, price):
        with self.lock:
            self.products[slug]["price"] = price

    def set_availability(self, slug, availability):
        with self.lock:
            self.products[slug]["availability"] = availability

    def set_status(self, slug, status):
        """Makes the product page answer with `status` (e.g. 503) instead of the page; 200 restores it."""
        with self.lock:
            self.products[slug]["status"] = status

    def page(self, slug):
        with self.lock:
            product = dict(self.products[slug])
        data = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product["name"],
            "image": f"{self.image_base_url}/img/{slug}.png",
            "offers": {"@type": "Offer", "price": product["price"], "priceCurrency": product["currency"],
                       "availability": product["availability"]},
        }
        title = html.escape(product["name"])
        # `</` cannot close the script: JSON-LD is escaped as browsers need.
        ld = json.dumps(data).replace("</", "<\\/")
        return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title} | Fixture Shop</title>"
                f'<script type="application/ld+json">{ld}</script></head>'
                f"<body><h1>{title}</h1><p class=price>{html.escape(product['price'])} {product['currency']}</p>"
                f"<button>Add to basket</button></body></html>")

    def start(self):
        store = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, status, body, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_GET(self):
                path = self.path.split("?")[0]
                with store.lock:
                    store.hits[path] = store.hits.get(path, 0) + 1
                    known = set(store.products)
                    colours = {s: p["colour"] for s, p in store.products.items()}
                    statuses = {s: p.get("status", 200) for s, p in store.products.items()}
                    raw = store.raw.get(path[5:]) if path.startswith("/raw/") else None
                if raw is not None:
                    return self.send(200, raw.encode(), "text/html; charset=utf-8")
                if path.startswith("/p/") and path[3:] in known and statuses[path[3:]] != 200:
                    return self.send(statuses[path[3:]], b"<!doctype html><title>Busy</title><h1>Try later</h1>",
                                     "text/html; charset=utf-8")
                if path.startswith("/p/") and path[3:] in known:
                    return self.send(200, store.page(path[3:]).encode(), "text/html; charset=utf-8")
                if path.startswith("/img/") and path.endswith(".png") and path[5:-4] in known:
                    return self.send(200, png(96, 96, *colours[path[5:-4]]), "image/png")
                return self.send(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>",
                                 "text/html; charset=utf-8")

            do_HEAD = do_GET

        self.certs = tempfile.mkdtemp(prefix="mantis-e2e-store.")
        cert, key = os.path.join(self.certs, "cert.pem"), os.path.join(self.certs, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)

        for secure in (False, True):
            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            server.daemon_threads = True
            if secure:
                server.socket = context.wrap_socket(server.socket, server_side=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def stop(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()
        if self.certs:
            shutil.rmtree(self.certs, ignore_errors=True)
