#!/bin/sh
# A patient's plan stays the one it was issued under (docs/desk.md, "Protocol versions"):
# treatments issued with no protocol, under protocol A, then the server restarted with
# protocol B. The old links show their own plans (the guide's; A's) and say a newer protocol
# exists; a new treatment gets B; a reissue gives B on the same link. The store keeps each
# protocol's text under its BLAKE2b-256; a version whose text was never kept falls back to
# the current protocol, said on the page and in the log. Loopback only.
# On PostgreSQL when AFTERCARE_TEST_PG is set (tests/server/pg.sh; `make pg-test`).
# Usage: tests/server/protocol.sh BUILD/aftercare. Prints "N passed, M failed".
set -u
BIN=${1:?usage: protocol.sh path/to/aftercare}
export TZ=Europe/London NO_COLOR=1
unset AFTERCARE_API_KEY
PY=/usr/bin/python3
T=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
KEY=protocol-test-key-$$-0123456789
A="Authorization: Bearer $KEY"
DB=$(test_db db) || exit 1
# blob TEXT: SQL for TEXT as the store's bytes; BLOB_HEX: SQL for a kept body as hex digits
case $DB in
*=*) blob() { echo "convert_to('$1', 'UTF8')"; }; BLOB_HEX="encode(body, 'hex')" ;;
*) blob() { echo "CAST('$1' AS BLOB)"; }; BLOB_HEX="hex(body)" ;;
esac

# Two versions of one clinic's protocol: swimming after two weeks (A), after three days (B);
# B also has its nurses' sauna after twelve hours, sooner than any of the guide's voices.
cat >"$T/a.yaml" <<'EOF'
sources:
  - id: clinic
    name: Riverside Skin Clinic
    section: Our aftercare
rules:
  - id: clinic-swim
    activity: swimming
    source: clinic
    stance: avoid
    until: 2w
    quote: "No swimming for two weeks."
    reason: Our protocol.
    advice: Wait two weeks.
EOF
sed -e 's/until: 2w/until: 3d/' -e 's/two weeks/three days/g' \
	-e 's/^rules:$/  - id: nurse\n    name: Riverside Nurse Team\n    section: Nurses notes\nrules:/' \
	"$T/a.yaml" >"$T/b.yaml"
cat >>"$T/b.yaml" <<'EOF'
  - id: nurse-sauna
    activity: sauna
    source: nurse
    stance: avoid
    until: 12h
    quote: "No sauna for twelve hours."
    reason: Our nurses' protocol.
    advice: Wait twelve hours.
