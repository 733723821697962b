#!/usr/bin/python3
"""expand_ref.py: an independent expansion of a calendar's occurrences, to check aftercare-cal's.

    expand_ref.py FILE.ics FROM TO        (FROM, TO: ISO 8601 instants with an offset)

prints one line per occurrence that overlaps [FROM, TO) or starts at FROM, sorted:
"UID<TAB>START" with START in UTC ("2026-12-02T09:00:00Z"). Nothing of libical is used:
python3-icalendar splits the file into content lines (unfolding, parameters), and the rest
is done here with python3-dateutil (RRULE, VTIMEZONE through dateutil.tz.tzical) and
zoneinfo (IANA zones). It reads calendars as docs/calendar.md says the check does:

- the recurrence set of RFC 5545 3.8.5: DTSTART, every RRULE, every RDATE (DATE-TIME, DATE,
  PERIOD), less every EXDATE (a DATE EXDATE on a DATE-TIME event removes that local day);
- RECURRENCE-ID overrides (3.8.4.4): moved, cancelled (STATUS:CANCELLED), RANGE=THISANDFUTURE
  moving every later instance by the override's offset and giving them its length;
- STATUS:CANCELLED events are not occurrences; an instance given twice counts once;
- zones: the file's VTIMEZONE first, then an IANA name (after an old "/mozilla.org/..."
  prefix), then a Windows name (CLDR windowsZones, the few below), then a Windows display
  name (Microsoft's list, the few below); a TZID on a DATE is
  ignored; floating times in the calendar's X-WR-TIMEZONE, else local time ($TZ); a floating
  RDATE, EXDATE or RECURRENCE-ID in its event's DTSTART zone; dates at local midnight;
- length: DTEND - DTSTART, or DURATION, else a day for a DATE and nothing for a DATE-TIME.
  A time that occurs twice (DST ends) is the first; one that does not occur (a DST gap)
  takes the UTC offset before the gap (RFC 5545 3.3.5).

Events it cannot read (no DTSTART, a zone it cannot find) are named on stderr and left out.
Used as a module by the corpus test in tests/cal/run.sh (expand(), compare()).
"""
import datetime as dt
import io
import os
import re
import sys
import zoneinfo

from dateutil import rrule as du_rrule
from dateutil import tz as du_tz
from icalendar.parser import Contentlines

UTC = dt.timezone.utc

# CLDR windowsZones.xml, territory 001, for the names the corpus uses (and a few more).
WINDOWS = {
    "GMT Standard Time": "Europe/London",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "Tokyo Standard Time": "Asia/Tokyo",
    "India Standard Time": "Asia/Calcutta",
    "New Zealand Standard Time": "Pacific/Auckland",
    "UTC": "Etc/UTC",
}

# Windows' display names of those zones (as `tzutil /l` lists them; Outlook writes them as
# TZIDs), for the names the corpus uses: typed here from Microsoft's list, independently of
# the check, which reads them with ICU's city and zone names (cal/ics_zone.c).
DISPLAY = {
    "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna": "W. Europe Standard Time",
    "(GMT+01.00) Amsterdam / Berlin / Bern / Rome / Stockholm / Vienna": "W. Europe Standard Time",
    "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris": "Romance Standard Time",
    "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague": "Central Europe Standard Time",
    "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb": "Central European Standard Time",
    "(UTC+00:00) Dublin, Edinburgh, Lisbon, London": "GMT Standard Time",
    "(UTC) Dublin, Edinburgh, Lisbon, London": "GMT Standard Time",
    "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London": "GMT Standard Time",
    "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius": "FLE Standard Time",
    "(UTC-05:00) Eastern Time (US & Canada)": "Eastern Standard Time",
    "(UTC-06:00) Central Time (US & Canada)": "Central Standard Time",
    "(UTC-07:00) Mountain Time (US & Canada)": "Mountain Standard Time",
    "(UTC-08:00) Pacific Time (US & Canada)": "Pacific Standard Time",
    "(GMT-08:00) Pacific Time (US & Canada); Tijuana": "Pacific Standard Time",
    "(UTC+10:00) Canberra, Melbourne, Sydney": "AUS Eastern Standard Time",
    "(UTC+12:00) Auckland, Wellington": "New Zealand Standard Time",
    "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi": "India Standard Time",
    "(UTC+09:00) Osaka, Sapporo, Tokyo": "Tokyo Standard Time",
}

