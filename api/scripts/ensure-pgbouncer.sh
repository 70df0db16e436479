#!/usr/bin/env bash
# The PgBouncer test (api/src/db/pgbouncer.test.ts) runs its own PgBouncer (config under /tmp, a port of
# its own), from Debian's package; the replica test needs the PostgreSQL server binaries (initdb,
# pg_basebackup), which the machine's PostgreSQL already has.
set -euo pipefail
if [ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "PgBouncer is missing: run 'sudo apt-get install -y pgbouncer'" >&2
  exit 1
fi
echo "installing pgbouncer from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq pgbouncer >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }
# The tests never use the system service: leave it stopped where the package started it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then systemctl disable --now pgbouncer >/dev/null 2>&1 || true; fi