EOF
# What the guide alone says of swimming, from the command (not written down here).
GUIDE_SWIM=$("$BIN" plan --treated '2026-01-10 10:00' --format json | "$PY" -c "
import json, sys
print([a for a in json.load(sys.stdin)['activities'] if a['activity'] == 'swimming'][0]['clear_after_hours'])")
[ -n "$GUIDE_SWIM" ] && [ "$GUIDE_SWIM" != 336 ] && [ "$GUIDE_SWIM" != 72 ] && ok ||
	bad "the guide's swimming time ($GUIDE_SWIM) must differ from both protocols' for this test"

# serve [PROTOCOL]: start the server on $DB (stopping the one before), with the protocol.
serve() {
	if [ -n "$PID" ]; then kill "$PID"; wait "$PID" 2>/dev/null; PID=; fi
	: >"$T/log"
	AFTERCARE_API_KEY=$KEY "$BIN" serve --listen 127.0.0.1:0 --db "$DB" ${1:+--protocol "$1"} \
		>"$T/log" 2>&1 &
	PID=$!
	B=
	i=0
	while [ $i -lt 100 ]; do
		B=$(sed -n 's|^aftercare: serving on \(http://[^/]*\)/.*|\1|p' "$T/log")
		[ -n "$B" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$B" ] && ok || { bad "no server: $(cat "$T/log")"; echo "$pass passed, $fail failed"; exit 1; }
}

# add NAME: a treatment (a fixed time, confirmed: no warning depends on today); its id and
# link in $ID and $LINK
add() {
	req "add $1" 201 -H "$A" -d "{\"patient\":\"$1\",\"treated_at\":\"2026-01-10 10:00\",\"confirm\":true}" \
		"$B/api/treatments"
	ID=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$T/body")
	LINK=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['link'])" "$T/body")
}

# swim NAME LINK HOURS QUOTE: the patient's JSON gives swimming clear at HOURS, with QUOTE
# among its words (the other protocol's nowhere)
swim() {
	req "$1: JSON" 200 "$B$2.json"
	js "$1: swimming clear after $3 h" "
sw = [a for a in j['plan']['activities'] if a['activity'] == 'swimming'][0]
assert sw['clear_after_hours'] == $3, sw['clear_after_hours']
quotes = [p['quote'] for p in sw['positions']]
assert ('$4' == '' and not any('swimming for' in q for q in quotes)) or '$4' in quotes, quotes"
}

# ---- no protocol: the guide alone ----
serve
add "Guide Patient"
ID0=$ID LINK0=$LINK
swim "issued under the guide" "$LINK0" "$GUIDE_SWIM" ""
js "no protocol anywhere: none said" "assert 'protocol' not in j['treatment'], j['treatment']"
[ "$(db_sql "$DB" 'SELECT count(*) FROM protocol')" = 0 ] && ok || bad "a protocol kept without one"

# ---- protocol A ----
serve "$T/a.yaml"
VA=$(b2sum -l 256 "$T/a.yaml" | cut -d' ' -f1)
add "Patient A"
ID1=$ID LINK1=$LINK
js "A: recorded under A's version" "assert j['protocol'] == '$VA' and j['protocol_current'] is True, j"
swim "issued under A" "$LINK1" 336 "No swimming for two weeks."
js "A: current" "assert j['treatment']['protocol'] == {'version': '$VA', 'current': True, 'held': True}, j['treatment']"
req "A: page" 200 "$B$LINK1"
grep -q 'No swimming for two weeks' "$T/body" && ok || bad "A's page lacks A's words"
grep -q 'id="protocol-note"' "$T/body" && bad "A's page says a newer protocol exists" || ok
# the protocol's words are the clinic's, never the guide's (docs/desk.md, "Protocol versions")
"$PY" - "$T/body" <<'PYEOF' 2>"$T/pyerr" && ok || bad "A's page: the clinic's protocol labelled: $(tail -1 "$T/pyerr")"
import re, sys
page = open(sys.argv[1]).read()
guide = re.search(r'<ul id="source-list">(.*?)</ul>', page, re.S).group(1)
clinic = re.search(r'<ul id="clinic-source-list">(.*?)</ul>', page, re.S).group(1)
assert 'Riverside Skin Clinic' in clinic and 'Riverside' not in guide, (guide, clinic)
assert 'Dr Yalda Jamali' in guide, guide
assert "your clinic's own protocol" in page and 'Everything on this page quotes one published' not in page
tags = re.findall(r'<strong>([^<]*)</strong> <span class="clinic-tag">\(your clinic\'s protocol, not the guide\)', page)
assert tags and set(tags) == {'Riverside Skin Clinic'}, tags
PYEOF
# The guide's voices beside the clinic's rule (docs/desk.md, "The guide beside the clinic"):
# swimming, which A replaces, keeps the guide's words in the plan's JSON, labelled as the
# guide's, with the clinic's time and theirs; the clinic's words are the clinic's.
req "A: JSON, the guide beside" 200 "$B$LINK1.json"
js "A: swimming keeps the guide's voices, as the guide's" "
sw = [a for a in j['plan']['activities'] if a['activity'] == 'swimming'][0]
g = sw['guide']
assert [p['clinic'] for p in sw['positions']] == [True], sw['positions']
assert g['positions'] and not any(p['clinic'] for p in g['positions']), g['positions']
assert 'No swimming for two weeks.' not in [p['quote'] for p in g['positions']], g
voices = {v['name']: v['clear_after_hours'] for v in g['voices']}
assert voices.get('Dr Yalda Jamali') == 168, voices
assert g['clinic_clear_after_hours'] == 336 and g['clear_after_hours'] == $GUIDE_SWIM, g
assert g['differs'] is True and g['clinic_more_lenient'] is False, g
assert g['text'].startswith('Your clinic (Riverside Skin Clinic) says to wait 2 weeks; the guide'), g['text']
assert 'Dr Yalda Jamali 7 days' in g['text'] or \"Dr Yalda Jamali says 7 days\" in g['text'], g['text']
assert not [a['activity'] for a in j['plan']['activities'] if a['activity'] != 'swimming' and 'guide' in a]
d = j['plan']['disclaimer']
assert 'not medical advice' in d and \"the clinic's rules are the clinic's own, not the guide's\" in d, d"
req "A: page, the guide beside" 200 "$B$LINK1"
"$PY" - "$T/body" "$(curl -s "$B$LINK1.json")" <<'PYEOF2' 2>"$T/pyerr" && ok || bad "A's page: the guide's voices beside the clinic's: $(tail -1 "$T/pyerr")"
import html, json, re, sys
page = open(sys.argv[1]).read()
plan = json.loads(sys.argv[2])['plan']
sw = re.search(r'<li class="act" id="act-swimming".*?</details></li>', page, re.S).group(0)
cmp = re.search(r'<p class="clinic-vs-guide">([^<]*)</p>', sw).group(1)
assert html.unescape(cmp).startswith('Your clinic (Riverside Skin Clinic) says to wait 2 weeks; the guide'), cmp
assert 'Dr Yalda Jamali' in cmp, cmp
side = sw[sw.index('class="guide-side"'):]
clinic_part = sw[:sw.index('class="guide-side"')]
# the clinic's words above, tagged as the clinic's; the guide's below, never tagged
assert 'No swimming for two weeks' in clinic_part and 'clinic-tag' in clinic_part, clinic_part
assert 'Swimming should be avoided for a week' in side and 'Dr Yalda Jamali' in side, side
assert 'clinic-tag' not in side and 'No swimming for two weeks' not in side, side
assert 'your clinic and the guide differ' in sw
# the handout's key dates say it too
row = re.search(r'<tr data-activity="swimming">.*?</tr>', page, re.S).group(0)
assert 'class="clinic-vs-guide"' in row and 'Dr Yalda Jamali' in row, row
# the disclaimer, worded for both, once on the screen (and once on the printed handout)
d = html.escape(plan['disclaimer'], quote=False).replace("'", '&#39;')
screen, handout = page.split('<section id="handout"')
assert screen.count('class="disclaimer"') == 1 and handout.count('class="disclaimer"') == 1
assert (screen.count(d), handout.count(d)) == (1, 1), (d, screen.count(d), handout.count(d))
assert 'it is information, not medical advice. Ask your practitioner' not in page
PYEOF2
[ "$(db_sql "$DB" "SELECT hash FROM protocol")" = "$VA" ] && ok ||
	bad "the store does not keep A under its BLAKE2b-256: $(db_sql "$DB" 'SELECT hash FROM protocol')"
db_sql "$DB" "SELECT $BLOB_HEX FROM protocol WHERE hash = '$VA'" |
	"$PY" -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))" >"$T/kept"
