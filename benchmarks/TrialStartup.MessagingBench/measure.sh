#!/usr/bin/env bash
# Runs the figures of benchmarks/README.md, "Messaging (issue 4)": the raw RabbitMQ rate twice, then the green channel
# (20 × 50 on two Workers and on one, twice each; 5 × 20; poll 100 ms; limit 32). Needs PostgreSQL on 127.0.0.1:55432 and RabbitMQ (rabbitmqctl) on this machine.
# Every run makes its own database and vhost and drops them. Output: the console and $LOG (default /tmp/messaging-bench.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
LOG=${LOG:-/tmp/messaging-bench.log}
dotnet build -c Release src/TrialStartup.Worker -v q -nologo
dotnet build -c Release benchmarks/TrialStartup.MessagingBench -v q -nologo
bench() { dotnet benchmarks/TrialStartup.MessagingBench/bin/Release/net10.0/TrialStartup.MessagingBench.dll "$@" 2>&1 | tee -a "$LOG"; }
: > "$LOG"
for run in 1 2; do
  echo "### raw, run $run" | tee -a "$LOG"
  bench raw --messages 20000
done
for run in 1 2; do
  echo "### green, run $run" | tee -a "$LOG"
  bench green --trials 20 --participants 50 --workers 2 --label "2 workers"
  bench green --trials 20 --participants 50 --workers 1 --label "1 worker"
done
bench green --trials 5 --participants 20 --workers 2 --label "2 workers"
bench green --trials 20 --participants 50 --workers 2 --poll-interval-ms 100 --label "2 workers, poll 100 ms"
bench green --trials 20 --participants 50 --workers 2 --concurrent-message-limit 32 --label "2 workers, limit 32"
