#!/usr/bin/env bash
# crmenv snapshot create / verify / rollback on a LIVE of CONTACTS (1,000,000) sales contacts,
# against sqlite3 `.backup` + `gzip -6` and `gunzip -c` + sqlite3 `.restore`.
# Targets: create ≤ 0.5 × (.backup + gzip -6) in time, output ≤ 1.05 × gzip -6's size;
# rollback ≤ 1.0 × (gunzip + .restore); crmenv's peak memory < 64 MiB.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR=$DATA/snapshot
WS=$DIR/ws
PEER=$DIR/peer
mkdir -p "$DIR"

build_crmenv
echo "## snapshot and rollback of LIVE"
echo
machine_info
ensure_base_workspace
copy_workspace "$WS"
rm -rf "$PEER" && mkdir -p "$PEER"
LIVE=$WS/environments/live.sqlite
contacts=$(sqlite3 "$LIVE" "SELECT count(*) FROM sales_contact")
echo "data: $LIVE: $contacts sales contacts, $(mib "$(file_size "$LIVE")") MiB" \
  "($(file_size "$LIVE") bytes; made by make-data.py workspace, seed 20240611)"

# 1. snapshot create against .backup + gzip -6.
measure crmenv-create \
  "rm -f $WS/snapshots/*" \
  "$CRMENV snapshot create --root $WS --by bench --label bench"
ID=$(basename "$(ls "$WS"/snapshots/*.json)" .json)
SNAP=$WS/snapshots/$ID.sqlite.gz
measure peer-create \
  "rm -f $PEER/x.sqlite $PEER/x.sqlite.gz" \
  "sqlite3 $LIVE '.backup $PEER/x.sqlite' && gzip -6 $PEER/x.sqlite"
snap_size=$(file_size "$SNAP")
gzip_size=$(file_size "$PEER/x.sqlite.gz")
echo "snapshot $ID: $snap_size bytes; gzip -6: $gzip_size bytes"
# Both are gzip files of the same image (the 100-byte database header may differ in its
# counters: a .backup copy writes its own).
if cmp -s <(gunzip -c "$SNAP" | tail -c +101) <(gunzip -c "$PEER/x.sqlite.gz" | tail -c +101); then
  echo "the two images are identical past the 100-byte database header"
else
  echo "WARNING: the two images differ past the database header"
fi

# 2. verify alone, then rollback against gunzip + .restore (into a copy of LIVE).
measure crmenv-verify "" "$CRMENV snapshot verify $ID --root $WS"
measure crmenv-rollback \
  "find $WS/snapshots -type f ! -name '$ID.*' -delete" \
  "$CRMENV rollback $ID --root $WS --by bench"
cp "$LIVE" "$PEER/live.sqlite"
measure peer-rollback \
  "rm -f $PEER/y.sqlite" \
  "gunzip -c $PEER/x.sqlite.gz > $PEER/y.sqlite && sqlite3 $PEER/live.sqlite '.restore $PEER/y.sqlite'"
after=$(sqlite3 "$LIVE" "SELECT count(*) FROM sales_contact")
echo "after the rollbacks LIVE has $after sales contacts; integrity: $(sqlite3 "$LIVE" 'PRAGMA quick_check')"

table_header
ratio=$(calc "${R_BEST[crmenv-create]} / ${R_BEST[peer-create]}")
table_row "snapshot create: time" "$(secs crmenv-create)" "$(secs peer-create) (.backup + gzip -6)" \
  "$(fmt2 "$ratio")" "≤ 0.50" "$(verdict "$ratio" "<=" 0.5)" "${R_RSS[crmenv-create]} MiB"
sratio=$(calc "$snap_size / $gzip_size")
table_row "snapshot create: size" "$(mib "$snap_size") MiB ($snap_size B)" \
  "$(mib "$gzip_size") MiB ($gzip_size B)" "$(awk -v x="$sratio" 'BEGIN{printf "%.3f", x}')" \
  "≤ 1.05" "$(verdict "$sratio" "<=" 1.05)" "-"
table_row "snapshot create: memory" "${R_RSS[crmenv-create]} MiB" "-" "-" "< 64 MiB" \
  "$(verdict "${R_RSS[crmenv-create]}" "<" 64)" "${R_RSS[crmenv-create]} MiB"
table_row "snapshot verify (part of rollback)" "$(secs crmenv-verify)" "-" "-" "-" "-" \
  "${R_RSS[crmenv-verify]} MiB"
ratio=$(calc "${R_BEST[crmenv-rollback]} / ${R_BEST[peer-rollback]}")
table_row "rollback: time" "$(secs crmenv-rollback)" "$(secs peer-rollback) (gunzip + .restore)" \
  "$(fmt2 "$ratio")" "≤ 1.00" "$(verdict "$ratio" "<=" 1)" "${R_RSS[crmenv-rollback]} MiB"
table_row "rollback: memory" "${R_RSS[crmenv-rollback]} MiB" "-" "-" "< 64 MiB" \
  "$(verdict "${R_RSS[crmenv-rollback]}" "<" 64)" "${R_RSS[crmenv-rollback]} MiB"
echo
echo "rollback = verify (inflate + checksums, then integrity and foreign-key checks) + a snapshot" \
  "of LIVE (the way back) + restore + check, overlapped: the way back is taken while the image" \
  "inflates, and the image's database checks run while it is copied into LIVE (the commit waits" \
  "for them). Measured alone: verify $(fmt2 "${R_BEST[crmenv-verify]}") s, create" \
  "$(fmt2 "${R_BEST[crmenv-create]}") s. The first rollback finds LIVE equal to the snapshot it" \
  "was taken from and reuses that as the way back; the later ones take a new one."
echo "CPU (user+sys) of the best runs: create ${R_CPU[crmenv-create]} s, peer create" \
  "${R_CPU[peer-create]} s, verify ${R_CPU[crmenv-verify]} s, rollback ${R_CPU[crmenv-rollback]} s," \
  "peer rollback ${R_CPU[peer-rollback]} s."
print_commands crmenv-create peer-create crmenv-verify crmenv-rollback peer-rollback
