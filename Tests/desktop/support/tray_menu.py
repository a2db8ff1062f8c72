"""Reads and clicks the desktop app's tray icon as a panel does, over the session bus: finds the StatusNotifierItem
that process PID exports (libayatana-appindicator: /org/ayatana/NotificationItem/…), reads its properties and its
menu (com.canonical.dbusmenu), and sends a menu item a "clicked" event.

  tray_menu.py layout PID      prints {"title", "icon", "status", "items": [{"id", "label", "type", "enabled"}]}
  tray_menu.py click PID LABEL clicks the item with that label
Exits 1 (with the reason on stderr) while the process exports no item yet."""

import json
import sys
import xml.etree.ElementTree as ElementTree

import dbus

ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
ROOT = "/org/ayatana/NotificationItem"


def find_item(bus, pid):
    daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
    for name in daemon.ListNames(dbus_interface="org.freedesktop.DBus"):
        if not name.startswith(":"):
            continue
        try:
            if int(daemon.GetConnectionUnixProcessID(name, dbus_interface="org.freedesktop.DBus")) != pid:
                continue
            xml = bus.get_object(name, ROOT).Introspect(dbus_interface="org.freedesktop.DBus.Introspectable")
        except dbus.DBusException:
            continue
        for node in ElementTree.fromstring(xml).findall("node"):
            return name, f"{ROOT}/{node.get('name')}"
    raise LookupError(f"process {pid} exports no StatusNotifierItem under {ROOT}")


def menu_items(bus, name, menu_path):
    menu = bus.get_object(name, menu_path)
    _revision, (_root_id, _root_props, children) = menu.GetLayout(0, -1, dbus.Array([], signature="s"),
                                                                  dbus_interface=MENU)
    items = []
    for child in children:
        item_id, props, _grandchildren = child
        items.append({"id": int(item_id), "label": str(props.get("label", "")), "type": str(props.get("type", "standard")),
                      "enabled": bool(props.get("enabled", True))})
    return menu, items


def main():
    command, pid = sys.argv[1], int(sys.argv[2])
    bus = dbus.SessionBus()
    try:
        name, path = find_item(bus, pid)
    except LookupError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    item = bus.get_object(name, path)
    props = item.GetAll(ITEM, dbus_interface=dbus.PROPERTIES_IFACE)
    menu, items = menu_items(bus, name, props["Menu"])
    if command == "layout":
        print(json.dumps({"title": str(props.get("Title", "")), "icon": str(props.get("IconName", "")),
                          "status": str(props.get("Status", "")), "id": str(props.get("Id", "")), "items": items}))
    elif command == "click":
        label = sys.argv[3]
        [target] = [i for i in items if i["label"] == label]
        menu.Event(target["id"], "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0), dbus_interface=MENU)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
