#!/usr/bin/env bash
# Run the test command with a throwaway PostgreSQL server when none is configured, so
# the suite always covers SQLite *and* PostgreSQL where the server binaries exist.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgdir=""
if [ -z "${IOC_TEST_POSTGRES_URL:-}" ] && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  pgdir=$(mktemp -d /tmp/ioc-pg.XXXXXX)
  if url=$("$here/test-postgres.sh" start "$pgdir"); then
    export IOC_TEST_POSTGRES_URL=$url
    echo "PostgreSQL for tests: $url"
  else
    echo "could not start PostgreSQL (see $pgdir): PostgreSQL tests will be skipped" >&2
  fi
fi
"$@"
status=$?
[ -n "$pgdir" ] && "$here/test-postgres.sh" stop "$pgdir"
exit $status
