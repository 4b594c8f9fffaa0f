#!/usr/bin/env bash
# Run the test command with a throwaway PostgreSQL server when none is configured, so
# the suite always covers SQLite *and* PostgreSQL where the server binaries exist.
# The server's folder (a database per test: about 2 GB by the end of a run) is removed on
# any exit, interrupted or not: left behind, a few runs fill the disk that CI shares.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    "$here/test-postgres.sh" stop "$pgdir"
    rm -rf -- "$pgdir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -z "${IOC_TEST_POSTGRES_URL:-}" ] && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  pgdir=$(mktemp -d /tmp/ioc-pg.XXXXXX)
  if url=$("$here/test-postgres.sh" start "$pgdir"); then
    export IOC_TEST_POSTGRES_URL=$url
    echo "PostgreSQL for tests: $url"
  else
    echo "could not start PostgreSQL: PostgreSQL tests will be skipped. Its logs:" >&2
    cat "$pgdir"/*.log >&2 2>/dev/null
  fi
fi
"$@"
