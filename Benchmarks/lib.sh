# Shared by the benchmark scripts: paths, the release build, the machine's description, the
# measuring loop and the result table. Sourced, not run.
#
# Settings (environment):
#   BENCH_DATA  where data, workspaces and outputs go (default /work/bench-data; never inside
#               the repository)
#   RUNS        measured runs per command (default 3); the table shows the best and the median
#   CONTACTS    LIVE's sales contacts for snapshot/diff/promote (default 1000000)
#   QUIET_WAIT  seconds to wait at most for the machine to go idle before a run (default 900)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
DATA=${BENCH_DATA:-/work/bench-data}
RUNS=${RUNS:-3}
CONTACTS=${CONTACTS:-1000000}
QUIET_WAIT=${QUIET_WAIT:-900}
# The benchmarks run a copy of the release build, so that a rebuild in the work tree during a
# run cannot change the binary under them.
CRMENV=$DATA/bin/crmenv
MAKE_DATA="python3 $BENCH_DIR/make-data.py"

case "$DATA/" in
  "$REPO"/*) echo "BENCH_DATA must be outside the repository ($REPO)" >&2; exit 64 ;;
esac
mkdir -p "$DATA"

note() { printf '%s\n' "$*" >&2; }

# The release build, copied to $CRMENV. A build can fail with "modified during the build"
# while someone edits the sources; that is retried. SKIP_BUILD=1 uses the copy already there
# (run-all.sh builds once, so that all four scripts run the same binary).
build_crmenv() {
  local log=$DATA/build.log attempt
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -x "$CRMENV" ]; then
    return 0
  fi
  mkdir -p "$DATA/bin"
  for attempt in 1 2 3 4 5 6; do
    note "building: swift build -c release (attempt $attempt)"
    if (cd "$REPO" && swift build -c release) >"$log" 2>&1; then
      cp "$REPO/.build/release/crmenv" "$CRMENV.new"
      mv -f "$CRMENV.new" "$CRMENV"
      rm -rf "$DATA/bin/"*.resources
      cp -a "$REPO/.build/release/"*.resources "$DATA/bin/" 2>/dev/null || true
      note "built $REPO/.build/release/crmenv, copied to $CRMENV"
      return 0
    fi
    if grep -q "modified during the build\|Another instance of SwiftPM" "$log"; then
      sleep 20
      continue
    fi
    cat "$log" >&2
    return 1
  done
  cat "$log" >&2
  return 1
}

machine_info() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- \
    | sed 's/^ *//'), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(. /etc/os-release \
    && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "tools: $(swift --version 2>/dev/null | head -1); sqlite3 $(sqlite3 --version \
    | cut -d' ' -f1); $(gzip --version | head -1)"
  echo "crmenv: $CRMENV (a copy of .build/release/crmenv from swift build -c release at" \
    "$(date -u -r "$CRMENV" '+%Y-%m-%d %H:%M UTC'), sha256 $(sha256sum "$CRMENV" | cut -c1-12))"
  echo "method: each command run $RUNS times with warm page cache, after 'sync' and after" \
    "waiting for the machine to be idle; time = wall clock; best and median shown; ratios" \
    "use the best of each; memory = max RSS (/usr/bin/time -v) over the runs."
}

# The CPU time (seconds, all cores) the machine spent busy, from /proc/stat.
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu /{print ($2+$3+$4+$7+$8+$9)/hz; exit}' /proc/stat
}

# Waits until the machine is idle (under 10% of one core over 2 s), at most QUIET_WAIT s.
wait_quiet() {
  local waited=0 a b busy
  while :; do
    a=$(busy_seconds); sleep 2; b=$(busy_seconds)
    busy=$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%d", (b-a)/2*100}')
    if [ "$busy" -lt 10 ]; then
      [ "$waited" -gt 0 ] && note "  (waited ${waited}s for the machine to go idle)"
      return 0
    fi
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      note "  (machine still busy (${busy}% of a core) after ${waited}s; measuring anyway)"
      return 0
    fi
    waited=$((waited + 2))
  done
}

declare -A R_BEST R_MED R_RSS R_CPU R_ALL R_CMD R_DISCARDED

