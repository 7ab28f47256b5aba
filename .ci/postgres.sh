#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests, on 127.0.0.1, as an unprivileged user
# (Debian's `postgres` when run as root), in a fresh data folder; print its URL.
#   export AZTUI_TEST_POSTGRES="$(bash .ci/postgres.sh)"
# Stop it with: pg_ctl -D <folder>/data stop (the folder is printed on stderr).
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL server here: apt-get install postgresql (Debian)" >&2
  exit 1
fi
port=${AZTUI_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
folder=$(mktemp -d /tmp/aztui-postgres.XXXXXX)
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$folder"; fi
as_server_user "$bin/initdb" -D "$folder/data" -A trust -U aztui --no-sync >/dev/null
as_server_user "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c max_connections=200" \
  start >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $folder, port $port" >&2
echo "postgresql://aztui@127.0.0.1:$port/postgres"
