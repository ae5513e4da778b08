#!/usr/bin/env bash
# The runs of benchmarks/README.md, "Turnaround timers (issue 5)", one after the other (each creates and drops its own
# database), into /tmp/deadline-bench.log. Phase (A), the engine path, takes most of each run's time (the last run
# starts 10,000 projects). Firing settings: the product's defaults (add --firing-batch/--firing-concurrency/--firing-runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/TrialStartup.Worker
dotnet build -c Release benchmarks/TrialStartup.DeadlineBench
run() { echo "=== deadlines $*" | tee -a /tmp/deadline-bench.log
        dotnet run -c Release --no-build --project benchmarks/TrialStartup.DeadlineBench -- deadlines "$@" 2>&1 | tee -a /tmp/deadline-bench.log; }
run --projects 2000 --open 100000 --window-s 0    # 3,600 measured deadlines due at one instant (a local midnight): one job
run --projects 2000 --open 100000 --window-s 120  # the same spread evenly over two minutes (30 a second): one job per second
run --projects 2000 --open 4000 --direct-concurrency 8   # no Workers: the bench runs FireAllDueAsync itself, 8 at a time (the cost without Hangfire)
run --projects 10000 --open 100000 --window-s 0   # heavier: 20,000 due at one instant (19,600 measured after the warm-up)