# measure KEY PREP CMD
#   Runs the shell snippet PREP (untimed, may be empty), then CMD under /usr/bin/time -v,
#   RUNS times. A run during which other processes used more than 10% of the run's time
#   in CPU (someone else's build or tests) is discarded and repeated, up to 4 times per run.
#   Sets R_BEST, R_MED (seconds), R_RSS (MiB, the largest), R_CPU (user+sys of the best run),
#   R_ALL (every kept time), R_DISCARDED, R_CMD.
measure() {
  local key=$1 prep=$2 cmd=$3
  local times=() shown=() rss_max=0 cpu_best="" best="" tries discarded=0 run mark
  local tv=$DATA/.time.$$ err=$DATA/.stderr.$$
  R_CMD[$key]=$cmd
  note "measuring $key: $cmd"
  for ((run = 1; run <= RUNS; run++)); do
    for ((tries = 1; ; tries++)); do
      mark=""
      if [ -n "$prep" ]; then
        bash -c "$prep" >/dev/null 2>"$err" || { cat "$err" >&2; note "prep failed: $prep"; return 1; }
      fi
      sync
      wait_quiet
      local b0 b1 t0 t1 wall cpu rss other
      b0=$(busy_seconds)
      t0=$(date +%s.%N)
      if ! /usr/bin/time -v -o "$tv" bash -c "$cmd" >/dev/null 2>"$err"; then
        note "FAILED ($key): $cmd"
        cat "$err" >&2
        tail -n 25 "$tv" >&2
        R_BEST[$key]=FAILED
        return 1
      fi
      t1=$(date +%s.%N)
      b1=$(busy_seconds)
      wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
      cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$tv")
      rss=$(awk -F': ' '/Maximum resident set size/{printf "%.1f", $2/1024}' "$tv")
      other=$(awk -v a="$b0" -v b="$b1" -v c="$cpu" 'BEGIN{printf "%.2f", (b-a)-c}')
      if awk -v o="$other" -v w="$wall" 'BEGIN{exit !(o > 0.1*w + 0.3)}'; then
        if [ "$tries" -le 4 ]; then
          note "  run $run: ${wall}s — discarded: other processes used ${other}s of CPU meanwhile"
          discarded=$((discarded + 1))
          continue
        fi
        mark="*" # kept after 4 retries, disturbed all the same
      fi
      note "  run $run: ${wall}s, cpu ${cpu}s, max RSS ${rss} MiB (others' CPU ${other}s)"
      break
    done
    times+=("$wall")
    shown+=("$wall$mark")
    rss_max=$(awk -v a="$rss_max" -v b="$rss" 'BEGIN{print (b>a)?b:a}')
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$wall; cpu_best=$cpu
    fi
  done
  rm -f "$tv" "$err"
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  R_BEST[$key]=$(echo "$sorted" | head -1)
  R_MED[$key]=$(echo "$sorted" | sed -n "$(((${#times[@]} + 1) / 2))p")
  R_RSS[$key]=$rss_max
  R_CPU[$key]=$cpu_best
  R_ALL[$key]=$(echo "${shown[*]}")
  R_DISCARDED[$key]=$discarded
}

# calc EXPRESSION: floating-point arithmetic.
calc() { awk "BEGIN{printf \"%.3f\", $1}"; }
fmt2() { awk -v x="$1" 'BEGIN{printf "%.2f", x}'; }

# "best / median s" for a key.
secs() { echo "$(fmt2 "${R_BEST[$1]}") / $(fmt2 "${R_MED[$1]}") s"; }

# verdict VALUE OP TARGET: "yes" or "**no**".
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN{
  ok = (op=="<=") ? v<=t : (op==">=") ? v>=t : (op=="<") ? v<t : v>t;
  print ok ? "yes" : "**no**" }'; }

table_header() {
  echo
  echo "| measurement | crmenv (best / median) | peer (best / median) | ratio | target | met | crmenv max RSS |"
  echo "|---|---|---|---|---|---|---|"
}

table_row() { # name crmenv peer ratio target met rss
  echo "| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"
}

# The commands, exactly as run.
print_commands() {
  local key
  echo
  echo "commands (prep steps between runs are untimed):"
  for key in "$@"; do
    echo "  $key: ${R_CMD[$key]}"
  done
  echo
  echo "every run (s):"
  for key in "$@"; do
    echo "  $key: ${R_ALL[$key]}  (discarded as disturbed: ${R_DISCARDED[$key]})"
  done
  echo "  (* = kept although other processes used more than 10% of its time in CPU)"
}

# A pristine workspace whose LIVE holds CONTACTS contacts: $DATA/ws-$CONTACTS (never modified
# by the benchmarks: each copies it).
ensure_base_workspace() {
  BASE_WS=$DATA/ws-$CONTACTS
  if [ ! -f "$BASE_WS.done" ]; then
    rm -rf "$BASE_WS"
    note "generating $BASE_WS ($CONTACTS contacts)"
    $MAKE_DATA workspace "$BASE_WS" --contacts "$CONTACTS" --crmenv "$CRMENV" >&2
    touch "$BASE_WS.done"
  fi
}

# copy_workspace TARGET: a fresh copy of the pristine workspace.
copy_workspace() {
  rm -rf "$1"
  cp -a "$BASE_WS" "$1"
}

mib() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1048576}'; }
file_size() { stat -c %s "$1"; }
