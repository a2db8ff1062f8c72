"""One instance per user: a second launch hands over to the first and exits 0, and two instances never open one
SQLite file — through the session bus's unique name, and through the lock file where there is no bus."""

import fcntl
import os
import subprocess
import urllib.request

import pytest

from support.desktop import wait_until


def lock_is_held(path):
    """True when some process holds the flock (this one cannot take it without waiting)."""
    with open(path, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def desktop_processes(home, name):
    """Process ids of the mantis-desktop processes of this test's user folders (started in its folder: other test
    runs on the machine have theirs)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == name and os.readlink(f"/proc/{entry}/cwd") == str(home.root):
                        found.append(int(entry))
            except OSError:
                pass
    return found


def second_launch(desktop_binary, first, **env):
    """Starts the app again as a user would (same folders), and returns its exit status and output."""
    environment = first.home.environment(MANTIS_DESKTOP_TEST_CONTROL=str(first.home.root / "second.sock"), **env)
    done = subprocess.run([str(desktop_binary)], env=environment, cwd=first.home.root, capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def assert_still_the_only_one(first, home):
    state = first.state()
    assert state["port"] == first.started["port"] and not state["quitting"]
    with urllib.request.urlopen(first.url + "/health", timeout=10) as response:
        assert response.status == 200
    assert lock_is_held(home.lock_file)
    assert home.lock_file.read_text().strip() == str(first.proc.pid)
    # By the first one's process name: the binary under test may have been copied under another name.
    with open(f"/proc/{first.proc.pid}/comm") as comm:
        name = comm.read().strip()
    assert desktop_processes(home, name) == [first.proc.pid]
    assert not (home.root / "second.sock").exists(), "the second launch must not have started anything"


def test_a_second_launch_brings_the_first_window_to_the_front_and_exits_0(launch, home, desktop_binary, tray_host):
    first = launch()
    # Hidden to the tray, so coming to the front is visible in its state.
    first.ask("close")
    wait_until(lambda: not first.state()["visible"], 10, "the window hidden to the tray")
    before = first.state()["presentations"]

    status, output = second_launch(desktop_binary, first)

    assert status == 0, output
    assert "already running" in output, output
    state = wait_until(lambda: (s := first.state())["presentations"] > before and s, 10, "the first window presented")
    assert state["visible"]
    assert_still_the_only_one(first, home)


def test_without_a_session_bus_the_lock_file_hands_over(launch, home, desktop_binary):
    # No bus: GtkApplication cannot see the first instance, so the lock beside the database must.
    no_bus = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus", "NO_AT_BRIDGE": "1"}
    first = launch(**no_bus)
    before = first.state()["presentations"]

    status, output = second_launch(desktop_binary, first, **no_bus)

    assert status == 0, output
    assert f"already running (process {first.proc.pid})" in output, output
    assert "local mode on" not in output, "the second launch must not open the database"
    wait_until(lambda: first.state()["presentations"] > before, 10, "the first window presented (SIGUSR2)")
    assert_still_the_only_one(first, home)
    assert first.quit() == 0
    assert not lock_is_held(home.lock_file)


@pytest.mark.parametrize("how", ["quit", "SIGTERM"])
def test_quitting_lets_go_of_the_lock(launch, home, how):
    app = launch()
    assert lock_is_held(home.lock_file)
    if how == "quit":
        assert app.quit() == 0
    else:
        app.proc.terminate()
        assert app.wait_exit(30) == 0
        assert "Mantis local mode stopping" in app.log_tail(200)
    assert not lock_is_held(home.lock_file)
