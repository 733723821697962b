#!/bin/sh
# run-server.sh BUILD: `make run`: the clinic server on this machine, with a local store
# (aftercare.db) and a clinic key kept in .aftercare-key (both made on first start, both
# ignored by git). Prints the page's URL and how to add a patient; Ctrl-C stops it.
# Environment: AFTERCARE_LISTEN (default 127.0.0.1:8080), AFTERCARE_DB (default aftercare.db),
# AFTERCARE_API_KEY (default: the one in .aftercare-key).
set -eu
BUILD=${1:-build}
LISTEN=${AFTERCARE_LISTEN:-127.0.0.1:8080}
DB=${AFTERCARE_DB:-aftercare.db}
if [ -z "${AFTERCARE_API_KEY:-}" ]; then
	if [ ! -s .aftercare-key ]; then
		(umask 077 && head -c 24 /dev/urandom | base64 | tr '+/' '-_' >.aftercare-key)
	fi
	AFTERCARE_API_KEY=$(cat .aftercare-key)
fi
export AFTERCARE_API_KEY
if curl -s -o /dev/null --max-time 2 "http://$LISTEN/" 2>/dev/null; then
	echo "make run: something already answers on $LISTEN (another make run?): stop it, or" \
		"choose another address: AFTERCARE_LISTEN=127.0.0.1:8081 make run" >&2
	exit 2
fi
cat <<MSG
aftercare: open http://$LISTEN/ in a browser for the page.
aftercare: the clinic key is in .aftercare-key; add a patient's treatment with
  curl -s -H "Authorization: Bearer \$(cat .aftercare-key)" \\
       -d '{"patient":"A. Patient","treated_at":"$(date '+%Y-%m-%d') 09:00","depth":"deep"}' \\
       http://$LISTEN/api/treatments
  and open the "link" it answers (http://$LISTEN/p/...).
MSG
exec "$BUILD/aftercare" serve --listen "$LISTEN" --db "$DB"
