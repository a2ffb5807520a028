#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests, on loopback only.
#
#   scripts/postgres.sh [start]   start it (creating it first if needed) and print its URL
#   scripts/postgres.sh url       print the URL of the running cluster
#   scripts/postgres.sh stop      stop it (only this cluster: pg_ctl on its own data folder)
#
# Idempotent: PostgreSQL is installed from Debian only when no initdb/pg_ctl is found,
# the cluster is created only once (in target/pg-test, or PROEFTUIN_PG_DIR) and a
# running cluster is reused. The URL is the only line on stdout, so
#   export PROEFTUIN_TEST_POSTGRES_URL="$(scripts/postgres.sh)"
# works; progress goes to stderr. Trust authentication: any local user may connect,
# which is acceptable for a cluster that holds only test data and listens on
# 127.0.0.1 and a socket in its own folder. fsync is off: speed over durability.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${PROEFTUIN_PG_DIR:-$PWD/target/pg-test}"
DATA="$DIR/data"
LOG="$DIR/server.log"
PORT_FILE="$DIR/port"

say() { printf '\033[1mpostgres:\033[0m %s\n' "$*" >&2; }

# The newest PostgreSQL server binaries from Debian's packages.
find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root (the server
# refuses to run as root), otherwise ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

url() {
  echo "postgres://postgres@127.0.0.1:$(cat "$PORT_FILE")/postgres"
}

# A port nobody listens on yet (a connection to it is refused).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  say "installing PostgreSQL from Debian"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

create_cluster() {
  say "creating a cluster in $DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=trust \
    -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  # Socket in the cluster folder (no need for /var/run/postgresql), loopback only.
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# scripts/postgres.sh: a throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start() {
  if is_running; then
    say "already running"
    url
    return 0
  fi
  [ -f "$DATA/PG_VERSION" ] || create_cluster
  local port
  for _ in 1 2 3; do
    port=$(free_port)
    # -w: wait until the server accepts connections.
    if as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -o "-p $port" >/dev/null; then
      echo "$port" >"$PORT_FILE"
      if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
        say "running on 127.0.0.1:$port (log: $LOG)"
        url
        return 0
      fi
    fi
    say "could not start on port $port, trying another"
    tail -n 5 "$LOG" >&2 || true
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast >/dev/null 2>&1 || true
  done
  say "giving up; see $LOG"
  exit 1
}

stop() {
  if is_running; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast >/dev/null
    say "stopped"
  fi
}

case "${1:-start}" in
  start)
    BIN=$(find_bin) || { install_postgres; BIN=$(find_bin); }
    start
    ;;
  stop)
    # Without PostgreSQL there is no cluster to stop.
    BIN=$(find_bin) || exit 0
    stop
    ;;
  url)
    BIN=$(find_bin) || { say "PostgreSQL is not installed"; exit 1; }
    is_running || { say "not running"; exit 1; }
    url
    ;;
  *)
    echo "usage: $0 [start|stop|url]" >&2
    exit 2
    ;;
esac
