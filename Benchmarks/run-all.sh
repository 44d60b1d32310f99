#!/usr/bin/env bash
# Runs every benchmark in turn and keeps each one's printed results in
# $BENCH_DATA/results/<name>.txt (default /work/bench-data/results). The data is generated on
# the first run (about 2 minutes for the 1,000,000-contact LIVE) and reused after.
#
#   Benchmarks/run-all.sh                 # all four
#   Benchmarks/run-all.sh diff snapshot   # some
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(import snapshot diff promote)
mkdir -p "$DATA/results"
build_crmenv
export SKIP_BUILD=1 # the scripts use the binary just built
status=0
for name in "${names[@]}"; do
  echo "=== $name" >&2
  if ! bash "$BENCH_DIR/$name.sh" 2> >(tee "$DATA/results/$name.log" >&2) \
    | tee "$DATA/results/$name.txt"; then
    echo "=== $name FAILED (see $DATA/results/$name.log)" >&2
    status=1
  fi
done
echo "results: $DATA/results/" >&2
exit $status
