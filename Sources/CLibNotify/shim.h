// Desktop notifications (Debian's libnotify-dev), org.freedesktop.Notifications over D-Bus.
#include <libnotify/notify.h>
