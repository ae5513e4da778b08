#!/usr/bin/env bash
# Runs every test of the solution and ends with the plain line "N passed, N failed" (CI reads that line).
# The engine's tests need no server. When tests that need PostgreSQL or RabbitMQ arrive, this script starts
# them first (see shared/reference/start-test-services.sh for the way that works on these machines).
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
dotnet test TrialStartup.sln --configuration Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  # <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted=".." />
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
files=("$results"/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test results were written: the build or the test host failed (dotnet test exited $status)" >&2
  failed=$((failed + 1))
fi
[ "$skipped" -gt 0 ] && echo "$skipped skipped (each says why in the results)"
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
