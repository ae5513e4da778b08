#!/usr/bin/env bash
# Runs every test of the solution and ends with the plain line "N passed, N failed, N skipped" (CI reads that line).
# First it starts the servers the tests need (tests/start-test-services.sh: PostgreSQL, RabbitMQ, s3rver, Chromium and the committee PDFs' Chinese font, installed from
# Debian's packages, and s3rver from the npm registry, if missing) and tells the tests where they are. A test that needs a server it cannot have is
# skipped and says why; but the run FAILS when anything is skipped that tests/allowed-skips.txt does not list (today
# only the SQL Server container, as no Docker engine exists here), and when `dotnet test` itself failed, so a run that
# lost a server is never green. Arguments go to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")/.."

warn_loudly() {
  {
    echo
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! WARNING: $*"
    echo "!!! The tests that need it will be SKIPPED (each says why in the results)."
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo
  } >&2
}

# --- servers for the tests (a value already in the environment wins, to test against another server) ---
services_warning=
echo "starting the servers the tests need (tests/start-test-services.sh)..."
if ! bash tests/start-test-services.sh; then
  services_warning="tests/start-test-services.sh could not start every server (see its messages above)"
  warn_loudly "$services_warning"
fi
export TRIALSTARTUP_TEST_POSTGRES="${TRIALSTARTUP_TEST_POSTGRES:-Host=127.0.0.1;Port=${TRIALSTARTUP_PG_PORT:-55432};Username=postgres;Database=postgres}"
export TRIALSTARTUP_TEST_RABBITMQ="${TRIALSTARTUP_TEST_RABBITMQ:-host=127.0.0.1;port=5672;username=guest;password=guest;node=${TRIALSTARTUP_RABBITMQ_NODE:-rabbit@localhost}}"
export TRIALSTARTUP_TEST_S3="${TRIALSTARTUP_TEST_S3:-ServiceUrl=http://127.0.0.1:${TRIALSTARTUP_S3_PORT:-4568};Bucket=trialstartup-tests;AccessKey=S3RVER;SecretKey=S3RVER}"
export TRIALSTARTUP_TEST_CHROMIUM="${TRIALSTARTUP_TEST_CHROMIUM:-/usr/bin/chromium}"

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
  # xunit's skipped tests are results with outcome "NotExecuted" (its Counters leave notExecuted at 0).
  s=$(grep -c '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
files=("$results"/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test results were written: the build or the test host failed (dotnet test exited $status)" >&2
  failed=$((failed + 1))
fi
[ -n "$services_warning" ] && echo "WARNING: $services_warning; tests that need a server were skipped" >&2

unexpected=0
if [ "$skipped" -gt 0 ]; then
  echo "$skipped skipped, for these reasons:"
  # The reason of each skipped result is the first <Message> after its <UnitTestResult ... outcome="NotExecuted">.
  awk '/<UnitTestResult / { skip = /outcome="NotExecuted"/ }
       skip && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print; skip = 0 }' "${files[@]}" |
    sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | sort | uniq -c | sed 's/^ */  /'

  # Every skipped test must be allowed by a line of tests/allowed-skips.txt (the start of its full name).
  mapfile -t allowed < <(sed 's/#.*//; s/[[:space:]]*$//' tests/allowed-skips.txt | grep -v '^$')
  while IFS= read -r name; do
    ok=
    for prefix in "${allowed[@]}"; do
      [[ "$name" == "$prefix"* ]] && ok=1 && break
    done
    if [ -z "$ok" ]; then
      [ "$unexpected" -eq 0 ] && echo "SKIPPED BUT NOT ALLOWED (tests/allowed-skips.txt): a server or browser the suite needs was missing:" >&2
      echo "  $name" >&2
      unexpected=$((unexpected + 1))
    fi
  done < <(grep -ho '<UnitTestResult [^>]*outcome="NotExecuted"' "${files[@]}" | sed 's/.* testName="\([^"]*\)".*/\1/' |
    sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')
fi
[ "$status" -ne 0 ] && echo "dotnet test exited $status" >&2
[ "$unexpected" -gt 0 ] && echo "$unexpected tests were skipped that may not be: the run fails (see the reasons above)" >&2
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$unexpected" -eq 0 ]
