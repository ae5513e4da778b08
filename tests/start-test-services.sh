#!/usr/bin/env bash
# Installs (if missing) and starts the servers the tests need, non-interactively, on a possibly fresh Debian
# machine: as root, with no systemd and no Docker engine. Safe to run again: a server that already answers is
# left alone, and a second run does nothing but check.
#
#   tests/start-test-services.sh              # every service below
#   tests/start-test-services.sh postgres     # only the named ones
#
# Prints one "NAME: CONNECTION" line per started service on stdout; progress and errors go to stderr.
# Exits non-zero, naming each service that could not be started and why, if any could not; the others are
# still started.
#
# Services:
#   postgres  PostgreSQL 15 (Debian's packages), a private throwaway cluster in $TRIALSTARTUP_PG_DATA
#             (default ${TMPDIR:-/tmp}/trialstartup-pg) on 127.0.0.1:$TRIALSTARTUP_PG_PORT (default 55432),
#             trust auth, user postgres, max_connections=300, fsync on. Tests create their own databases.
#             Stop:  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$TRIALSTARTUP_PG_DATA" -m fast stop
#             Reset: stop it, then delete the data folder.
#   rabbitmq  RabbitMQ (Debian's packages) as node $TRIALSTARTUP_RABBITMQ_NODE (default rabbit@localhost) on
#             127.0.0.1:5672, user guest (loopback only). Tests make their own virtual hosts with rabbitmqctl.
#             Stop:  rabbitmqctl -n rabbit@localhost stop
#   s3        s3rver 3.7.1 (an S3-compatible server in Node.js, from the npm registry, pinned by
#             tests/s3rver/package-lock.json; installed in ${TMPDIR:-/tmp}/trialstartup-s3rver) on
#             127.0.0.1:$TRIALSTARTUP_S3_PORT (default 4568), access key and secret S3RVER, with the bucket
#             trialstartup-tests; its objects in ${TMPDIR:-/tmp}/trialstartup-s3, emptied at each start. There is no
#             MinIO or Ceph in Debian's packages; the document store speaks plain S3 to all of them.
#             Stop:  kill "$(cat ${TMPDIR:-/tmp}/trialstartup-s3rver/s3rver.pid)"
#   chromium  Debian's chromium (no server: the browser tests launch it headless through Playwright, as
#             $TRIALSTARTUP_TEST_CHROMIUM, default /usr/bin/chromium) and a Simplified Chinese font
#             (fonts-wqy-zenhei: without one the Chinese pages render as boxes in screenshots). Never
#             `playwright install`: it downloads browsers from outside the package registries.
#   documents No server: the Chinese font the committee's PDFs embed, WenQuanYi Zen Hei (fonts-wqy-zenhei, at
#             /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc; src/TrialStartup.Api/Documents/DocumentFonts.cs
#             reads that path). Unlike chromium's font, no other CJK font will do.
#
# To add a service: write NAME_packages (prints the Debian packages still missing) and
# NAME_start (starts it unless it answers, prints its "NAME: CONNECTION" line, returns non-zero with a
# message on stderr if it cannot), then add NAME to all_services.
set -uo pipefail

all_services=(postgres rabbitmq s3 chromium documents)

say() { echo "start-test-services: $*" >&2; }

# ---------------------------------------------------------------- PostgreSQL
PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_PORT=${TRIALSTARTUP_PG_PORT:-55432}
PG_DATA=${TRIALSTARTUP_PG_DATA:-${TMPDIR:-/tmp}/trialstartup-pg}

postgres_packages() {
  local bin
  for bin in postgres initdb pg_ctl pg_isready psql; do
    if [ ! -x "$PGBIN/$bin" ]; then echo postgresql; return; fi
  done
}

