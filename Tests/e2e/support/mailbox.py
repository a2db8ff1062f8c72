"""Reads what the SMTP capture server (Sources/SMTPTestServer/smtp_server.py) received."""

import base64
import email
import email.policy
import html
import json
import re
import time
from pathlib import Path

LINK = re.compile(r"""https?://[^\s"'<>]+""")


class Message:
    def __init__(self, path, record):
        self.path = path
        self.rcpt_tos = [a.lower() for a in record["rcpt_tos"]]
        self.raw = base64.b64decode(record["content_base64"])
        self.parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        self.subject = str(self.parsed["subject"] or "")

    def body(self, kind="plain"):
        part = self.parsed.get_body(preferencelist=(kind,))
        return part.get_content() if part is not None else ""

    def links(self):
        found = LINK.findall(self.body("plain")) + [html.unescape(u) for u in LINK.findall(self.body("html"))]
        return [u.rstrip(".,;)") for u in found]

    def link(self, fragment):
        """The first link whose text contains `fragment`, e.g. `verify-email?token=`."""
        for url in self.links():
            if fragment in url:
                return url
        raise AssertionError(f"no link with {fragment!r} in {self.subject!r}: {self.links()}")


class Mailbox:
    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.port = port

    def messages(self, to=None):
        folder = self.directory / "messages"
        found = []
        for path in sorted(folder.glob("*.json")) if folder.exists() else []:
            message = Message(path, json.loads(path.read_text()))
            if to is None or to.lower() in message.rcpt_tos:
                found.append(message)
        return found

    def count(self, to=None):
        return len(self.messages(to))

    def wait_for(self, to, link_fragment, after=0, timeout=30):
        """Waits for a message to `to`, beyond the first `after` of theirs, with a link containing
        `link_fragment`; returns (message, link)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages(to)[after:]:
                if any(link_fragment in u for u in message.links()):
                    return message, message.link(link_fragment)
            time.sleep(0.2)
        seen = [(m.subject, m.rcpt_tos) for m in self.messages()]
        raise AssertionError(f"no email to {to} with a {link_fragment!r} link within {timeout}s; received: {seen}")
