#!/usr/bin/env bash
# The write path's benchmark (issue 15): the load program against the Release host on PostgreSQL at concurrency 8 and
# 32 and on the embedded SQLite default at concurrency 8, pgbench -N on the same PostgreSQL server for the database's
# own ceiling, and each host's readiness time, all in one run; a Markdown table at the end, and as the last line the
# ratio requests/s ÷ pgbench -N tps of the working tree's build on PostgreSQL at concurrency 8. It exits 1 (after the
# table) when any row had wrong answers, failed projects or no report.
#
#   benchmarks/compare.sh                          # the working tree only
#   benchmarks/compare.sh main                     # main (the baseline) and the working tree, alternating
#   PROJECTS=30 HOST_WARMUP=50 benchmarks/compare.sh main      # a quick check that everything runs
#
# With BASELINE_REF (any git ref or commit), that ref's Api host is built (Release) in a temporary `git worktree` and
# both builds are measured in the same run, row by row in turn (baseline pg c8, current pg c8, baseline pg c32, …), so
# that other load on the machine hits both alike. Both builds are driven by the working tree's load program: one client,
# so the hosts are the only difference (the load program must therefore accept both builds' answers).
#
# Every host starts from a fresh temporary data folder (and, on PostgreSQL, a fresh database of its own), runs
# HOST_WARMUP unreported paths, and stays up for all its rows; the two builds' hosts run side by side on PORT and
# PORT+1. Readiness is the time from the host process's start to the first 200 of /health/ready: from a fresh folder
# (migrations and the demo seed included) and again when the SQLite host restarts on its filled folder.
#
# Knobs (environment): PROJECTS (measured paths per row, 200), WARMUP (unreported paths before each row, 20),
# HOST_WARMUP (unreported paths after each host's start, 500), PORT (5080), PGHOST/PGPORT/PGUSER (127.0.0.1, 55432,
# postgres: tests/start-test-services.sh starts that server), PGBENCH_SECONDS (20), KEEP_WORK=1 keeps the temporary
# folder (host logs, every row's full report), SIGNERS (systems: each institution's API client sends its requests and
# signs the decisions with a printed name, so the rows measure the write path; people: the institutions' people sign
# with their passwords, one PBKDF2 hash per decision). Needs the .NET SDK, git, curl, psql and pgbench.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASELINE_REF=${1:-}
PORT=${PORT:-5080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-55432}
PGUSER=${PGUSER:-postgres}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
export PGHOST PGPORT PGUSER
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trialstartup-compare.XXXXXX")
LOADTEST="$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll"
# start_host, stop_host, stop_all_hosts, warm, load (and the PROJECTS, WARMUP, HOST_WARMUP defaults)
source "$ROOT/benchmarks/TrialStartup.LoadTest/hosts.sh"
RUN_STARTED=$(date +%s)
DATABASES=()
BASELINE_SRC=