# Runs a PostgreSQL program as the cluster's owner: postgres when we are root (initdb refuses root), else us.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local conn="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 5; then
    say "postgres: already running on 127.0.0.1:$PG_PORT"
    postgres_drop_leftovers
    echo "postgres: $conn"
    return 0
  fi

  if [ "$(id -u)" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    say "postgres: ERROR: there is no user 'postgres' to own the cluster (the postgresql package creates it)"
    return 1
  fi

  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    if [ -e "$PG_DATA" ] && [ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ]; then
      say "postgres: ERROR: $PG_DATA exists, is not empty and holds no cluster; delete it or set TRIALSTARTUP_PG_DATA"
      return 1
    fi
    say "postgres: creating a throwaway cluster in $PG_DATA"
    # initdb into a side folder and move it into place only when complete, so an interrupted run leaves
    # nothing half-made behind.
    local staging="$PG_DATA.initdb.$$"
    rm -rf "$staging"; mkdir -p "$staging" "$(dirname "$PG_DATA")"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$staging"
    chmod 700 "$staging"
    if ! as_pg_owner "$PGBIN/initdb" -D "$staging" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
         >"$staging.log" 2>&1; then
      say "postgres: ERROR: initdb failed:"; sed 's/^/    /' "$staging.log" >&2
      rm -rf "$staging" "$staging.log"
      return 1
    fi
    rm -f "$staging.log"
    cat >>"$staging/postgresql.conf" <<EOF

# --- trialstartup test cluster (tests/start-test-services.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
max_connections = 300
fsync = on
EOF
    rmdir "$PG_DATA" 2>/dev/null
    mv "$staging" "$PG_DATA"
  elif [ "$(cat "$PG_DATA/PG_VERSION")" != "$PG_MAJOR" ]; then
    say "postgres: ERROR: $PG_DATA holds a PostgreSQL $(cat "$PG_DATA/PG_VERSION") cluster, not $PG_MAJOR; delete it (it is a throwaway) and run again"
    return 1
  fi

  say "postgres: starting on 127.0.0.1:$PG_PORT"
  # Port and socket folder also on the command line, so a changed TRIALSTARTUP_PG_PORT or a moved folder win.
  # Up to 5 minutes: a cluster that was not shut down (a machine reused after a killed run) replays its log and
  # syncs every file first, which took a minute with a few gigabytes of leftovers.
  if ! as_pg_owner "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 300 \
       -o "-p $PG_PORT -k $PG_DATA" start >/dev/null; then
    say "postgres: ERROR: the server did not start; the end of $PG_DATA/server.log:"
    tail -n 20 "$PG_DATA/server.log" 2>/dev/null | sed 's/^/    /' >&2
    return 1
  fi
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 10; then
    say "postgres: ERROR: the server started but does not answer on 127.0.0.1:$PG_PORT"
    return 1
  fi
  postgres_drop_leftovers
  echo "postgres: $conn"
}

# Every test makes a database of its own and many leave it behind (the cluster is a throwaway). On a machine that
# is reused, they add up (1,200 databases and 13 GB were found), so each start drops what earlier runs left.
postgres_drop_leftovers() {
  local names count
  names=$("$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
    "SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')" 2>/dev/null) || return 0
  count=$(printf '%s' "$names" | grep -c . || true)
  [ "$count" -eq 0 ] && return 0
  say "postgres: dropping $count databases left by earlier test runs"
  printf '%s\n' "$names" | while IFS= read -r name; do
    [ -n "$name" ] && "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAtc \
      "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1
  done
  return 0
}

# ---------------------------------------------------------------- RabbitMQ
RABBIT_NODE=${TRIALSTARTUP_RABBITMQ_NODE:-rabbit@localhost}

rabbitmq_packages() {
  if ! command -v rabbitmq-server >/dev/null || ! command -v rabbitmqctl >/dev/null; then echo rabbitmq-server; fi
}

