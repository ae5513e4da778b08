#!/usr/bin/env bash
# Runs the load program the way benchmarks/README.md reports it: the Release host on SQLite, then on PostgreSQL, at
# concurrency 1, 8 and 32, then pgbench on the same PostgreSQL server for the database's own ceiling. Each host runs
# from a fresh temporary folder and is stopped afterwards; the `load` and `bench` databases are dropped at the end.
#
#   benchmarks/TrialStartup.LoadTest/measure.sh                 # everything
#   PROJECTS=400 HOST_WARMUP=500 CONCURRENCY="1 8 32" benchmarks/TrialStartup.LoadTest/measure.sh sqlite
#   SIGNERS=people benchmarks/TrialStartup.LoadTest/measure.sh postgres   # decisions signed with passwords
#
# The institutions' systems (API clients) sign the decisions by default; SIGNERS=people has the people sign them with
# their passwords (a PBKDF2 hash per decision on the host).
#
# Needs a PostgreSQL server (tests/start-test-services.sh starts one on 127.0.0.1:55432), psql and pgbench.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONCURRENCY=${CONCURRENCY:-1 8 32}
PORT=${PORT:-5080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-55432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trialstartup-load.XXXXXX")
API="$ROOT/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll"
LOADTEST="$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll"
# start_host, stop_host, warm, load (and the PROJECTS, WARMUP, HOST_WARMUP defaults)
source "$ROOT/benchmarks/TrialStartup.LoadTest/hosts.sh"
trap stop_all_hosts EXIT

dotnet build -c Release "$ROOT/benchmarks/TrialStartup.LoadTest" -v quiet -nologo >/dev/null
echo "=== signers: $SIGNERS"

what=${1:-all}
if [ "$what" = all ] || [ "$what" = sqlite ]; then
  start_host sqlite "$PORT" "$API"
  echo "=== sqlite: ready ${HOST_READY[sqlite]} s after start"
  warm sqlite
  for c in $CONCURRENCY; do load sqlite "$c"; done
  stop_host sqlite
fi

if [ "$what" = all ] || [ "$what" = postgres ]; then
  psql -q -d postgres -c "drop database if exists load" -c "create database load"
  conn="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=load"
  start_host postgres "$PORT" "$API" TrialStartup__Database__Provider=postgres TrialStartup__Database__ConnectionString="$conn"
  echo "=== postgres: ready ${HOST_READY[postgres]} s after start"
  warm postgres
  for c in $CONCURRENCY; do load postgres "$c" --pg-stats "$conn"; done
  stop_host postgres
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