cleanup() {
  stop_all_hosts
  local db
  for db in "${DATABASES[@]}"; do psql -q -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true; done
  if [ -n "$BASELINE_SRC" ]; then git -C "$ROOT" worktree remove --force "$BASELINE_SRC" >/dev/null 2>&1 || true; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

build() { # build LABEL PROJECT...: Release builds; the log is shown only when one fails
  local label=$1; shift
  local project
  for project in "$@"; do
    if ! dotnet build -c Release "$project" -nologo -v quiet >"$WORK/build-$label.log" 2>&1; then
      tail -30 "$WORK/build-$label.log" >&2
      echo "the $label build of $project failed" >&2
      return 1
    fi
  done
}

# --- Builds -------------------------------------------------------------------------------------------------------
declare -A API=() LABEL=() PORT_OF=()
changes=
[ -z "$(git -C "$ROOT" status --porcelain)" ] || changes=' + uncommitted changes'
LABEL[current]="working tree ($(git -C "$ROOT" rev-parse --short HEAD)$changes)"
echo "=== signers: $SIGNERS"
echo "=== building the working tree (Release)"
build current "$ROOT/src/TrialStartup.Api" "$ROOT/benchmarks/TrialStartup.LoadTest"
API[current]="$ROOT/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll"
if [ -n "$BASELINE_REF" ]; then
  commit=$(git -C "$ROOT" rev-parse --verify --quiet "$BASELINE_REF^{commit}") || { echo "no such commit: $BASELINE_REF" >&2; exit 2; }
  BASELINE_SRC="$WORK/baseline-src"
  echo "=== building $BASELINE_REF (${commit:0:7}) in a temporary worktree (Release)"
  git -C "$ROOT" worktree add --detach "$BASELINE_SRC" "$commit" >/dev/null 2>&1
  build baseline "$BASELINE_SRC/src/TrialStartup.Api"
  API[baseline]="$BASELINE_SRC/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll"
  LABEL[baseline]="$BASELINE_REF (${commit:0:7})"
  BUILDS=(baseline current)
else
  BUILDS=(current)
fi
PORT_OF[baseline]=$PORT
PORT_OF[current]=$((PORT + 1))
mkdir -p "$WORK/out"

# --- PostgreSQL: both builds' hosts side by side, each on a database of its own, rows in turn ------------------------
declare -A CONN=()
for b in "${BUILDS[@]}"; do
  db="ts_compare_${b}_$$"
  psql -q -d postgres -c "drop database if exists $db" -c "create database $db"
  DATABASES+=("$db")
  CONN[$b]="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$db"
  start_host "$b-pg" "${PORT_OF[$b]}" "${API[$b]}" TrialStartup__Database__Provider=postgres \
    TrialStartup__Database__ConnectionString="${CONN[$b]}"
  echo "=== $b-pg: ready ${HOST_READY[$b-pg]} s after start (${HOST_READY_CPU[$b-pg]} s of CPU)"
done
for b in "${BUILDS[@]}"; do warm "$b-pg"; done
for c in 8 32; do
  for b in "${BUILDS[@]}"; do
    load "$b-pg" "$c" --pg-stats "${CONN[$b]}" | tee "$WORK/out/$b-pg-c$c.txt"
  done
done
for b in "${BUILDS[@]}"; do stop_host "$b-pg"; done

# --- pgbench -N on the same server, the hosts stopped ----------------------------------------------------------------
bench="ts_compare_pgbench_$$"
psql -q -d postgres -c "drop database if exists $bench" -c "create database $bench"
DATABASES+=("$bench")
pgbench -q -i -s 10 "$bench" >"$WORK/pgbench-init.log" 2>&1
echo "=== pgbench simple-update (-N), 8 clients, $PGBENCH_SECONDS s"
pgbench -c 8 -j 2 -T "$PGBENCH_SECONDS" -N "$bench" 2>&1 | tee "$WORK/out/pgbench.txt" | grep -E "^tps|latency average"
TPS=$(awk '/^tps/ { printf "%.0f", $3; exit }' "$WORK/out/pgbench.txt")

# --- The embedded SQLite default: both builds' hosts side by side, concurrency 8 -------------------------------------
for b in "${BUILDS[@]}"; do
  start_host "$b-sqlite" "${PORT_OF[$b]}" "${API[$b]}"
  echo "=== $b-sqlite: ready ${HOST_READY[$b-sqlite]} s after start, fresh folder (${HOST_READY_CPU[$b-sqlite]} s of CPU)"
done
for b in "${BUILDS[@]}"; do warm "$b-sqlite"; done
for b in "${BUILDS[@]}"; do
  load "$b-sqlite" 8 | tee "$WORK/out/$b-sqlite-c8.txt"
done
for b in "${BUILDS[@]}"; do stop_host "$b-sqlite"; done
# Readiness again on the filled folder: no migration, no seed; what a restart of the embedded default costs.
for b in "${BUILDS[@]}"; do
  start_host "$b-sqlite-restart" "${PORT_OF[$b]}" "${API[$b]}" TrialStartup__DataFolder="$WORK/$b-sqlite/data"
  echo "=== $b-sqlite: ready ${HOST_READY[$b-sqlite-restart]} s after a restart (${HOST_READY_CPU[$b-sqlite-restart]} s of CPU)"
  stop_host "$b-sqlite-restart"
done

# --- The table ----------------------------------------------------------------------------------------------------
row_value() { # row_value FILE WHAT: one figure of a load report, or – when it is not there
  local file=$1 what=$2 v=
  [ -f "$file" ] || { echo "–"; return; }
  case $what in
    rps) v=$(awk '/^all requests / { print $4 }' "$file") ;;
    errors) v=$(awk '/^all requests / { print $9 }' "$file") ;;
    p50) v=$(awk '/^all decisions / { print $5 }' "$file") ;;
    p99) v=$(awk '/^all decisions / { print $7 }' "$file") ;;
    failed) v=$(sed -n 's/^projects: .* \([0-9][0-9]*\) failed.*/\1/p' "$file") ;;
    commits) v=$(sed -n 's/^postgres: .*(\([0-9.]*\) per project)$/\1/p' "$file") ;;
    host) v=$(sed -n 's/^cpu: host .*, \([0-9.]*\) ms per request.*/\1/p' "$file") ;;
    pgcpu) v=$(sed -n 's/^cpu: postgres .*, \([0-9.]*\) ms per request.*/\1/p' "$file") ;;
    other) v=$(sed -n 's/^cpu: other *\([0-9.]*\) cores.*/\1/p' "$file") ;;
  esac
  echo "${v:-–}"
}

