#!/usr/bin/env bash
# crmenv import contacts (an Outlook export into a fresh workspace's TEST) against
# sqlite3's `.import --csv` of the same file into a plain table (all columns TEXT).
# Target: crmenv's rows/s at least .import's; crmenv's memory does not grow with the file.
#
# Settings: IMPORT_ROWS (default "100000 300000"; the first is the headline), and lib.sh's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMPORT_ROWS=${IMPORT_ROWS:-"100000 300000"}
DIR=$DATA/import
mkdir -p "$DIR"

build_crmenv
echo "## import: Outlook CSV into TEST"
echo
machine_info

for rows in $IMPORT_ROWS; do
  csv=$DIR/outlook-$rows.csv
  if [ ! -f "$csv" ]; then
    $MAKE_DATA outlook "$csv" --rows "$rows"
  fi
done

keys=()
declare -A CSV_BYTES
for rows in $IMPORT_ROWS; do
  csv=$DIR/outlook-$rows.csv
  CSV_BYTES[$rows]=$(file_size "$csv")
  measure "crmenv-$rows" \
    "rm -rf $DIR/ws && $CRMENV init --root $DIR/ws" \
    "$CRMENV import contacts $csv --root $DIR/ws --by bench"
  loaded=$(sqlite3 "$DIR/ws/environments/test.sqlite" "SELECT count(*) FROM sales_contact")
  report=$(sqlite3 "$DIR/ws/environments/test.sqlite" \
    "SELECT 'batch ' || id || ': ' || rows_new || ' new, ' || rows_merged || ' merged, ' ||
            rows_rejected || ' rejected' FROM crmenv_batch")
  echo "crmenv, $rows rows: $report; TEST has $loaded contacts"
  measure "sqlite3-$rows" \
    "rm -f $DIR/raw.sqlite" \
    "sqlite3 $DIR/raw.sqlite '.import --csv $csv raw'"
  raw=$(sqlite3 "$DIR/raw.sqlite" "SELECT count(*) FROM raw")
  echo "sqlite3 .import, $rows rows: table raw has $raw rows"
  keys+=("crmenv-$rows" "sqlite3-$rows")
done

echo
echo "data: Outlook contacts exports (full English header, 88 columns, every field quoted, CRLF,"
echo "about 1% repeats of a person, which crmenv merges; some multi-line notes):"
for rows in $IMPORT_ROWS; do
  echo "  $DIR/outlook-$rows.csv: $rows data rows, $(mib "${CSV_BYTES[$rows]}") MiB"
done
echo "rows/s counts the file's data rows for both tools."

table_header
for rows in $IMPORT_ROWS; do
  c=crmenv-$rows s=sqlite3-$rows
  crs=$(calc "$rows / ${R_BEST[$c]}")
  srs=$(calc "$rows / ${R_BEST[$s]}")
  ratio=$(calc "$crs / $srs")
  table_row "import $rows rows: rows/s" \
    "$(printf '%.0f' "$crs") rows/s ($(secs "$c"))" \
    "$(printf '%.0f' "$srs") rows/s ($(secs "$s"))" \
    "$(fmt2 "$ratio")" "≥ 1.00" "$(verdict "$ratio" ">=" 1)" "${R_RSS[$c]} MiB"
done
set -- $IMPORT_ROWS
if [ $# -ge 2 ]; then
  first=$1 last=${!#}
  growth=$(calc "${R_RSS[crmenv-$last]} / ${R_RSS[crmenv-$first]}")
  table_row "import memory, $last rows vs $first rows" \
    "${R_RSS[crmenv-$first]} → ${R_RSS[crmenv-$last]} MiB" "-" "$(fmt2 "$growth")" \
    "≈ 1 (flat)" "$(verdict "$growth" "<=" 1.1)" "${R_RSS[crmenv-$last]} MiB"
fi
print_commands "${keys[@]}"
