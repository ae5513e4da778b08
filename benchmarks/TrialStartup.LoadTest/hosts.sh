# Shared by measure.sh and benchmarks/compare.sh (sourced, not run): start Release hosts from fresh temporary folders,
# time their readiness, warm them up and run the load program against them. Several hosts may run at once, each under
# a NAME with its own port, folder ($WORK/NAME) and log ($WORK/NAME/host.log).
#
# The caller sets WORK (a temporary folder) and LOADTEST (the load program's built .dll), and may set PROJECTS, WARMUP,
# HOST_WARMUP and SIGNERS. It should `trap stop_all_hosts EXIT`.

PROJECTS=${PROJECTS:-200}
WARMUP=${WARMUP:-20}
# A fresh host keeps recompiling hot code (tiered JIT, dynamic PGO) for several hundred paths; before that its CPU
# per request is up to twice the steady state's, so each host first runs this many unreported paths.
HOST_WARMUP=${HOST_WARMUP:-500}
# Who signs the decisions (the load program's --signers): `systems`, one API client per institution signing with a
# printed name, so the runs measure the write path; `people` signs with passwords, one PBKDF2 hash (~47 ms of host
# CPU) per decision.
SIGNERS=${SIGNERS:-systems}
case $SIGNERS in
  systems|people) ;;
  *) echo "SIGNERS must be systems or people, not '$SIGNERS'" >&2; rmdir "$WORK" 2>/dev/null; exit 2 ;;
esac

declare -A HOST_PID=() HOST_PORT=() HOST_READY=() HOST_READY_CPU=()

# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

start_host() { # start_host NAME PORT API_DLL [ENV=VALUE ...]: starts the host, waits for /health/ready, sets HOST_READY[NAME]
  local name=$1 port=$2 dll=$3; shift 3
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "something already answers on port $port; set PORT to a free one" >&2
    return 1
  fi
  mkdir -p "$WORK/$name"
  # The content root is the build output, as in a deployment (the container's WORKDIR): appsettings.json applies, and
  # with it the log levels (without it every SQL statement and request is logged at Information). Data stays in
  # $WORK/NAME/data. `exec` makes the background job the host itself, so $! is the pid whose CPU is measured.
  local started; started=$(now)
  # Timestamps in host.log show where start-up and the run spend their time.
  # The limits on password checks are lifted: with SIGNERS=people one account signs dozens of decisions a second. So are
  # the request limits: one API client per institution sends more than its 100 requests a second once the host is warm.
  (cd "$WORK/$name" && exec env TrialStartup__DataFolder="$WORK/$name/data" TrialStartup__SeedDemoData=true \
     TrialStartup__RateLimits__PasswordChecksPerAccountPerMinute=1000000 TrialStartup__RateLimits__PasswordChecksPerAddressPerMinute=1000000 \
     TrialStartup__RateLimits__PerCallerPerSecond=1000000 TrialStartup__RateLimits__PerCallerBurst=1000000 \
     TrialStartup__RateLimits__PerOrganisationPerSecond=1000000 TrialStartup__RateLimits__PerOrganisationBurst=1000000 \
     Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat='HH:mm:ss.fff ' "$@" \
     dotnet "$dll" --contentRoot "$(dirname "$dll")" --urls "http://127.0.0.1:$port" >>"$WORK/$name/host.log" 2>&1) &
  HOST_PID[$name]=$! HOST_PORT[$name]=$port
  # Readiness: from the process's start to the first 200 of /health/ready (migrations and the demo seed included).
  local deadline=$(( $(date +%s) + 120 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; then
      HOST_READY[$name]=$(awk -v a="$(now)" -v b="$started" 'BEGIN { printf "%.2f", a - b }')
      # And the CPU the host had used by then (user + system, /proc ticks of 1/100 s): unlike the wall time, it hardly
      # changes when other processes compete for the cores.
      HOST_READY_CPU[$name]=$(sed 's/.*) //' "/proc/${HOST_PID[$name]}/stat" 2>/dev/null \
        | awk '{ printf "%.2f", ($12 + $13) / 100 }' || echo "–")
      return 0
    fi
    kill -0 "${HOST_PID[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "host $name did not become ready; see $WORK/$name/host.log" >&2
  stop_host "$name"
  return 1
}

stop_host() { # stop_host NAME
  local pid=${HOST_PID[$1]:-}
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" && wait "$pid" 2>/dev/null || true
  fi
  unset "HOST_PID[$1]"
}

stop_all_hosts() {
  local name
  for name in "${!HOST_PID[@]}"; do stop_host "$name"; done
}

warm() { # warm NAME: unreported paths until the host's code is fully optimised
  echo "=== $1: warming the host up with $HOST_WARMUP paths (not reported)"
  dotnet "$LOADTEST" --url "http://127.0.0.1:${HOST_PORT[$1]}" --projects "$HOST_WARMUP" --warmup 0 --concurrency 8 \
    --signers "$SIGNERS" >"$WORK/$1/warmup.txt" 2>&1 || true
  grep -E '^projects:' "$WORK/$1/warmup.txt" || tail -5 "$WORK/$1/warmup.txt"
}

load() { # load NAME CONCURRENCY [extra args]: one measured run; its report goes to stdout
  local name=$1 c=$2; shift 2
  echo "=== $name, concurrency $c"
  dotnet "$LOADTEST" --url "http://127.0.0.1:${HOST_PORT[$name]}" --projects "$PROJECTS" --warmup "$WARMUP" --concurrency "$c" \
    --signers "$SIGNERS" --host-pid "${HOST_PID[$name]}" "$@" || true
}