# What dateutil's tzical accepts inside a VTIMEZONE; other lines (X-LIC-LOCATION, TZURL
# ...) are dropped before it sees them.
TZICAL_KEEP = {"BEGIN", "END", "TZID", "DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME",
               "RRULE", "RDATE"}


class Unreadable(Exception):
    pass


class Comp:
    def __init__(self, name, parent=None):
        self.name, self.parent, self.props, self.subs, self.lines = name, parent, [], [], []

    def get(self, name):
        for p in self.props:
            if p[0] == name:
                return p
        return None

    def all(self, name):
        return [p for p in self.props if p[0] == name]


def parse(data):
    """The file as a tree of Comp: props are (NAME, {PARAM: value}, value-text)."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.lstrip()
    root = Comp("ROOT")
    cur = root
    for line in Contentlines.from_ical(text):
        if not line:
            continue
        try:
            name, params, value = line.parts()
        except Exception:	# a line the parser cannot split: like libical, go on
            continue
        name = name.upper()
        if name == "BEGIN":
            c = Comp(value.upper(), cur)
            cur.subs.append(c)
            cur = c
        a = cur	# every enclosing component keeps its whole text (VTIMEZONE for tzical)
        while a is not None:
            a.lines.append(str(line))
            a = a.parent
        if name == "BEGIN":
            pass
        elif name == "END":
            if cur.parent is not None:
                cur = cur.parent
        else:
            cur.props.append((name, {k.upper(): v for k, v in params.items()}, value))
    return root


def local_zone():
    name = os.environ.get("TZ")
    if name:
        try:
            return zoneinfo.ZoneInfo(name.lstrip(":"))
        except Exception:
            pass
    return du_tz.tzlocal()


class Zones:
    def __init__(self, vcal):
        self.vtz = {}
        for sub in vcal.subs:
            if sub.name == "VTIMEZONE" and sub.get("TZID"):
                keep = [ln for ln in sub.lines
                        if re.split(r"[;:]", ln, 1)[0].upper() in TZICAL_KEEP]
                try:
                    tzc = du_tz.tzical(io.StringIO("\r\n".join(keep) + "\r\n"))
                    self.vtz[sub.get("TZID")[2]] = tzc.get(tzc.keys()[0])
                except Exception as e:
                    print("expand_ref: VTIMEZONE %s: %s" % (sub.get("TZID")[2], e), file=sys.stderr)
        self.local = local_zone()
        wr = vcal.get("X-WR-TIMEZONE")
        self.floating = self.find(wr[2]) if wr else None
        if self.floating is None:
            self.floating = self.local

    def find(self, tzid):
        if tzid in self.vtz:
            return self.vtz[tzid]
        names = [tzid]
        parts = tzid.strip("/").split("/")
        names += ["/".join(parts[i:]) for i in range(1, len(parts))]	# old prefixes
        for n in names:
            try:
                return zoneinfo.ZoneInfo(n)
            except Exception:
                pass
        if tzid in WINDOWS:
            return zoneinfo.ZoneInfo(WINDOWS[tzid])
        if DISPLAY.get(tzid) in WINDOWS:
            return zoneinfo.ZoneInfo(WINDOWS[DISPLAY[tzid]])
        return None


def parse_value(text, is_date):
    """A DATE or DATE-TIME text: (naive datetime, is_date, utc)."""
    text = text.strip()
    if is_date or re.fullmatch(r"\d{8}", text):
        return dt.datetime.strptime(text, "%Y%m%d"), True, False
    utc = text.endswith("Z")
    return dt.datetime.strptime(text.rstrip("Z"), "%Y%m%dT%H%M%S"), False, utc


def instant(naive, is_date, utc, zone, zones):
    """A wall-clock time as an aware instant: dates at local midnight."""
    if is_date:
        return naive.replace(tzinfo=zones.local).astimezone(UTC)
    if utc:
        return naive.replace(tzinfo=UTC)
    return resolve(naive, zone)


def resolve(wall, zone):
    """RFC 5545 3.3.5, worked out here rather than left to the zone library (dateutil's
    tzical reads gap times its own way): a wall-clock time that occurs twice is the first
    occurrence; one that does not occur (a DST gap) takes the UTC offset before the gap."""
    def offset_at(t):	# the zone's offset at UTC instant t
        return t.replace(tzinfo=UTC).astimezone(zone).utcoffset()
    before = offset_at(wall - dt.timedelta(days=2))
    after = offset_at(wall + dt.timedelta(days=2))
    cands = [wall - before, wall - after] if before != after else [wall - before]
    valid = [c for c in cands if c + offset_at(c) == wall]
    return (min(valid) if valid else wall - before).replace(tzinfo=UTC)


def zone_of(prop, zones, default):
    """The zone of a property's value: its TZID's, else default (floating)."""
    tzid = prop[1].get("TZID")
    if tzid is None:
        return default
    z = zones.find(tzid)
    if z is None:
        raise Unreadable('unknown time zone "%s"' % tzid)
    return z


def parse_duration(text):
    m = re.fullmatch(r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
                     text.strip())
    if not m:
        raise Unreadable("bad DURATION " + text)
    sign, w, d, h, mi, s = m.groups()
    secs = (int(w or 0) * 7 + int(d or 0)) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + int(s or 0)
    return dt.timedelta(seconds=-secs if sign == "-" else secs)


class Event:
    def __init__(self, comp, zones):
        self.uid = comp.get("UID")[2] if comp.get("UID") else ""
        start = comp.get("DTSTART")
        if not start:
            raise Unreadable("no DTSTART")
        self.naive, self.is_date, self.utc = parse_value(start[2], start[1].get("VALUE") == "DATE")
        self.zone = UTC if self.utc else zones.local if self.is_date else zone_of(start, zones, zones.floating)
        self.zones = zones
        self.start = instant(self.naive, self.is_date, self.utc, self.zone, zones)
        end, dur = comp.get("DTEND"), comp.get("DURATION")
        if end:
            n, d, u = parse_value(end[2], end[1].get("VALUE") == "DATE")
            ez = UTC if u else zones.local if d else zone_of(end, zones, self.zone)
            self.length = instant(n, d, u, ez, zones) - self.start
        elif dur:
            self.length = parse_duration(dur[2])
        else:
            self.length = dt.timedelta(days=1) if self.is_date else dt.timedelta(0)
        if self.length < dt.timedelta(0):
            raise Unreadable("ends before it starts")
        self.cancelled = (comp.get("STATUS") or ("", {}, ""))[2].upper() == "CANCELLED"
        rid = comp.get("RECURRENCE-ID")
        self.recid = self.future = None
        if rid:
            n, d, u = parse_value(rid[2], rid[1].get("VALUE") == "DATE")
            self.recid = instant(n, d, u, UTC if u else zone_of(rid, zones, self.zone), zones)
            self.future = rid[1].get("RANGE", "").upper() == "THISANDFUTURE"
        self.rules = [p[2] for p in comp.all("RRULE")]
        self.rdates = []	# (instant, length)
        for p in comp.all("RDATE"):
            kind = p[1].get("VALUE", "").upper()
            z = zone_of(p, zones, self.zone)
            for v in p[2].split(","):
                if kind == "PERIOD" or "/" in v:
                    a, b = v.split("/")
                    n, d, u = parse_value(a, False)
                    s = instant(n, d, u, z, zones)
                    if b.strip().lstrip("+-").startswith("P"):
                        length = parse_duration(b)
                    else:
                        n2, d2, u2 = parse_value(b, False)
                        length = instant(n2, d2, u2, z, zones) - s
                    self.rdates.append((s, length))
                else:
                    n, d, u = parse_value(v, kind == "DATE")
                    self.rdates.append((instant(n, d, u, z, zones), self.length))
        self.exdates, self.exdays = set(), set()
        for p in comp.all("EXDATE"):
            z = zone_of(p, zones, self.zone)
            for v in p[2].split(","):
                n, d, u = parse_value(v, p[1].get("VALUE", "").upper() == "DATE")
                if d and not self.is_date:
                    self.exdays.add(n.date())
                else:
                    self.exdates.add(instant(n, d, u, z, zones))

    def wall_day(self, t):
        """The date of instant t in the event's own zone (for DATE EXDATEs)."""
        return t.astimezone(self.zone).date()

    def rule(self, text):
        """A dateutil rule over naive wall-clock times in the event's zone."""
        parts = []
        for kv in text.split(";"):
            k, _, v = kv.partition("=")
            if k.upper() == "UNTIL":
                n, d, u = parse_value(v, False)
                if u:	# to the event's wall clock: dateutil wants both naive
                    w = n.replace(tzinfo=UTC).astimezone(self.zone if not self.is_date else self.zones.local)
                    n = w.replace(tzinfo=None)
                elif d and not self.is_date:
                    n = n.replace(hour=23, minute=59, second=59)
                v = n.strftime("%Y%m%dT%H%M%S")
            parts.append(k + "=" + v)
        return du_rrule.rrulestr(";".join(parts), dtstart=self.naive)

    def to_instant(self, naive):
        return instant(naive, self.is_date, self.utc, self.zone, self.zones)

    def instances(self, lo, hi):
        """The recurrence set's (nominal start, length) with starts in [lo, hi)."""
        out = {}
        if lo <= self.start < hi:
            out[self.start] = self.length
        zone = UTC if self.utc else self.zones.local if self.is_date else self.zone
        wlo = (lo.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=2))
        whi = (hi.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=2))
        for text in self.rules:
            for n in self.rule(text).between(wlo, whi, inc=True):
                t = self.to_instant(n)
                if lo <= t < hi:
                    out.setdefault(t, self.length)
        for t, length in self.rdates:
            if lo <= t < hi:
                out.setdefault(t, length)
        return {t: length for t, length in out.items()
                if t not in self.exdates and self.wall_day(t) not in self.exdays}


