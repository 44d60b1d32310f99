#ifndef CRMENV_CCRYPTO_SHIM_H
#define CRMENV_CCRYPTO_SHIM_H

// OpenSSL's libcrypto, for SHA-256 (it uses the CPU's SHA instructions where there are some).
// Only the EVP digest interface is used: the SHA256_* functions are deprecated in OpenSSL 3.
#include <openssl/evp.h>

#endif