cmp -s "$T/kept" "$T/a.yaml" && ok || bad "the text kept is not A's"
swim "the guide's treatment, under A" "$LINK0" "$GUIDE_SWIM" ""
req "the guide's page, under A" 200 "$B$LINK0"
grep -q 'id="protocol-note"' "$T/body" && ok || bad "the guide's page under A does not say a newer protocol exists"
grep -q 'No swimming for two weeks' "$T/body" && bad "A's words on a page issued before A" || ok
grep -q 'clinic-tag\|clinic-source-list' "$T/body" && bad "the clinic's labels on a page of the guide alone" || ok
grep -q 'Everything on this page quotes one published' "$T/body" && ok || bad "the guide's page lost its sources' words"
ICS_A=$(curl -s "$B$LINK1.ics" | grep -v '^DTSTAMP')

# ---- protocol B: the old links keep their plans ----
serve "$T/b.yaml"
VB=$(b2sum -l 256 "$T/b.yaml" | cut -d' ' -f1)
[ "$VA" != "$VB" ] && ok || bad "A and B have one version"
swim "A's link under B" "$LINK1" 336 "No swimming for two weeks."
js "A's link under B: held, not current" "assert j['treatment']['protocol'] == {'version': '$VA', 'current': False, 'held': True}, j['treatment']"
req "A's page under B" 200 "$B$LINK1"
grep -q 'No swimming for two weeks' "$T/body" && ok || bad "A's page under B lacks A's words"
grep -q 'No swimming for three days' "$T/body" && bad "A's page under B has B's words" || ok
grep -q 'id="protocol-note"[^>]*>[^<]*newer protocol' "$T/body" && ok || bad "A's page under B does not say a newer protocol exists"
ICS_B=$(curl -s "$B$LINK1.ics" | grep -v '^DTSTAMP')
[ -n "$ICS_A" ] && [ "$ICS_A" = "$ICS_B" ] && ok || bad "A's calendar changed under B"
swim "the guide's link under B" "$LINK0" "$GUIDE_SWIM" ""
req "A's treatment under B" 200 -H "$A" "$B/api/treatments/$ID1"
js "A's treatment under B: not current" "assert j['protocol'] == '$VA' and j['protocol_current'] is False, j"
req "the guide's treatment under B" 200 -H "$A" "$B/api/treatments/$ID0"
js "the guide's treatment under B: not current" "assert j['protocol'] is None and j['protocol_current'] is False, j"
[ "$(db_sql "$DB" 'SELECT count(*) FROM protocol')" = 2 ] && ok || bad "the store does not keep both versions"

