#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests and print its URL (best effort: prints nothing on failure).
# Installs Debian's postgresql package when no server is on the machine. The cluster lives under $1.
set -u
dir="${1:?usage: test-postgres.sh DIR}"
find_bin() { command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | tail -n 1; }
if [ -z "$(find_bin initdb)" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2 || true
fi
initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
[ -n "$initdb" ] && [ -n "$pg_ctl" ] || exit 0
run_as=""
if [ "$(id -u)" = "0" ]; then  # PostgreSQL refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >/dev/null 2>&1 || exit 0
  run_as="postgres"
fi
as_pg() { if [ -n "$run_as" ]; then su "$run_as" -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
mkdir -p "$dir" && chmod 777 "$dir"
port=$((20000 + RANDOM % 20000))
as_pg "'$initdb' -D '$dir/data' -U coach --auth=trust >/dev/null" || exit 0
as_pg "'$pg_ctl' -D '$dir/data' -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l '$dir/log' -w start >/dev/null" || exit 0
echo "postgresql://coach@127.0.0.1:$port/postgres"
