// The tray icon (Debian's libayatana-appindicator3-dev): a StatusNotifierItem over D-Bus.
#include <libayatana-appindicator/app-indicator.h>