add "Patient B"
swim "issued under B" "$LINK" 72 "No swimming for three days."
LINKB=$LINK

# B's nurses allow the sauna sooner than every voice of the guide: said, on the page too.
req "B: JSON, the clinic more lenient" 200 "$B$LINKB.json"
js "B: sauna, sooner than every guide voice" "
sa = [a for a in j['plan']['activities'] if a['activity'] == 'sauna'][0]
g = sa['guide']
assert g['clinic_clear_after_hours'] == 12 and g['clinic_more_lenient'] is True, g
assert all(v['clear_after_hours'] is None or v['clear_after_hours'] > 12 for v in g['voices']), g['voices']
assert g['text'].startswith('Your clinic (Riverside Nurse Team) says to wait 12 hours; the guide'), g['text']
assert g['text'].endswith(\"Your clinic allows it sooner than any of the guide's voices.\"), g['text']"
req "B: page, the clinic more lenient" 200 "$B$LINKB"
"$PY" - "$T/body" <<'PYEOF2' 2>"$T/pyerr" && ok || bad "B's page: the clinic more lenient not shown: $(tail -1 "$T/pyerr")"
import re, sys
page = open(sys.argv[1]).read()
sa = re.search(r'<li class="act" id="act-sauna".*?</details></li>', page, re.S).group(0)
cmp = re.search(r'<p class="clinic-vs-guide clinic-lenient">([^<]*)</p>', sa).group(1)
assert cmp.startswith('Your clinic (Riverside Nurse Team) says to wait 12 hours') and 'sooner than any' in cmp, cmp
PYEOF2

# /api/sources: the current protocol's voices; by a patient's token, those of the version
# its treatment was issued under (A's link: no nurses; the guide's link: no clinic at all)
req "sources now (B)" 200 "$B/api/sources"
js "sources now: B's, the clinic's marked" "
c = {s['id']: s for s in j if s['clinic']}
assert set(c) == {'clinic', 'nurse'} and c['nurse']['name'] == 'Riverside Nurse Team', j
assert any(s['name'] == 'Dr Yalda Jamali' and s['clinic'] is False for s in j), j"
req "sources of A's link under B" 200 "$B/api/sources?token=${LINK1#/p/}"
js "sources of A's link: A's" "
c = {s['id']: s for s in j if s['clinic']}
assert set(c) == {'clinic'} and c['clinic']['rules'] == 1, j
assert 'nurse' not in [s['id'] for s in j], j
assert any(s['name'] == 'Dr Yalda Jamali' for s in j), j"
req "sources of the guide's link under B" 200 "$B/api/sources?token=${LINK0#/p/}"
js "sources of the guide's link: the guide's alone" "
assert j and not any(s['clinic'] for s in j) and not {'clinic', 'nurse'} & {s['id'] for s in j}, j"
req "sources of B's link" 200 "$B/api/sources?token=${LINKB#/p/}"
js "sources of B's link: B's" "assert {s['id'] for s in j if s['clinic']} == {'clinic', 'nurse'}, j"
error "sources by an unknown token" 404 "'no such page'" "$B/api/sources?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
error "sources with an unknown parameter" 400 "'unknown'" "$B/api/sources?tokn=x"
req "A's page under B: A's sources" 200 "$B$LINK1"
grep -q 'Riverside Nurse Team' "$T/body" && bad "A's page under B lists B's nurses" || ok
grep -q 'class="clinic-vs-guide"' "$T/body" && ok || bad "A's page under B lost the guide beside A's rule"
req "the guide's page under B" 200 "$B$LINK0"
grep -q 'clinic-vs-guide\|guide-side\|Riverside' "$T/body" && bad "the guide's page under B has a clinic's words" || ok
grep -q "it is information, not medical advice. Ask your practitioner" "$T/body" && ok ||
	bad "the guide's page under B lost the guide's disclaimer"

# ---- the page's questions: asked by token, answered under the treatment's own protocol ----
# askswim NAME BODY HOURS: POST /api/ask about swimming; its clear time
askswim() {
	req "$1" 200 -d "$2" "$B/api/ask"
	js "$1: swimming clear after $3 h" "assert j['activity'] == 'swimming' and j['clear_after_hours'] == $3, j"
}
TOK1=${LINK1#/p/}
askswim "ask on A's page under B" "{\"question\": \"can I swim?\", \"token\": \"$TOK1\"}" 336
js "ask on A's page: A's words" "assert 'No swimming for two weeks.' in [p['quote'] for p in j['positions']], j"
js "ask on A's page: the guide beside A's words" "
assert [p['clinic'] for p in j['positions']] == [True], j['positions']
assert 'Dr Yalda Jamali' in [v['name'] for v in j['guide']['voices']], j['guide']
assert not any(p['clinic'] for p in j['guide']['positions']), j['guide']"
req "A's page answering without JavaScript" 200 "$B$LINK1?question=can+I+swim"
"$PY" - "$T/body" <<'PYEOF2' 2>"$T/pyerr" && ok || bad "A's page's answer: the guide beside: $(tail -1 "$T/pyerr")"
import re, sys
ans = re.search(r'<div id="answer".*?</section>', open(sys.argv[1]).read(), re.S).group(0)
assert 'class="clinic-vs-guide"' in ans and 'Dr Yalda Jamali' in ans, ans
side = ans[ans.index('class="guide-side"'):]
assert 'clinic-tag' in ans[:ans.index('class="guide-side"')] and 'clinic-tag' not in side, ans
PYEOF2
askswim "ask on the guide's page under B" "{\"question\": \"can I swim?\", \"token\": \"${LINK0#/p/}\"}" "$GUIDE_SWIM"
askswim "ask without a token: B" '{"question": "can I swim?", "treated": "2026-01-10 10:00"}' 72
askswim "ask by token, source:clinic" "{\"question\": \"can I swim?\", \"token\": \"$TOK1\", \"policy\": \"source:clinic\"}" 336
js "ask by token, its policy" "assert j['profile']['policy'] == 'source:clinic', j"
error "ask by token with a time" 400 "'leave out treated'" -d "{\"question\": \"can I swim?\", \"token\": \"$TOK1\", \"treated\": \"2026-01-10 10:00\"}" "$B/api/ask"
error "ask by an unknown token" 404 "'no such page'" -d '{"question": "can I swim?", "token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}' "$B/api/ask"
error "ask by a short token" 404 "'no such page'" -d '{"question": "can I swim?", "token": "x"}' "$B/api/ask"

# ---- reissue: B on the same link ----
req "reissue A's" 200 -H "$A" -X PATCH -d '{"reissue":true}' "$B/api/treatments/$ID1"
js "reissued: B, the same link" "assert j['protocol'] == '$VB' and j['protocol_current'] is True and j['link'] == '$LINK1', j"
swim "A's link reissued" "$LINK1" 72 "No swimming for three days."
req "A's page reissued" 200 "$B$LINK1"
grep -q 'id="protocol-note"' "$T/body" && bad "a reissued page says a newer protocol exists" || ok
grep -q 'No swimming for two weeks' "$T/body" && bad "a reissued page keeps A's words" || ok
req "audit of the reissue" 200 -H "$A" "$B/api/audit"
js "audit: protocol A -> B" "assert any(a['action'] == 'reissue' and a['treatment'] == $ID1 and 'protocol $VA -> $VB' in a['detail'] for a in j['audit']), j"

# ---- a version whose text was never kept: the current protocol, said ----
db_sql "$DB" "UPDATE treatment SET protocol = '$(printf '%064d' 7)' WHERE id = $ID0" >/dev/null
swim "a version not kept" "$LINK0" 72 "No swimming for three days."
js "a version not kept: not held" "assert j['treatment']['protocol']['held'] is False, j['treatment']"
req "a version not kept: page" 200 "$B$LINK0"
grep -q 'id="protocol-note"[^>]*>[^<]*not available to this server: this plan follows the clinic.s current' "$T/body" && ok ||
	bad "the page does not say the protocol it was issued under is not available"
grep -q "treatment $ID0 was issued under protocol 000000000000, which cannot be used" "$T/log" && ok ||
	bad "the log does not say why: $(tail -3 "$T/log")"

# ---- the kept text can no longer be read on this guide: the same fallback, no crash ----
db_script "$DB" <<EOF
INSERT INTO protocol(hash, body, first_seen) VALUES ('$(printf '%064d' 8)', $(blob 'rules: ['), 0);
UPDATE treatment SET protocol = '$(printf '%064d' 8)' WHERE id = $ID0;
EOF
swim "a kept text that does not load" "$LINK0" 72 "No swimming for three days."
req "still serving" 200 "$B/healthz"

kill "$PID"
wait "$PID" 2>/dev/null
PID=
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
