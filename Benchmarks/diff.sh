#!/usr/bin/env bash
# crmenv diff (--stat, and --format json) on a TEST/LIVE pair of CONTACTS (1,000,000) sales
# contacts with CHANGES (20,000) row changes in TEST and about 1.5% as many in LIVE (drift),
# against `sqldiff --primarykey live test`. Both modes: three-way (TEST refreshed, with its
# base) and two-way (the same databases with TEST's base removed).
# Targets: ≤ 0.5 × sqldiff's time, peak memory < 64 MiB; in the two-way mode crmenv's
# sales_contact counts equal `sqldiff --primarykey --summary`'s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHANGES=${CHANGES:-20000}
DIR=$DATA/diff
WS3=$DIR/ws-3way
WS2=$DIR/ws-2way
mkdir -p "$DIR"

build_crmenv
echo "## diff TEST against LIVE"
echo
machine_info
ensure_base_workspace

# The pair: refresh (TEST = LIVE, base = that image), then the changes.
copy_workspace "$WS3"
"$CRMENV" refresh --root "$WS3" --by bench >&2
pair_report=$($MAKE_DATA pair "$WS3" --changes "$CHANGES")
# Two-way: a copy whose TEST has no base (crmenv_meta's base_snapshot gone, no base.sqlite).
rm -rf "$WS2"
cp -a "$WS3" "$WS2"
sqlite3 "$WS2/environments/test.sqlite" \
  "DELETE FROM crmenv_meta WHERE key IN ('base_snapshot', 'base_promotions')"
rm -f "$WS2/environments/base.sqlite"

LIVE=$WS3/environments/live.sqlite
TEST=$WS3/environments/test.sqlite
echo "data: LIVE $(sqlite3 "$LIVE" "SELECT count(*) FROM sales_contact") sales contacts," \
  "$(mib "$(file_size "$LIVE")") MiB; TEST $(sqlite3 "$TEST" "SELECT count(*) FROM sales_contact")" \
  "sales contacts, $(mib "$(file_size "$TEST")") MiB (make-data.py pair --changes $CHANGES):"
echo "$pair_report" | sed 's/^/  /'

keys=()
for mode in 3way 2way; do
  ws=$DIR/ws-$mode
  measure "crmenv-stat-$mode" "" "$CRMENV diff --stat --root $ws"
  measure "crmenv-json-$mode" "rm -f $DIR/out-$mode.json" \
    "$CRMENV diff --format json --root $ws > $DIR/out-$mode.json"
  keys+=("crmenv-stat-$mode" "crmenv-json-$mode")
done
measure sqldiff "" "sqldiff --primarykey $LIVE $TEST > /dev/null"
keys+=(sqldiff)

# The counts.
sqldiff --primarykey --summary "$LIVE" "$TEST" >"$DIR/sqldiff-summary.txt"
read -r s_changes s_inserts s_deletes < <(awk -F'[:,] *' '$1 == "sales_contact" {
  split($2, a, " "); split($3, b, " "); split($4, c, " "); print a[1], b[1], c[1] }' \
  "$DIR/sqldiff-summary.txt")
counts() { # workspace -> "added changed removed drift conflicts" for sales_contact
  "$CRMENV" diff --stat --format json --root "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = [t for t in d["tables"] if t["table"] == "sales_contact"][0]["counts"]
print(c["added"], c["changed"], c["removed"], c["drift"], c["conflicts"], json.dumps(d["three_way"]))'
}
read -r a3 c3 r3 d3 x3 t3 < <(counts "$WS3")
read -r a2 c2 r2 d2 x2 t2 < <(counts "$WS2")
for mode in 3way 2way; do
  python3 -c "import json; json.load(open('$DIR/out-$mode.json'))" \
    || echo "WARNING: out-$mode.json is not valid JSON"
done

echo
echo "sales_contact counts:"
echo "| source | mode | added (sqldiff: inserts) | changed (changes) | removed (deletes) | drift | conflicts |"
echo "|---|---|---|---|---|---|---|"
echo "| sqldiff --primarykey --summary | two-way by nature | $s_inserts | $s_changes | $s_deletes | - | - |"
echo "| crmenv diff --stat, ws-2way | three_way=$t2 | $a2 | $c2 | $r2 | $d2 | $x2 |"
echo "| crmenv diff --stat, ws-3way | three_way=$t3 | $a3 | $c3 | $r3 | $d3 | $x3 |"
if [ "$a2 $c2 $r2" = "$s_inserts $s_changes $s_deletes" ]; then
  counts_ok=yes
  echo "two-way counts equal sqldiff's: yes"
else
  counts_ok="**no**"
  echo "two-way counts equal sqldiff's: NO"
fi
echo "json outputs: out-3way.json $(mib "$(file_size "$DIR/out-3way.json")") MiB," \
  "out-2way.json $(mib "$(file_size "$DIR/out-2way.json")") MiB"

table_header
for mode in 3way 2way; do
  label=$([ $mode = 3way ] && echo "three-way (with base)" || echo "two-way (no base)")
  for kind in stat json; do
    k=crmenv-$kind-$mode
    ratio=$(calc "${R_BEST[$k]} / ${R_BEST[sqldiff]}")
    what=$([ $kind = stat ] && echo "diff --stat" || echo "diff --format json > out.json")
    table_row "$what, $label" "$(secs "$k")" "$(secs sqldiff) (sqldiff --primarykey)" \
      "$(fmt2 "$ratio")" "≤ 0.50" "$(verdict "$ratio" "<=" 0.5)" "${R_RSS[$k]} MiB"
  done
done
rss_max=0
for k in crmenv-stat-3way crmenv-json-3way crmenv-stat-2way crmenv-json-2way; do
  rss_max=$(awk -v a="$rss_max" -v b="${R_RSS[$k]}" 'BEGIN{print (b>a)?b:a}')
done
table_row "diff memory (largest of the four)" "$rss_max MiB" "-" "-" "< 64 MiB" \
  "$(verdict "$rss_max" "<" 64)" "$rss_max MiB"
table_row "two-way counts = sqldiff --summary" "$a2 / $c2 / $r2" "$s_inserts / $s_changes / $s_deletes" \
  "-" "equal" "$counts_ok" "-"
echo
echo "sqldiff's max RSS: ${R_RSS[sqldiff]} MiB. CPU (user+sys) of the best runs:" \
  "$(for k in "${keys[@]}"; do printf '%s %s s; ' "$k" "${R_CPU[$k]}"; done)"
print_commands "${keys[@]}"
