#!/bin/sh
# tests/deb/run.sh: the Debian packages that `make deb` built, in throwaway roots.
#
#   tests/deb/run.sh DIR      (DIR holds the .deb files)
#
# 1. dpkg-deb -x: the packages' files in a root of their own; the command run from there
#    (`aftercare when swimming`, and `aftercare serve`, whose helper is found in the root's
#    /usr/libexec/aftercare), and docs/library.md's example built against the -dev package
#    with pkg-config only.
# 2. dpkg --root: installed into an empty root (dependencies are the host's: --force-depends;
#    maintainer scripts chrootless, DPKG_ROOT set by dpkg, with deb-systemd-helper and
#    systemctl stubbed so that nothing of the host's systemd is touched), the key made by
#    postinst, then purged: nothing left outside dpkg's own database.
# "N passed, M failed"; exit 1 if anything failed.
set -u
DIR=$(cd "${1:?usage: $0 DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-deb.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
NAME=
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $NAME: $1"; }
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_CAL AFTERCARE_SERVE AFTERCARE_API_KEY
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
debs=$(ls "$DIR"/*.deb | grep -v dbgsym)
NAME="three packages"
[ "$(echo "$debs" | wc -l)" -eq 3 ] && pass || fail "$debs"

# ---- 1. extracted ----
X=$TMP/x
for d in $debs; do dpkg-deb -x "$d" "$X"; done
NAME="extracted: aftercare when swimming"
"$X/usr/bin/aftercare" when swimming --treated "2026-11-20 10:00" --after 2d >"$TMP/out" 2>&1 &&
	grep -q "^Fine from 7 days after treatment" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="extracted: the calendar helper from the root's libexec"
"$X/usr/bin/aftercare" plan --format ics --treated "2026-11-20 10:00" >"$TMP/out" 2>&1 &&
	grep -q "^BEGIN:VCALENDAR" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="extracted: aftercare serve, stopped by SIGTERM"
port=$((20000 + $$ % 20000))
"$X/usr/bin/aftercare" serve --listen "127.0.0.1:$port" --db "$TMP/t.db" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "serving on" "$TMP/serve.out" && break; sleep 0.1; done
got=$(curl -s "http://127.0.0.1:$port/api/when?activity=swimming&after=2d&treated=2026-11-20T10:00" 2>&1)
kill -TERM "$pid"
wait "$pid"
rc=$?
[ $rc -eq 0 ] && grep -q "serving on" "$TMP/serve.out" && pass || fail "exit $rc: $(head -3 "$TMP/serve.out")"
NAME="extracted: aftercare serve answers"
case $got in *'"activity":"swimming"'*) pass ;; *) fail "answered: $(echo "$got" | head -c 200)" ;; esac
NAME="extracted: the example against libaftercare-dev, pkg-config only"
sed -n '/^```c$/,/^```$/p' docs/library.md | sed '1d;$d' >"$TMP/example.c"
# shellcheck disable=SC2046
if cc "$TMP/example.c" $(PKG_CONFIG_PATH="$X/usr/lib/$ma/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$X" \
	pkg-config --cflags --libs aftercare) -o "$TMP/example" 2>"$TMP/cc.err" &&
	LD_LIBRARY_PATH="$X/usr/lib/$ma" "$TMP/example" | grep -q "^fine from 7 days"; then pass
else fail "$(head -c 400 "$TMP/cc.err")"; fi

# ---- 2. dpkg --root: install and purge ----
R=$TMP/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$TMP/stubs"
: >"$R/var/lib/dpkg/status"
for stub in deb-systemd-helper deb-systemd-invoke systemctl; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$stub" "$TMP/systemd.log" >"$TMP/stubs/$stub"
	chmod +x "$TMP/stubs/$stub"
done
dpkg_root() {
	PATH="$TMP/stubs:$PATH" dpkg --root="$R" --log="$TMP/dpkg.log" --force-depends \
		--force-script-chrootless --force-not-root "$@" >>"$TMP/dpkg.out" 2>&1
}
NAME="dpkg --root -i"
# shellcheck disable=SC2086
dpkg_root -i $debs && pass || fail "$(tail -5 "$TMP/dpkg.out")"
NAME="installed: aftercare when swimming"
"$R/usr/bin/aftercare" when swimming --treated "2026-11-20 10:00" --after 2d >"$TMP/out" 2>&1 &&
	grep -q "^Fine from 7 days after treatment" "$TMP/out" && pass || fail "$(head -3 "$TMP/out")"
NAME="postinst made the key, root only"
[ "$(stat -c %a "$R/etc/aftercare/api-key" 2>/dev/null)" = 600 ] &&
	[ "$(wc -c <"$R/etc/aftercare/api-key")" -ge 16 ] && pass || fail "$(ls -l "$R/etc/aftercare" 2>&1)"
NAME="postinst enabled the unit"
grep -q "deb-systemd-helper enable aftercare.service" "$TMP/systemd.log" 2>/dev/null && pass ||
	fail "$(cat "$TMP/systemd.log" 2>&1)"
NAME="dpkg --root --purge"
dpkg_root --purge aftercare libaftercare-dev libaftercare0 && pass || fail "$(tail -5 "$TMP/dpkg.out")"
NAME="nothing left but dpkg's database"
left=$(cd "$R" && find . ! -type d ! -path "./var/lib/dpkg/*" | head -5)
[ -z "$left" ] && pass || fail "left: $left"
NAME="no directory of ours left"
[ ! -e "$R/etc/aftercare" ] && [ ! -e "$R/usr/libexec/aftercare" ] && [ ! -e "$R/usr/include" ] && pass ||
	fail "$(ls -d "$R/etc/aftercare" "$R/usr/libexec/aftercare" 2>&1)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
