"""The window remembers its size and position."""

import json

from support.desktop import wait_until


def test_the_window_comes_back_where_it_was_left(launch, home):
    saved = home.config / "mantis" / "window.json"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps({"x": 60, "y": 40, "width": 900, "height": 640, "maximized": False}))

    app = launch()
    wait_until(lambda: (s := app.state())["width"] == 900 and s["height"] == 640 and (s["x"], s["y"]) == (60, 40),
               10, "the saved geometry")

    app.ask("geometry", x=150, y=90, width=1024, height=700)
    wait_until(lambda: (s := app.state())["width"] == 1024 and (s["x"], s["y"]) == (150, 90), 10, "moved and resized")
    assert app.quit() == 0
    remembered = json.loads(saved.read_text())
    assert (remembered["x"], remembered["y"], remembered["width"], remembered["height"]) == (150, 90, 1024, 700)

    again = launch(name="again")
    wait_until(lambda: (s := again.state())["width"] == 1024 and s["height"] == 700 and (s["x"], s["y"]) == (150, 90),
               10, "the remembered geometry after a restart")
    assert again.quit() == 0


def test_a_position_off_every_screen_is_dropped(launch, home):
    saved = home.config / "mantis" / "window.json"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps({"x": 5000, "y": 4000, "width": 800, "height": 600, "maximized": False}))
    app = launch()
    state = app.state()
    assert state["x"] < 1600 and state["y"] < 1000, state
    assert app.quit() == 0
