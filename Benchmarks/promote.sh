#!/usr/bin/env bash
# crmenv promote of a vetted PROMOTE_ROWS (100,000) contact import batch into a LIVE of
# CONTACTS (1,000,000) sales contacts, against sqlite3 `.backup` of LIVE plus a raw changeset
# apply (apply-changeset.c, SQLite's session extension) of the same inserts.
# Target: crmenv ≤ 1.2 × (.backup + apply).
#
# Between runs the whole workspace (LIVE, TEST, base, snapshots, audit log) is put back from
# a copy taken after the vetting, and the peer's LIVE from a copy of the same LIVE.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROMOTE_ROWS=${PROMOTE_ROWS:-100000}
DIR=$DATA/promote
WS=$DIR/ws
PRISTINE=$DIR/ws.pristine
mkdir -p "$DIR"

build_crmenv
echo "## promote a vetted import batch to LIVE"
echo
machine_info
ensure_base_workspace
gcc -O2 -Wall -o "$DIR/apply-changeset" "$BENCH_DIR/apply-changeset.c" -lsqlite3

# The workspace: refresh, import the batch into TEST, vet it.
copy_workspace "$WS"
"$CRMENV" refresh --root "$WS" --by bench >&2
LIVE=$WS/environments/live.sqlite
TEST=$WS/environments/test.sqlite
CSV=$DIR/new-$PROMOTE_ROWS.csv
$MAKE_DATA outlook "$CSV" --rows "$PROMOTE_ROWS" --duplicates 0 --seed 4242 --exclude-from "$LIVE"
import_started=$(date +%s.%N)
"$CRMENV" import contacts "$CSV" --root "$WS" --by bench
import_seconds=$(calc "$(date +%s.%N) - $import_started")
BATCH=$(sqlite3 "$TEST" "SELECT max(id) FROM crmenv_batch")
"$CRMENV" vet "batch:$BATCH" --root "$WS" --by bench
batch_rows=$(sqlite3 "$TEST" "SELECT count(*) FROM sales_contact WHERE batch_id = $BATCH")
live_before=$(sqlite3 "$LIVE" "SELECT count(*) FROM sales_contact")
echo "data: LIVE $live_before sales contacts, $(mib "$(file_size "$LIVE")") MiB; batch $BATCH in" \
  "TEST: $batch_rows new contacts from $CSV ($(mib "$(file_size "$CSV")") MiB, imported in" \
  "$(fmt2 "$import_seconds") s), vetted"
"$CRMENV" promote --dry-run --root "$WS" 2>&1 | head -n 20 | sed 's/^/  dry run: /'
sync
rm -rf "$PRISTINE"
cp -a "$WS" "$PRISTINE"

# The peer's data: a copy of the same LIVE, and a changeset of the batch's rows as inserts
# (sqldiff --changeset between that copy and the copy with the batch's rows added).
sqlite3 "$LIVE" ".backup $DIR/peer-base.sqlite"
cp "$DIR/peer-base.sqlite" "$DIR/peer-plus.sqlite"
sqlite3 "$DIR/peer-plus.sqlite" "ATTACH '$TEST' AS t;
  INSERT INTO main.sales_contact SELECT * FROM t.sales_contact WHERE batch_id = $BATCH;"
sqldiff --changeset "$DIR/batch.changeset" "$DIR/peer-base.sqlite" "$DIR/peer-plus.sqlite"
sqldiff --summary "$DIR/peer-base.sqlite" "$DIR/peer-plus.sqlite" | grep -v ': 0 changes, 0 inserts, 0 deletes' \
  | sed 's/^/  changeset: /'
echo "  changeset file: $DIR/batch.changeset, $(mib "$(file_size "$DIR/batch.changeset")") MiB"
rm -f "$DIR/peer-plus.sqlite"

measure crmenv-promote \
  "rm -rf $WS && cp -a $PRISTINE $WS" \
  "$CRMENV promote --by bench --root $WS"
live_after=$(sqlite3 "$LIVE" "SELECT count(*) FROM sales_contact")
"$CRMENV" log --root "$WS" | tail -n 3 | sed 's/^/  log: /'
pre=$(python3 -c "import glob, json; print(json.load(open(glob.glob('$WS/snapshots/promotion-*.json')[0]))['pre_snapshot'])")
base=$(sqlite3 "$TEST" "SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'")
if [ "$pre" = "$base" ]; then
  echo "note: LIVE had not changed since the refresh, so crmenv took no new snapshot before" \
    "the promotion: its pre-promotion snapshot is the base ($base). The second crmenv row below" \
    "changes one LIVE row first (untimed), so that crmenv snapshots LIVE as the peer backs it up."
fi
# The same with one LIVE row changed after the refresh (drift), so LIVE must be snapshotted.
measure crmenv-promote-drift \
  "rm -rf $WS && cp -a $PRISTINE $WS && sqlite3 $LIVE \"UPDATE sales_contact SET notes = 'drift' WHERE id = 1\"" \
  "$CRMENV promote --by bench --root $WS"
snapshots=$(ls "$WS"/snapshots/*-live-*.json | wc -l)
echo "with drift: $snapshots LIVE snapshots in the workspace after the promotion (the base and the" \
  "pre-promotion one)"
measure peer-promote \
  "cp $DIR/peer-base.sqlite $DIR/peer-live.sqlite && rm -f $DIR/pre.sqlite" \
  "sqlite3 $DIR/peer-live.sqlite '.backup $DIR/pre.sqlite' && $DIR/apply-changeset $DIR/peer-live.sqlite $DIR/batch.changeset"
peer_after=$(sqlite3 "$DIR/peer-live.sqlite" "SELECT count(*) FROM sales_contact")
# The parts of the peer, for reference.
measure peer-backup "rm -f $DIR/pre.sqlite" "sqlite3 $DIR/peer-base.sqlite '.backup $DIR/pre.sqlite'"
measure peer-apply "cp $DIR/peer-base.sqlite $DIR/peer-live.sqlite" \
  "$DIR/apply-changeset $DIR/peer-live.sqlite $DIR/batch.changeset"
echo "after: crmenv's LIVE has $live_after sales contacts; the peer's LIVE has $peer_after" \
  "(before: $live_before)"

table_header
ratio=$(calc "${R_BEST[crmenv-promote]} / ${R_BEST[peer-promote]}")
table_row "promote $batch_rows new contacts into $live_before" "$(secs crmenv-promote)" \
  "$(secs peer-promote) (.backup + changeset apply)" "$(fmt2 "$ratio")" "≤ 1.20" \
  "$(verdict "$ratio" "<=" 1.2)" "${R_RSS[crmenv-promote]} MiB"
ratio=$(calc "${R_BEST[crmenv-promote-drift]} / ${R_BEST[peer-promote]}")
table_row "the same, one LIVE row changed since the refresh (crmenv snapshots LIVE)" \
  "$(secs crmenv-promote-drift)" "$(secs peer-promote) (.backup + changeset apply)" \
  "$(fmt2 "$ratio")" "≤ 1.20" "$(verdict "$ratio" "<=" 1.2)" "${R_RSS[crmenv-promote-drift]} MiB"
echo
echo "peer's parts alone: .backup $(secs peer-backup), changeset apply $(secs peer-apply)."
echo "CPU (user+sys) of the best runs: crmenv ${R_CPU[crmenv-promote]} s, with drift" \
  "${R_CPU[crmenv-promote-drift]} s, peer ${R_CPU[peer-promote]} s."
print_commands crmenv-promote crmenv-promote-drift peer-promote peer-backup peer-apply
