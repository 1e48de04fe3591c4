#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster on loopback, for benchmarks and tests.
#
# usage:
#   eval "$(scripts/pg_cluster.sh start)"   # sets PG_DIR, PG_DSN and PG_URL in the calling shell
#   ... use "$PG_DSN" (libpq keyword/value string: host=127.0.0.1 port=N user=test dbname=postgres)
#       or "$PG_URL" (postgresql://test@127.0.0.1:N/postgres) ...
#   scripts/pg_cluster.sh stop "$PG_DIR"    # fast shutdown, then deletes the directory
#   scripts/pg_cluster.sh bindir            # prints the server's bin directory; exit 1 when absent
#   scripts/pg_cluster.sh reap              # stops the clusters whose owner process has died
#
# start: makes a directory with mktemp -d (under $TMPDIR or /tmp), runs initdb there as the
# `postgres` user when run as root (initdb refuses root), trust authentication for user `test`,
# then `pg_ctl -w start` on a free TCP port on 127.0.0.1 with its Unix socket in the same
# directory, fsync and synchronous commit off (the data is disposable). Prints three shell
# assignments (PG_DIR=..., PG_DSN=..., PG_URL=...) on stdout; progress goes to stderr.
# The server binaries are taken from $PG_BINDIR when set, else pg_config --bindir, else
# /usr/lib/postgresql/15/bin. The tests (tests/engine/store/pg/pg_test_env.h) use this script too.
# With PG_CLUSTER_OWNER=PID in the environment, start records PID as the cluster's owner, and
# `reap` later stops that cluster once PID is gone (a test program killed before its clean-up).
# Extra server settings can be passed after `start`, e.g. `start -c shared_buffers=256MB`.
# stop: `kill -INT` of the postmaster pid (fast shutdown), waits for it to exit, rm -rf DIR.
# Nothing else is touched: no system cluster, no pg_ctlcluster, no service.
set -euo pipefail

die() { echo "pg_cluster: $*" >&2; exit 1; }

bindir() {
  local d
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" ]] && { echo "$PG_BINDIR"; return; }
    die "initdb not found in PG_BINDIR=$PG_BINDIR"
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir)"
    [[ -x "$d/initdb" ]] && { echo "$d"; return; }
  fi
  d=/usr/lib/postgresql/15/bin
  [[ -x "$d/initdb" ]] && { echo "$d"; return; }
  die "initdb not found (apt-get install postgresql-15 libpq-dev)"
}

# as_owner CMD...: runs CMD as the postgres user when we are root, else as ourselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
  if command -v ss >/dev/null 2>&1; then
    [[ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

start() {
  local bin dir port
  bin="$(bindir)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/clearbid-pg.XXXXXX")"
  chmod 700 "$dir"
  if [[ -n "${PG_CLUSTER_OWNER:-}" ]]; then echo "$PG_CLUSTER_OWNER" >"$dir/owner.pid"; fi
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$dir"; fi
  if ! as_owner "$bin/initdb" -D "$dir/data" -U test --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed"
  fi
  # A free port in 54300..55299, starting from one derived from our pid; a port taken between the
  # check and the start makes pg_ctl fail, and we try the next one.
  local base=$((54300 + $$ % 1000)) i
  for ((i = 0; i < 50; ++i)); do
    port=$((54300 + (base - 54300 + i) % 1000))
    port_free "$port" || continue
    if as_owner "$bin/pg_ctl" -w -D "$dir/data" -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $*" \
        start >/dev/null 2>&1; then
      echo "pg_cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
      printf "PG_DIR=%q\nPG_DSN=%q\nPG_URL=%q\n" "$dir" "host=127.0.0.1 port=$port user=test dbname=postgres" \
        "postgresql://test@127.0.0.1:$port/postgres"
      return 0
    fi
    [[ -f "$dir/data/postmaster.pid" ]] && break  # started but not ready: give up below
  done
  tail -20 "$dir/server.log" >&2 || true
  stop "$dir"
  die "could not start a server"
}

stop() {
  local dir="${1:-}"
  [[ -n "$dir" && -d "$dir" ]] || die "stop: no such directory: '$dir'"
  [[ "$(basename "$dir")" == clearbid-pg.* ]] || die "stop: $dir was not made by pg_cluster.sh start"
  local pidfile="$dir/data/postmaster.pid" pid i
  if [[ -f "$pidfile" ]]; then
    pid="$(head -1 "$pidfile")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -INT "$pid" 2>/dev/null; then
      for ((i = 0; i < 100; ++i)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  rm -rf "$dir"
}

reap() {
  local owner dir pid
  for owner in "${TMPDIR:-/tmp}"/clearbid-pg.*/owner.pid; do
    [[ -f "$owner" ]] || continue
    dir="$(dirname "$owner")"
    pid="$(head -1 "$owner")"
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    [[ -e "/proc/$pid" ]] && continue
    echo "pg_cluster: stopping $dir (its owner $pid is gone)" >&2
    stop "$dir"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop "${2:-}" ;;
  bindir) bindir ;;
  reap) reap ;;
  *) sed -n '2,23p' "$0" >&2; exit 2 ;;
esac
