#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL server on 127.0.0.1 for the test suite.
#   scripts/test-postgres.sh start DIR   → prints the SQLAlchemy URL on stdout
#   scripts/test-postgres.sh stop DIR
# Uses the Debian postgresql packages (installed by .ci/run). PostgreSQL refuses to run
# as root, so when we are root the server runs as the 'postgres' system user.
set -euo pipefail
action=${1:?start|stop}; dir=${2:?data dir}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 3; }
as_user=()
if [ "$(id -u)" = 0 ]; then as_user=(runuser -u postgres --); fi
case $action in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_user[@]}" "$bindir/initdb" -D "$dir/pg" -U ioc --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/pg" -l "$dir/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
    echo "postgresql+psycopg://ioc@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/pg" ] && "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
