#!/usr/bin/env bash
# Run a command (the tests) with a throwaway PostgreSQL cluster: COACH_TEST_POSTGRES_URL names it while the command
# runs, and the cluster is stopped and removed afterwards, whatever the command's outcome. Best effort: when no
# cluster can be started the command runs without one (the PostgreSQL tests then skip). A URL already set in the
# environment is used as it is. Installs Debian's postgresql package when no server is on the machine.
#   scripts/test-postgres.sh .venv/bin/python -m pytest
set -u
[ "$#" -gt 0 ] || { echo "usage: scripts/test-postgres.sh COMMAND [ARGS...]" >&2; exit 2; }
[ -z "${COACH_TEST_POSTGRES_URL:-}" ] || exec "$@"

find_bin() { command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | tail -n 1; }
if [ -z "$(find_bin initdb)" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2 || true
fi
initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
[ -n "$initdb" ] && [ -n "$pg_ctl" ] || exec "$@"
run_as=""
if [ "$(id -u)" = "0" ]; then  # PostgreSQL refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >/dev/null 2>&1 || exec "$@"
  run_as="postgres"
fi
as_pg() { if [ -n "$run_as" ]; then su "$run_as" -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

dir=$(mktemp -d)
chmod 777 "$dir"
stop() {
  as_pg "'$pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1" || true
  rm -rf "$dir"
}
trap stop EXIT
port=$((20000 + RANDOM % 20000))
if as_pg "'$initdb' -D '$dir/data' -U coach --auth=trust >/dev/null" &&
  as_pg "'$pg_ctl' -D '$dir/data' -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l '$dir/log' -w start >/dev/null"; then
  export COACH_TEST_POSTGRES_URL="postgresql://coach@127.0.0.1:$port/postgres"
fi
"$@"
