#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, as an unprivileged user, on a free port:
#   eval "$(scripts/postgres.sh start)"   # exports QUORUM_TEST_DATABASE_URL and QUORUM_TEST_PGDIR
#   scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"
# The server binaries come from Debian's `postgresql` package (scripts/toolchain.sh installs it).
set -euo pipefail
exec </dev/null

bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)
  [ -n "$initdb" ] || { echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }
  dirname "$initdb"
}

# Runs a command as the cluster's owner: root may not run PostgreSQL.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    BIN=$(bin_dir)
    DIR=$(mktemp -d /tmp/quorum-pg.XXXXXX)
    chmod 755 "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    PORT=$(free_port)
    as_owner "$BIN/initdb" -D "$DIR/data" -U quorum --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null \
      || { cat "$DIR/server.log" >&2; exit 1; }
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U quorum quorum_test
    echo "export QUORUM_TEST_DATABASE_URL=postgres://quorum@127.0.0.1:$PORT/quorum_test"
    echo "export QUORUM_TEST_PGDIR=$DIR"
    ;;
  stop)
    DIR="${2:?usage: postgres.sh stop <dir>}"
    case "$DIR" in /tmp/quorum-pg.*) ;; *) echo "postgres.sh: refusing to remove $DIR" >&2; exit 1 ;; esac
    BIN=$(bin_dir)
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: scripts/postgres.sh start | stop <dir>" >&2
    exit 2
    ;;
esac
