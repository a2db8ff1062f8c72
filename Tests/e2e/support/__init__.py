"""Helpers for the browser tests: the browser session, the SMTP mailbox, the fixture store, an API client."""
