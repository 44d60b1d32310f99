#ifndef CRMENV_CSQLITE_SHIM_H
#define CRMENV_CSQLITE_SHIM_H

// The session extension (changesets, sqlite3session_diff, changeset apply and
// invert) is declared only when SQLITE_ENABLE_SESSION is defined. Debian's
// libsqlite3 is built with it; the header needs to be told.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are macros that cast integers to
// function pointers; Swift cannot import them.
static inline sqlite3_destructor_type crmenv_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

static inline sqlite3_destructor_type crmenv_sqlite_static(void) {
    return SQLITE_STATIC;
}

// sqlite3_db_config is variadic.
static inline int crmenv_sqlite_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}

// Reads bytes of a connection's main database file through SQLite's own file handle
// (SQLITE_FCNTL_FILE_POINTER, then the VFS's xRead), never through a second descriptor:
// closing another descriptor of the file would drop the POSIX locks SQLite holds on it.
// Returns SQLITE_OK, SQLITE_IOERR_SHORT_READ past the end, or another error code.
static inline int crmenv_sqlite_read_main_file(sqlite3 *db, void *buffer, int amount,
                                               sqlite3_int64 offset) {
    sqlite3_file *file = 0;
    int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
    if (rc != SQLITE_OK) return rc;
    if (file == 0 || file->pMethods == 0) return SQLITE_MISUSE;
    return file->pMethods->xRead(file, buffer, amount, offset);
}

// crmenv_row_hash(v1, v2, ...): a 128-bit digest (a 16-byte blob) of a row's values, so the
// differ compares one blob per row instead of every column through the API. Each value
// contributes its storage class and its bytes; an integral REAL hashes like the INTEGER of the
// same value, since SQL's IS calls them equal. Two 64-bit multiply-mix lanes with different
// constants, mixed into each other at the end of the row; not cryptographic, but the odds that
// two different rows of the same key collide (2^-64 at worst) are beyond any that matter here.
#include <stdint.h>
#include <string.h>

static inline uint64_t crmenv_hash_mix(uint64_t h, uint64_t v, uint64_t k) {
    h ^= v;
    h *= k;
    h ^= h >> 29;
    return h;
}

static inline void crmenv_hash_word(uint64_t *a, uint64_t *b, uint64_t w) {
    *a = crmenv_hash_mix(*a, w, 0x9E3779B97F4A7C15ULL);
    *b = crmenv_hash_mix(*b, w ^ 0x5bd1e995ULL, 0xC2B2AE3D27D4EB4FULL);
}

// Bytes go 16 at a time, eight to each lane, so each lane's chain of multiplies is half as
// long; the lanes are mixed into each other when the row ends.
static inline void crmenv_hash_bytes(uint64_t *a, uint64_t *b, const unsigned char *p, int n) {
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        uint64_t w0, w1;
        memcpy(&w0, p + i, 8);
        memcpy(&w1, p + i + 8, 8);
        *a = crmenv_hash_mix(*a, w0, 0x9E3779B97F4A7C15ULL);
        *b = crmenv_hash_mix(*b, w1, 0xC2B2AE3D27D4EB4FULL);
    }
    // The last 0 to 15 bytes, zero-padded (the length is in the value's tag).
    unsigned char tail[16] = {0};
    if (n > i) memcpy(tail, p + i, (size_t)(n - i));
    uint64_t t0, t1;
    memcpy(&t0, tail, 8);
    memcpy(&t1, tail + 8, 8);
    *a = crmenv_hash_mix(*a, t0, 0x9E3779B97F4A7C15ULL);
    *b = crmenv_hash_mix(*b, t1, 0xC2B2AE3D27D4EB4FULL);
}

// The finalizer of MurmurHash3: every input bit reaches every output bit.
static inline uint64_t crmenv_hash_final(uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

static void crmenv_row_hash_function(sqlite3_context *context, int count, sqlite3_value **values) {
    uint64_t a = 0x243F6A8885A308D3ULL, b = 0x13198A2E03707344ULL;
    for (int index = 0; index < count; index++) {
        sqlite3_value *value = values[index];
        int type = sqlite3_value_type(value);
        switch (type) {
        case SQLITE_INTEGER:
            crmenv_hash_word(&a, &b, 1);
            crmenv_hash_word(&a, &b, (uint64_t)sqlite3_value_int64(value));
            break;
        case SQLITE_FLOAT: {
            double number = sqlite3_value_double(value);
            if (number >= -9.2e18 && number <= 9.2e18 && (double)(sqlite3_int64)number == number) {
                crmenv_hash_word(&a, &b, 1);
                crmenv_hash_word(&a, &b, (uint64_t)(sqlite3_int64)number);
            } else {
                uint64_t bits;
                memcpy(&bits, &number, 8);
                crmenv_hash_word(&a, &b, 2);
                crmenv_hash_word(&a, &b, bits);
            }
            break;
        }
        case SQLITE_TEXT:
        case SQLITE_BLOB: {
            // The raw bytes either way (no conversion: crmenv databases are UTF-8); the class
            // goes into the tag, since 'abc' IS NOT x'616263'.
            uint64_t tag = type == SQLITE_TEXT ? 3 : 4;
            const unsigned char *bytes = sqlite3_value_blob(value);
            int length = sqlite3_value_bytes(value);
            crmenv_hash_word(&a, &b, tag | ((uint64_t)length << 8));
            crmenv_hash_bytes(&a, &b, bytes, length);
            break;
        }
        default:
            crmenv_hash_word(&a, &b, 0);
        }
    }
    uint64_t mixed = crmenv_hash_final(a ^ (b << 32 | b >> 32));
    b = crmenv_hash_final(b ^ mixed);
    a = mixed;
    unsigned char digest[16];
    memcpy(digest, &a, 8);
    memcpy(digest + 8, &b, 8);
    sqlite3_result_blob(context, digest, 16, SQLITE_TRANSIENT);
}

// Registers crmenv_row_hash on a connection (deterministic, any number of arguments).
static inline int crmenv_register_row_hash(sqlite3 *db) {
    return sqlite3_create_function_v2(db, "crmenv_row_hash", -1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, 0,
                                      crmenv_row_hash_function, 0, 0, 0);
}

#endif
