"""`scripts/desktop` builds and starts the app as a person would from the checkout: the Debian packages are there
(scripts/apt-install installs what is missing and does nothing else), `swift build` is up to date, and the app it
starts serves the tracker in its window and quits cleanly."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from support.desktop import REPO, Desktop  # noqa: E402


def test_scripts_desktop_builds_and_starts_the_app(home):
    app = Desktop(REPO / "scripts" / "desktop", home, name="script")
    # The build step is a no-op after the suite's own build, but may have to link: give it time.
    app.start(timeout=600)
    try:
        assert app.state()["port"]
        assert app.js("return document.querySelector('h1')?.textContent ?? ''").strip()
    except BaseException:
        app.stop()
        raise
    assert app.quit() == 0, app.log_tail()