ratio() { # ratio REQUESTS_PER_SECOND: ÷ pgbench -N tps, three decimals
  awk -v r="$1" -v t="${TPS:-0}" 'BEGIN { if (r + 0 > 0 && t + 0 > 0) printf "%.3f", r / t; else printf "–" }'
}

elapsed=$(( $(date +%s) - RUN_STARTED ))
echo
echo "## benchmarks/compare.sh ${BASELINE_REF} — signers: $SIGNERS — $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, ${elapsed} s"
echo
for b in "${BUILDS[@]}"; do echo "- $b: ${LABEL[$b]}"; done
echo "- $PROJECTS measured projects per row (×14 requests) after $WARMUP unreported ones; each host warmed with $HOST_WARMUP paths"
if [ "$SIGNERS" = systems ]; then
  echo "- signers: systems (SIGNERS=systems): one API client per institution and run sends its requests and signs with a printed name (no password hash)"
else
  echo "- signers: people (SIGNERS=people): the institutions' people send their requests and sign each decision with their password (PBKDF2)"
fi
echo "- pgbench -N (scale 10, 8 clients, 2 threads, $PGBENCH_SECONDS s) on the same server: ${TPS:-–} tps"
echo
echo "| build | database | concurrency | requests/s | decisions p50 ms | decisions p99 ms | PostgreSQL commits per project | host CPU ms per request | PostgreSQL CPU ms per request | requests/s ÷ pgbench -N tps | errors / failed projects | other processes, cores |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
BAD_ROWS=()
for row in pg:8 pg:32 sqlite:8; do
  kind=${row%:*} c=${row#*:}
  for b in "${BUILDS[@]}"; do
    f="$WORK/out/$b-$kind-c$c.txt"
    rps=$(row_value "$f" rps)
    # A row with wrong answers, failed paths or no report at all measured something else than the write path.
    case "$(row_value "$f" errors) $(row_value "$f" failed)" in
      "0 0") ;;
      *) BAD_ROWS+=("$b $kind c$c") ;;
    esac
    if [ "$kind" = pg ]; then name=PostgreSQL commits=$(row_value "$f" commits) pgcpu=$(row_value "$f" pgcpu)
    else name="SQLite (embedded)" commits="–" pgcpu="–"; fi
    echo "| $b | $name | $c | $rps | $(row_value "$f" p50) | $(row_value "$f" p99) | $commits | $(row_value "$f" host) | $pgcpu | $(ratio "$rps") | $(row_value "$f" errors) / $(row_value "$f" failed) | $(row_value "$f" other) |"
  done
done
echo
ready() { echo "${HOST_READY[$1]:-–} (${HOST_READY_CPU[$1]:-–})"; }
echo "| build | ready s (host CPU s): SQLite, fresh folder | SQLite, restart | PostgreSQL, fresh database |"
echo "|---|---:|---:|---:|"
for b in "${BUILDS[@]}"; do
  echo "| $b | $(ready "$b-sqlite") | $(ready "$b-sqlite-restart") | $(ready "$b-pg") |"
done
echo
echo "ratio requests/s / pgbench -N tps (postgres, concurrency 8): $(ratio "$(row_value "$WORK/out/current-pg-c8.txt" rps)")"
if [ "${#BAD_ROWS[@]}" -gt 0 ]; then
  echo "compare.sh: rows with errors, failed projects or no report: ${BAD_ROWS[*]} (see each row's report above); exit 1" >&2
  exit 1
fi
