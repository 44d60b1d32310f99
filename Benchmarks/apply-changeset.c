/* apply-changeset DATABASE CHANGESET
 *
 * The promote benchmark's peer: applies a changeset file (as `sqldiff --changeset` writes
 * one) to a database with SQLite's session extension, in one transaction; any conflict aborts
 * and leaves the database as it was. Prints how many changes the changeset held.
 *
 * Build: gcc -O2 -o apply-changeset apply-changeset.c -lsqlite3
 */
#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static int conflicts = 0;

static int on_conflict(void *context, int kind, sqlite3_changeset_iter *iterator) {
    (void)context;
    (void)kind;
    (void)iterator;
    conflicts++;
    return SQLITE_CHANGESET_ABORT;
}

static int fail(sqlite3 *db, const char *what) {
    fprintf(stderr, "apply-changeset: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: apply-changeset DATABASE CHANGESET\n");
        return 64;
    }
    FILE *file = fopen(argv[2], "rb");
    if (!file) {
        perror(argv[2]);
        return 1;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    void *bytes = malloc(size > 0 ? size : 1);
    if (!bytes || fread(bytes, 1, size, file) != (size_t)size) {
        perror(argv[2]);
        return 1;
    }
    fclose(file);

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        return fail(db, "open");
    }
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        return fail(db, "begin");
    }
    int rc = sqlite3changeset_apply(db, (int)size, bytes, NULL, on_conflict, NULL);
    if (rc != SQLITE_OK || conflicts > 0) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        fprintf(stderr, "apply-changeset: %d conflicts\n", conflicts);
        return fail(db, "apply");
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        return fail(db, "commit");
    }

    /* Count the changes (after the commit, so outside what the benchmark compares for). */
    long changes = 0;
    sqlite3_changeset_iter *iterator = NULL;
    if (sqlite3changeset_start(&iterator, (int)size, bytes) == SQLITE_OK) {
        while (sqlite3changeset_next(iterator) == SQLITE_ROW) {
            changes++;
        }
        sqlite3changeset_finalize(iterator);
    }
    printf("applied %ld changes\n", changes);
    sqlite3_close(db);
    free(bytes);
    return 0;
}
