"""A notification server for the tests: owns org.freedesktop.Notifications on the session bus (as a desktop's
notification daemon does), answers as the specification (1.2) says, and prints each Notify call as one JSON line
on standard output, after a first line "ready" once it owns the name. Standard input takes commands, one a line:
"invoke ID ACTION" emits ActionInvoked (a click: ACTION "default"), then NotificationClosed (reason 2, dismissed),
as a daemon does; "close ID REASON" emits NotificationClosed alone. Stops when standard input closes."""

import json
import sys
import threading

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.next_id = 1

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("mantis-test-notifications", "Mantis tests", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u", sender_keyword="sender")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout, sender=None):
        notification_id = int(replaces_id) or self.next_id
        if not replaces_id:
            self.next_id += 1
        record = {
            "id": notification_id, "app_name": str(app_name), "replaces_id": int(replaces_id), "app_icon": str(app_icon),
            "summary": str(summary), "body": str(body), "actions": [str(a) for a in actions],
            "hints": {str(k): _plain(v) for k, v in hints.items()}, "expire_timeout": int(expire_timeout),
            "sender": str(sender),
        }
        print(json.dumps(record), flush=True)
        return dbus.UInt32(notification_id)

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.NotificationClosed(notification_id, dbus.UInt32(3))

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, notification_id, action_key):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass


def _plain(value):
    if isinstance(value, (dbus.Boolean,)):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.Int32, dbus.Int64, dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath)):
        return str(value)
    return repr(value)


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)  # noqa: F841 - held while running
    server = Server(bus)
    loop = GLib.MainLoop()

    def command(line):
        words = line.split()
        if words[:1] == ["invoke"]:
            server.ActionInvoked(dbus.UInt32(int(words[1])), words[2])
            server.NotificationClosed(dbus.UInt32(int(words[1])), dbus.UInt32(2))
        elif words[:1] == ["close"]:
            server.NotificationClosed(dbus.UInt32(int(words[1])), dbus.UInt32(int(words[2])))
        return False

    def read_commands():
        for line in sys.stdin:
            GLib.idle_add(command, line)
        GLib.idle_add(loop.quit)

    threading.Thread(target=read_commands, daemon=True).start()
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
