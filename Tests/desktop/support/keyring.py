"""A session bus and a Secret Service keyring of one test's own, for the token bridge's tests.

`SessionBus` is a real `dbus-daemon` with the session bus's rules but no service directories: nothing on it is
started by activation. That matters here: on an ordinary session bus (dbus-run-session's) gnome-keyring is
activatable, and a keyring started that way has no unlocked collection, so storing a secret would wait on a
password prompt. On this bus the Secret Service is there exactly when the test starts `Keyring` on it:
`gnome-keyring-daemon --unlock --components=secrets` with an empty password on standard input, its files in a
folder of the test's own.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

SCHEMA = "org.mantis.desktop.RefreshToken"


def _stop(proc, timeout=10):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class SessionBus:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="mantis-bus."))
        self.socket = self.dir / "bus"
        config = self.dir / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=self.socket))
        self.proc = subprocess.Popen(["dbus-daemon", "--config-file", str(config), "--nofork", "--print-address=1"],
                                     stdout=subprocess.PIPE, text=True)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            _stop(self.proc)
            raise RuntimeError("dbus-daemon did not start")

    def env(self, **extra):
        env = dict(os.environ)
        env.pop("DBUS_STARTER_ADDRESS", None)
        env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        env.update(extra)
        return env

    def has_owner(self, name):
        out = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                              "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
                             env=self.env(), capture_output=True, text=True, timeout=10)
        return "boolean true" in out.stdout

    def stop(self):
        _stop(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


class Keyring:
    """gnome-keyring-daemon's Secret Service on `bus`; `unlocked=False` starts it without the login keyring,
    so every store fails (a keyring that errors)."""

    def __init__(self, bus, unlocked=True):
        self.bus = bus
        self.root = Path(tempfile.mkdtemp(prefix="mantis-keyring."))
        runtime = self.root / "run"
        runtime.mkdir(mode=0o700)
        self.env = bus.env(HOME=str(self.root), XDG_DATA_HOME=str(self.root / "data"),
                           XDG_RUNTIME_DIR=str(runtime))
        self.proc = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=self.env, text=True)
        # One line, the (empty) password of the login keyring it creates and unlocks; nothing at all for none.
        self.proc.stdin.write("\n" if unlocked else "")
        self.proc.stdin.close()
        deadline = time.monotonic() + 20
        while not bus.has_owner("org.freedesktop.secrets"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                error = self.proc.stderr.read() if self.proc.poll() is not None else ""
                self.stop()
                raise RuntimeError(f"gnome-keyring-daemon did not start: {error}")
            time.sleep(0.1)

    def lookup(self, server):
        """The secret stored for `server` with the app's schema, or None (secret-tool, another client)."""
        out = subprocess.run(["secret-tool", "lookup", "xdg:schema", SCHEMA, "server", server],
                             env=self.env, capture_output=True, text=True, timeout=20)
        return out.stdout if out.returncode == 0 and out.stdout else None

    def stop(self):
        _stop(self.proc)
        shutil.rmtree(self.root, ignore_errors=True)
