#ifndef CRMENV_CZLIB_SHIM_H
#define CRMENV_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 and inflateInit2 are macros that pass the library version and
// the stream size; Swift cannot call them directly.
static inline int crmenv_deflate_init2(z_streamp stream, int level, int method, int windowBits,
                                       int memLevel, int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}

static inline int crmenv_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
