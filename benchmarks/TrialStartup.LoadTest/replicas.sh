#!/usr/bin/env bash
# How far the Api scales out on one PostgreSQL database (issue 16): the load program against one Api replica, then
# against two replicas of the same installation with the requests alternating between them (as a round-robin load
# balancer sends them), in the same run. Each replica is warmed up alone first, then measured.
#
#   benchmarks/TrialStartup.LoadTest/replicas.sh
#   PROJECTS=400 CONCURRENCY="8 16 32" benchmarks/TrialStartup.LoadTest/replicas.sh
#
# The replicas share the database and a data folder (the dossier's folder store on one machine stands in for a shared
# volume or a bucket; the paths upload nothing big), and name one issuer, so each accepts the other's tokens. Needs a
# PostgreSQL server (tests/start-test-services.sh postgres) and psql.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONCURRENCY=${CONCURRENCY:-8 16}
PORT=${PORT:-5080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-55432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trialstartup-replicas.XXXXXX")
API="$ROOT/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll"
LOADTEST="$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll"
source "$ROOT/benchmarks/TrialStartup.LoadTest/hosts.sh"
trap 'stop_all_hosts; psql -q -d postgres -c "drop database if exists replicas with (force)" || true' EXIT

dotnet build -c Release "$ROOT/benchmarks/TrialStartup.LoadTest" -v quiet -nologo >/dev/null
psql -q -d postgres -c "drop database if exists replicas" -c "create database replicas"
conn="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=replicas"
shared=(TrialStartup__Database__Provider=postgres TrialStartup__Database__ConnectionString="$conn"
        TrialStartup__Identity__Issuer=http://trialstartup.bench/ TrialStartup__DataFolder="$WORK/shared-data")
echo "=== signers: $SIGNERS"

start_host api1 "$PORT" "$API" "${shared[@]}"
echo "=== api1: ready ${HOST_READY[api1]} s after start"
warm api1
for c in $CONCURRENCY; do load api1 "$c" --pg-stats "$conn"; done

start_host api2 "$((PORT + 1))" "$API" "${shared[@]}"
echo "=== api2: ready ${HOST_READY[api2]} s after start (on the migrated database)"
warm api2
for c in $CONCURRENCY; do
  echo "=== two replicas, concurrency $c"
  dotnet "$LOADTEST" --url "http://127.0.0.1:${HOST_PORT[api1]}" --url "http://127.0.0.1:${HOST_PORT[api2]}" \
    --projects "$PROJECTS" --warmup "$WARMUP" --concurrency "$c" --signers "$SIGNERS" \
    --host-pid "${HOST_PID[api1]}" --host-pid "${HOST_PID[api2]}" --pg-stats "$conn" || true
done

rm -rf "$WORK"
