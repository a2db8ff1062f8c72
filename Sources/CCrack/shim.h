// cracklib's password check and its compiled-in dictionary path, from Debian's libcrack2-dev.
#ifndef MANTIS_CCRACK_SHIM_H
#define MANTIS_CCRACK_SHIM_H

// crack.h uses size_t without including the header that defines it.
#include <stddef.h>
#include <crack.h>

#endif