def events_of(root):
    """(Event, event number) of every readable VEVENT, in file order."""
    evs = []
    n = 0
    for vcal in (c for c in root.subs if c.name == "VCALENDAR"):
        zones = Zones(vcal)
        for c in vcal.subs:
            if c.name != "VEVENT":
                continue
            n += 1
            try:
                evs.append(Event(c, zones))
            except (Unreadable, ValueError) as e:
                print("expand_ref: event %d: %s" % (n, e), file=sys.stderr)
    return evs


def in_window(start, length, lo, hi):
    return start < hi and (start + length > lo or start >= lo)


def expand(data, lo, hi):
    """Sorted (UID, start in UTC) of the occurrences in the window [lo, hi)."""
    evs = events_of(parse(data))
    series = {}
    for e in evs:
        series.setdefault(e.uid, []).append(e)
    occ = set()
    for uid, group in series.items():
        overrides = [e for e in group if e.recid is not None]
        shift = max([abs(o.start - o.recid) for o in overrides], default=dt.timedelta(0))
        for o in overrides:
            if not o.cancelled and in_window(o.start, o.length, lo, hi):
                occ.add((uid, o.start))
        for m in (e for e in group if e.recid is None and not e.cancelled):
            margin = m.length + shift + dt.timedelta(days=1)
            for t, length in m.instances(lo - margin, hi + shift + dt.timedelta(seconds=1)).items():
                if any(o.recid == t for o in overrides):
                    continue	# the override stands in its place (or it was cancelled)
                future = [o for o in overrides if o.future and o.recid < t]
                if future:
                    f = max(future, key=lambda o: o.recid)
                    if f.cancelled:
                        continue
                    t, length = t + (f.start - f.recid), f.length
                if in_window(t, length, lo, hi):
                    occ.add((uid, t))
    return sorted(occ)


def fmt(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    lo, hi = dt.datetime.fromisoformat(argv[2]), dt.datetime.fromisoformat(argv[3])
    with open(argv[1], "rb") as f:
        data = f.read()
    for uid, t in expand(data, lo, hi):
        print("%s\t%s" % (uid, fmt(t)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
