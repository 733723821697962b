#!/bin/sh
# A throwaway PostgreSQL for the store's tests: Debian's postgresql package, initdb into a
# temporary directory, listening on a Unix socket in it only (no TCP port to collide with
# another run), stopped and removed when COMMAND ends, however it ends.
# Usage: tests/server/pg.sh COMMAND [ARG...]. COMMAND runs with
#   AFTERCARE_TEST_PG      a libpq connection string of an empty database "aftercare";
#   AFTERCARE_TEST_PG_CTL  a command that runs pg_ctl on this cluster (stop, start, restart)
#                          as the user the database runs as;
# and pg.sh exits with COMMAND's status (or 1 when the database cannot start).
# PostgreSQL refuses to run as root: as root, the cluster is made and run as nobody.
set -u
[ $# -ge 1 ] || { echo "usage: pg.sh COMMAND [ARG...]" >&2; exit 2; }
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "pg.sh: no PostgreSQL under /usr/lib/postgresql (scripts/install-deps)" >&2; exit 1; }
DIR=$(mktemp -d /tmp/aftercare-pg.XXXXXX) || exit 1
AS=
if [ "$(id -u)" -eq 0 ]; then
	AS="runuser -u nobody --"
	chown nobody "$DIR"
fi
chmod 700 "$DIR"
cleanup() {
	[ -f "$DIR/data/postmaster.pid" ] &&
		$AS "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# C collation and UTF-8, as the store expects (docs/deploy.md); initdb's own fsyncs are
# skipped (a throwaway cluster), the server's are not: commits are durable as in production.
if ! $AS "$BIN/initdb" -D "$DIR/data" -U aftercare -A trust -E UTF8 --locale=C --no-sync \
	>"$DIR/initdb.log" 2>&1; then
	echo "pg.sh: initdb failed:" >&2
	cat "$DIR/initdb.log" >&2
	exit 1
fi
cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$DIR'
port = 5432
max_connections = 40
shared_buffers = 16MB
CONF
cat >"$DIR/ctl" <<CTL
#!/bin/sh
exec $AS "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 30 "\$@"
CTL
chmod 755 "$DIR/ctl"
if ! "$DIR/ctl" start >/dev/null 2>&1; then
	echo "pg.sh: PostgreSQL did not start:" >&2
	cat "$DIR/log" >&2
	exit 1
fi
if ! "$BIN/psql" -X -q -h "$DIR" -U aftercare -d postgres -c 'CREATE DATABASE aftercare' \
	>/dev/null 2>"$DIR/createdb.err"; then
	echo "pg.sh: CREATE DATABASE failed: $(cat "$DIR/createdb.err")" >&2
	exit 1
fi
export AFTERCARE_TEST_PG="host=$DIR port=5432 user=aftercare dbname=aftercare"
export AFTERCARE_TEST_PG_CTL="$DIR/ctl"
"$@"