rabbitmq_start() {
  local conn="host=127.0.0.1;port=5672;username=guest;password=guest;node=$RABBIT_NODE"
  if rabbitmqctl -q -n "$RABBIT_NODE" await_startup --timeout 5 >/dev/null 2>&1; then
    say "rabbitmq: already running as $RABBIT_NODE"
    echo "rabbitmq: $conn"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] && [ "$(id -un)" != rabbitmq ]; then
    say "rabbitmq: ERROR: starting the Debian RabbitMQ server needs root (it runs as the user rabbitmq)"
    return 1
  fi
  say "rabbitmq: starting $RABBIT_NODE on 127.0.0.1:5672"
  # A node name on localhost, so the node starts whatever the machine's host name resolves to.
  if ! RABBITMQ_NODENAME=$RABBIT_NODE RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached >/dev/null 2>&1; then
    say "rabbitmq: ERROR: rabbitmq-server -detached failed; see /var/log/rabbitmq/"
    return 1
  fi
  # await_startup fails at once while the Erlang node is not up yet, so ask again until it answers (90 s at most).
  local waited=0
  until rabbitmqctl -q -n "$RABBIT_NODE" await_startup --timeout 10 >/dev/null 2>&1; do
    waited=$((waited + 3))
    if [ "$waited" -ge 90 ]; then
      say "rabbitmq: ERROR: the node did not start within 90 s; the end of its log:"
      tail -n 20 /var/log/rabbitmq/*.log 2>/dev/null | sed 's/^/    /' >&2
      return 1
    fi
    sleep 3
  done
  echo "rabbitmq: $conn"
}

# ---------------------------------------------------------------- S3 (s3rver)
S3_PORT=${TRIALSTARTUP_S3_PORT:-4568}
S3_HOME=${TMPDIR:-/tmp}/trialstartup-s3rver
S3_DATA=${TMPDIR:-/tmp}/trialstartup-s3
S3_BUCKET=trialstartup-tests
S3_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/s3rver

s3_packages() {
  command -v node >/dev/null && command -v npm >/dev/null || echo nodejs npm
}

s3_answers() { curl -sS -o /dev/null "http://127.0.0.1:$S3_PORT/" 2>/dev/null; }

s3_start() {
  local conn="ServiceUrl=http://127.0.0.1:$S3_PORT;Bucket=$S3_BUCKET;AccessKey=S3RVER;SecretKey=S3RVER"
  if s3_answers; then
    say "s3: already running on 127.0.0.1:$S3_PORT"
    echo "s3: $conn"
    return 0
  fi
  mkdir -p "$S3_HOME"
  if ! cmp -s "$S3_SOURCE/package-lock.json" "$S3_HOME/package-lock.json" || [ ! -x "$S3_HOME/node_modules/.bin/s3rver" ]; then
    say "s3: installing s3rver with npm ci (log: $S3_HOME/npm.log)"
    cp "$S3_SOURCE/package.json" "$S3_SOURCE/package-lock.json" "$S3_HOME/"
    if ! (cd "$S3_HOME" && npm ci --no-audit --no-fund --loglevel=error) >"$S3_HOME/npm.log" 2>&1; then
      say "s3: ERROR: npm ci failed; the end of $S3_HOME/npm.log:"
      tail -n 20 "$S3_HOME/npm.log" | sed 's/^/    /' >&2
      rm -f "$S3_HOME/package-lock.json"
      return 1
    fi
  fi
  rm -rf "$S3_DATA"; mkdir -p "$S3_DATA"
  say "s3: starting s3rver on 127.0.0.1:$S3_PORT"
  # setsid: the server outlives this script and the test run that started it, as the other services do.
  setsid "$S3_HOME/node_modules/.bin/s3rver" -d "$S3_DATA" -a 127.0.0.1 -p "$S3_PORT" -s \
    --configure-bucket "$S3_BUCKET" >"$S3_HOME/s3rver.log" 2>&1 < /dev/null &
  echo $! >"$S3_HOME/s3rver.pid"
  local waited=0
  until s3_answers; do
    waited=$((waited + 1))
    if [ "$waited" -ge 30 ]; then
      say "s3: ERROR: s3rver did not answer within 30 s; the end of its log:"
      tail -n 20 "$S3_HOME/s3rver.log" | sed 's/^/    /' >&2
      return 1
    fi
    sleep 1
  done
  echo "s3: $conn"
}

# ---------------------------------------------------------------- Chromium
CHROMIUM=/usr/bin/chromium

chromium_packages() {
  local missing=() font cjk=
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  # Any CJK font will do; the small WenQuanYi Zen Hei (7 MB download) unless Noto CJK is there already.
  for font in fonts-wqy-zenhei fonts-noto-cjk; do
    [ "$(dpkg-query -W -f='${Status}' "$font" 2>/dev/null)" = "install ok installed" ] && cjk=1
  done
  [ -n "$cjk" ] || missing+=(fonts-wqy-zenhei)
  echo "${missing[*]}"  # one line: main reads one
}

chromium_start() {
  local version
  # stderr dropped: Debian's launcher script complains ("[: unexpected operator") where /dev/shm is mounted twice.
  if ! version=$("$CHROMIUM" --version 2>/dev/null); then
    say "chromium: ERROR: $CHROMIUM --version failed: $("$CHROMIUM" --version 2>&1 | tail -n 5)"
    return 1
  fi
  say "chromium: $version"
  echo "chromium: $CHROMIUM"
}

# ---------------------------------------------------------------- documents (the PDFs' font)
DOCUMENTS_FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

documents_packages() {
  [ -f "$DOCUMENTS_FONT" ] || echo fonts-wqy-zenhei
}

documents_start() {
  if [ ! -f "$DOCUMENTS_FONT" ]; then
    say "documents: ERROR: $DOCUMENTS_FONT is missing after installing fonts-wqy-zenhei"
    return 1
  fi
  echo "documents: $DOCUMENTS_FONT"
}

# ---------------------------------------------------------------- main
services=("$@")
[ ${#services[@]} -eq 0 ] && services=("${all_services[@]}")
for s in "${services[@]}"; do
  if ! [[ " ${all_services[*]} " == *" $s "* ]]; then
    say "ERROR: unknown service '$s' (known: ${all_services[*]})"; exit 2
  fi
done

# Install what every requested service still lacks: apt-get install from the package lists there are, and only when
# that fails (no lists, or lists so old the packages have gone from the mirror) one apt-get update and a second try.
need=()
for s in "${services[@]}"; do
  read -r -a pkgs <<<"$("${s}_packages")"
  need+=("${pkgs[@]}")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "ERROR: these Debian packages are missing and installing them needs root: ${need[*]}"
    say "       run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}"
    exit 1
  fi
  apt_log=${TMPDIR:-/tmp}/trialstartup-apt.log
  say "installing ${need[*]} from Debian's packages (log: $apt_log)"
  started=$SECONDS
  apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${need[@]}"
  }
  if ! { apt_install ||
         { echo "--- the install failed: apt-get update, then once more ---" &&
           apt-get -o DPkg::Lock::Timeout=120 update -qq && apt_install; }; } >"$apt_log" 2>&1; then
    say "ERROR: installing ${need[*]} failed; the end of $apt_log:"
    tail -n 25 "$apt_log" | sed 's/^/    /' >&2
    say "ERROR: no service was started"
    exit 1
  fi
  say "installed ${need[*]} in $((SECONDS - started)) s"
fi

failed=()
for s in "${services[@]}"; do
  "${s}_start" || failed+=("$s")
done
if [ ${#failed[@]} -gt 0 ]; then
  say "ERROR: could not start: ${failed[*]} (see the messages above)"
  exit 1
fi
