#!/usr/bin/env bash
# Run a command (the tests) with a throwaway PostgreSQL cluster: COACH_TEST_POSTGRES_URL names it while the command
# runs, and the cluster is stopped and removed afterwards, whatever the command's outcome. Best effort: when no
# cluster can be started the command runs without one (the PostgreSQL tests then skip). A URL already set in the
# environment is used as it is. Installs Debian's postgresql package when no server is on the machine, and its
# pgvector package for that server's version where the Debian release has one.
# pgvector: when Debian's server has it, COACH_TEST_PGVECTOR_URL names the same cluster; otherwise, when the
# command's Python has the `pgserver` package (a dev dependency: PostgreSQL with pgvector in a wheel), a second
# throwaway cluster from its binaries. The pgvector tests skip without either; the Debian cluster without the
# extension is where the in-memory fallback is tested.
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
major=$("$initdb" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
has_vector() { [ -f "$("$1/pg_config" --sharedir 2>/dev/null)/extension/vector.control" ] ||
  [ -f "/usr/share/postgresql/$major/extension/vector.control" ]; }
if ! has_vector "$(dirname "$initdb")" && command -v apt-get >/dev/null 2>&1 &&
  apt-cache show "postgresql-$major-pgvector" >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-pgvector" >/dev/null 2>&1 || true
fi
run_as=""
if [ "$(id -u)" = "0" ]; then  # PostgreSQL refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >/dev/null 2>&1 || exec "$@"
  run_as="postgres"
fi
as_pg() { if [ -n "$run_as" ]; then su "$run_as" -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

dirs=()
stop() {
  for dir in "${dirs[@]}"; do
    as_pg "'$dir/pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1" || true
    rm -rf "$dir"
  done
}
trap stop EXIT
# start BIN_DIR VAR: a throwaway cluster of that server on a random port; exports VAR as its URL when it started
start() {
  local dir port
  dir=$(mktemp -d); chmod 777 "$dir"; dirs+=("$dir")
  ln -s "$1/pg_ctl" "$dir/pg_ctl"
  port=$((20000 + RANDOM % 20000))
  if as_pg "'$1/initdb' -D '$dir/data' -U coach --auth=trust >/dev/null" &&
    as_pg "'$1/pg_ctl' -D '$dir/data' -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l '$dir/log' -w start >/dev/null"; then
    export "$2=postgresql://coach@127.0.0.1:$port/postgres"
  fi
}
debian=$(dirname "$initdb")
start "$debian" COACH_TEST_POSTGRES_URL
if [ -z "${COACH_TEST_PGVECTOR_URL:-}" ]; then
  if has_vector "$debian"; then
    [ -z "${COACH_TEST_POSTGRES_URL:-}" ] || export COACH_TEST_PGVECTOR_URL="$COACH_TEST_POSTGRES_URL"
  else
    wheel=$("$1" -c 'import os, pgserver; print(os.path.dirname(pgserver.__file__))' 2>/dev/null)/pginstall/bin
    [ ! -x "$wheel/initdb" ] || start "$wheel" COACH_TEST_PGVECTOR_URL
  fi
fi
"$@"
