// The Secret Service keyring (Debian's libsecret-1-dev). Swift calls the non-variadic *v_sync functions.
#include <libsecret/secret.h>
