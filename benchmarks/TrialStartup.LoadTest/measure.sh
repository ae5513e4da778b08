#!/usr/bin/env bash
# Runs the load program the way benchmarks/README.md reports it: the Release host on SQLite, then on PostgreSQL, at
# concurrency 1, 8 and 32, then pgbench on the same PostgreSQL server for the database's own ceiling. Each host runs
# from a fresh temporary folder and is stopped afterwards; the `load` and `bench` databases are dropped at the end.
#
#   benchmarks/TrialStartup.LoadTest/measure.sh                 # everything
#   PROJECTS=400 HOST_WARMUP=500 CONCURRENCY="1 8 32" benchmarks/TrialStartup.LoadTest/measure.sh sqlite
#
# Needs a PostgreSQL server (tests/start-test-services.sh starts one on 127.0.0.1:55432), psql and pgbench.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROJECTS=${PROJECTS:-200}
WARMUP=${WARMUP:-20}
# A fresh host keeps recompiling hot code (tiered JIT, dynamic PGO) for several hundred paths; before that its CPU
# per request is up to twice the steady state's, so each host first runs this many unreported paths.
HOST_WARMUP=${HOST_WARMUP:-500}
CONCURRENCY=${CONCURRENCY:-1 8 32}
PORT=${PORT:-5080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-55432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trialstartup-load.XXXXXX")
HOST_PID=

stop_host() {
  if [ -n "$HOST_PID" ] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill "$HOST_PID" && wait "$HOST_PID" 2>/dev/null || true
  fi
  HOST_PID=
}
trap stop_host EXIT

start_host() { # start_host NAME [ENV=VALUE ...]
  local name=$1; shift
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && env TrialStartup__DataFolder="$WORK/$name/data" TrialStartup__SeedDemoData=true "$@" \
     dotnet "$ROOT/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll" --urls "http://127.0.0.1:$PORT" \
     >"$WORK/$name/host.log" 2>&1) &
  HOST_PID=$!
  # The subshell's child is the host; report the host's own pid so its CPU is measured, not the subshell's.
  sleep 1
  HOST_PID=$(pgrep -P "$HOST_PID" dotnet || echo "$HOST_PID")
  for _ in $(seq 60); do
    curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && return 0
    sleep 1
  done
  echo "host $name did not become ready; see $WORK/$name/host.log" >&2
  return 1
}

warm() { # warm NAME: unreported paths until the host's code is fully optimised
  echo "=== $1: warming the host up with $HOST_WARMUP paths (not reported)"
  dotnet "$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll" --url "http://127.0.0.1:$PORT" \
    --data-folder "$WORK/$1/data" --projects "$HOST_WARMUP" --warmup 0 --concurrency 8 >/dev/null || true
}

load() { # load NAME CONCURRENCY [extra args]
  local name=$1 c=$2; shift 2
  echo "=== $name, concurrency $c"
  dotnet "$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll" --url "http://127.0.0.1:$PORT" \
    --data-folder "$WORK/$name/data" --projects "$PROJECTS" --warmup "$WARMUP" --concurrency "$c" --host-pid "$HOST_PID" "$@" || true
}

dotnet build -c Release "$ROOT/benchmarks/TrialStartup.LoadTest" -v quiet -nologo >/dev/null

what=${1:-all}
if [ "$what" = all ] || [ "$what" = sqlite ]; then
  start_host sqlite
  warm sqlite
  for c in $CONCURRENCY; do load sqlite "$c"; done
  stop_host
fi

if [ "$what" = all ] || [ "$what" = postgres ]; then
  psql -q -d postgres -c "drop database if exists load" -c "create database load"
  conn="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=load"
  start_host postgres TrialStartup__Database__Provider=postgres TrialStartup__Database__ConnectionString="$conn"
  warm postgres
  for c in $CONCURRENCY; do load postgres "$c" --pg-stats "$conn"; done
  stop_host
  psql -q -d postgres -c "drop database load with (force)"
fi

if [ "$what" = all ] || [ "$what" = pgbench ]; then
  psql -q -d postgres -c "drop database if exists bench" -c "create database bench"
  pgbench -q -i -s 10 bench
  echo "=== pgbench TPC-B-like, 8 clients";   pgbench -c 8 -j 2 -T 20 bench | grep -E "tps|latency average"
  echo "=== pgbench simple-update (-N), 8 clients"; pgbench -c 8 -j 2 -T 20 -N bench | grep -E "tps|latency average"
  psql -q -d postgres -c "drop database bench with (force)"
fi

rm -rf "$WORK"
