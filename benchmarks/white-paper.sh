#!/usr/bin/env bash
# The white paper's cost against a running Release host on the embedded default (SQLite): the load program first
# activates PROJECTS sites (its standard paths, all today), then the demo authority's region paper (every site of the
# three demo hospitals) and one institution's paper are asked for, each format twice, and timed with curl. The
# region's JSON is made from the data on every request, so the second ask costs what the first does, minus the JIT.
#
#   PROJECTS=300 benchmarks/white-paper.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-5090}
PROJECTS=${PROJECTS:-300}
WARMUP=0
HOST_WARMUP=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trialstartup-white-paper.XXXXXX")
API="$ROOT/src/TrialStartup.Api/bin/Release/net10.0/TrialStartup.Api.dll"
LOADTEST="$ROOT/benchmarks/TrialStartup.LoadTest/bin/Release/net10.0/TrialStartup.LoadTest.dll"
source "$ROOT/benchmarks/TrialStartup.LoadTest/hosts.sh"
trap stop_all_hosts EXIT

dotnet build -c Release "$ROOT/src/TrialStartup.Api" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/benchmarks/TrialStartup.LoadTest" -v quiet -nologo >/dev/null
start_host sqlite "$PORT" "$API"
load sqlite 8 >"$WORK/load.txt"
grep -E "paths|errors" "$WORK/load.txt" | head -3 || true

token() { # token EMAIL: a demo person's access token (the README's password grant)
  curl -s "http://127.0.0.1:$PORT/connect/token" -d grant_type=password -d client_id=trialstartup-cli -d username="$1" \
    -d password=Demo-Password-2026 -d scope=api | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4
}

year=$(date -u +%Y)
for who in authority-analyst@demo-nhc.demo office-head@bj-lead.demo; do
  bearer=$(token "$who")
  activated=$(curl -s -H "Authorization: Bearer $bearer" "http://127.0.0.1:$PORT/api/v1/white-papers/$year" \
    | grep -o '"activated": *[0-9]*' | head -1 | grep -o '[0-9]*$')
  echo "=== $who: $activated sites activated in $year"
  for format in json json html pdf pdf; do
    curl -s -o "$WORK/paper.$format" -w "$format: %{time_total} s, %{size_download} bytes\n" -H "Authorization: Bearer $bearer" \
      "http://127.0.0.1:$PORT/api/v1/white-papers/$year?format=$format"
  done
done
rm -rf "$WORK"
