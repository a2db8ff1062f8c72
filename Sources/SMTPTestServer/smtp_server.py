#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for MantisSMTP's tests.

Starts on 127.0.0.1 at a free port, prints that port on stdout as one line once it accepts
connections, and runs until stdin reaches end-of-file (the test closed the pipe or died) or it
gets SIGTERM. Every message it accepts is written to <dir>/messages/<n>.json (envelope, raw
content in base64, whether TLS was on, who authenticated); every command it sees is appended to
<dir>/events.log, so a test can prove that nothing was sent.

Needs `pip install aiosmtpd` (the `cryptography` package, one of its usual companions, makes
the self-signed certificate; `openssl` is used when it is missing).
"""

import argparse
import asyncio
import base64
import datetime
import ipaddress
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:  # The Swift side shows this line when the server fails to start.
    print("ERROR aiosmtpd is not installed: run `python3 -m pip install aiosmtpd`", flush=True)
    sys.exit(3)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True, help="where messages, events and the certificate go")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert-name", default="localhost", help="DNS name the certificate is made for")
    p.add_argument("--auth", choices=["none", "plain-login", "login"], default="none",
                   help="AUTH mechanisms to offer; AUTH is then required before MAIL")
    p.add_argument("--user", default="mantis")
    p.add_argument("--password", default="correct horse battery staple")
    p.add_argument("--reject", action="append", default=[], help="recipient to refuse with 550")
    p.add_argument("--delay-data", type=float, default=0,
                   help="seconds to wait after the message body before accepting it (a slow server)")
    p.add_argument("--reject-ehlo", action="store_true", help="answer EHLO with 502 (HELO only)")
    p.add_argument("--drop-in-data", action="store_true",
                   help="close the connection after the message content, before any reply")
    p.add_argument("--silent", action="store_true",
                   help="no SMTP at all: accept TCP connections and never say anything")
    p.add_argument("--starttls-inject", action="store_true",
                   help="a fake server that offers STARTTLS and sends a cleartext reply right after its 220")
    return p.parse_args()


def free_port():
    # Controller checks readiness by connecting to its port, so it needs a real one up front.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(directory, name):
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
    except ImportError:
        alt_names = f"DNS:{name}" + (",IP:127.0.0.1" if name == "localhost" else "")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", f"/CN={name}", "-addext", f"subjectAltName={alt_names}",
             "-keyout", key_path, "-out", cert_path],
            check=True, capture_output=True)
        return cert_path, key_path

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt_names = [x509.DNSName(name)]
    if name == "localhost":
        alt_names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


class Recorder:
    """aiosmtpd handler: logs each command, refuses chosen recipients, stores messages."""

    def __init__(self, args):
        self.args = args
        self.events_path = os.path.join(args.dir, "events.log")
        self.messages_dir = os.path.join(args.dir, "messages")
        os.makedirs(self.messages_dir, exist_ok=True)
        self.count = 0

    def event(self, line):
        with open(self.events_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.event("EHLO")
        if self.args.reject_ehlo:
            return ["502 5.5.2 EHLO not supported, use HELO"]
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self.event("HELO")
        session.host_name = hostname
        return "250 {}".format(server.hostname)

    def handle_STARTTLS(self, server, session, envelope):  # aiosmtpd calls this one without await
        self.event("STARTTLS")
        return True

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.event("MAIL " + address)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.event("RCPT " + address)
        if address in self.args.reject:
            return "550 5.1.1 <{}>: mailbox unavailable".format(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.event("DATA")
        if self.args.drop_in_data:
            server.transport.abort()
            return "421 never sent"
        if self.args.delay_data:
            await asyncio.sleep(self.args.delay_data)
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "content_base64": base64.b64encode(envelope.original_content).decode("ascii"),
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "authenticated_as": getattr(session, "auth_data", None) and session.auth_data.decode(),
        }
        final = os.path.join(self.messages_dir, "{:04d}.json".format(self.count))
        with open(final + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(final + ".tmp", final)  # Readers never see half a file.
        return "250 2.0.0 Ok: queued as MSG{:04d}".format(self.count)


def authenticator(args):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        if ok:
            return AuthResult(success=True, auth_data=auth_data.login)
        return AuthResult(success=False, handled=False)  # handled=False: aiosmtpd sends the 535 itself
    return check


def run_silent(port):
    """Accepts connections and never greets: for greeting time-outs."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    held = []

    def accept_forever():
        while True:
            conn, _ = listener.accept()
            held.append(conn)  # Keep it open, say nothing.

    threading.Thread(target=accept_forever, daemon=True).start()


def run_starttls_inject(port, events):
    """Hand-written SMTP that answers STARTTLS with '220' plus a second, injected reply in the same
    packet: a client that reads it after switching to TLS would take an attacker's words as the server's."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)

    def serve(conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 fake.test ESMTP\r\n")
            for line in lines:
                verb = line.strip().split(b" ")[0].upper().decode("ascii", "replace")
                events(verb)
                if verb == "EHLO":
                    conn.sendall(b"250-fake.test\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n")
                elif verb == "STARTTLS":
                    conn.sendall(b"220 go ahead\r\n250-fake.test\r\n250 AUTH PLAIN\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"502 no\r\n")

    def accept_forever():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_forever, daemon=True).start()


def start_server(args, port, cert, key):
    if args.silent:
        run_silent(port)
        return
    if args.starttls_inject:
        run_starttls_inject(port, Recorder(args).event)
        return
    kwargs = {"hostname": "127.0.0.1", "port": port, "server_hostname": "mx.test",
              "enable_SMTPUTF8": True, "decode_data": False}
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if args.tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    if args.auth != "none":
        # Without TLS, aiosmtpd only offers AUTH when told it may (a loopback test server).
        kwargs.update(authenticator=authenticator(args), auth_required=True,
                      auth_require_tls=args.tls != "none")
        if args.auth == "login":
            kwargs["auth_exclude_mechanism"] = ["PLAIN"]
    Controller(Recorder(args), **kwargs).start()


def main():
    args = parse_args()
    os.makedirs(args.dir, exist_ok=True)
    cert = key = None
    if args.tls != "none":
        cert, key = make_certificate(args.dir, args.cert_name)
    # The free port is found before binding it, so another process may take it in between: retry.
    for attempt in range(5):
        port = args.port or free_port()
        try:
            start_server(args, port, cert, key)
            break
        except OSError:
            if attempt == 4:
                raise

    print(port, flush=True)

    # Stop when the test closes our stdin (or dies) or sends SIGTERM.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    # Wait in short slices: a bare wait() can sit in a lock that a signal does not interrupt.
    while not stop.wait(0.2):
        pass
    os._exit(0)  # Skip graceful shutdown: held sockets and threads go with the process.


if __name__ == "__main__":
    main()
