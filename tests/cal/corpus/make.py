#!/usr/bin/python3
"""make.py: writes the calendar corpus of tests/cal/corpus/ (README.md says what each file
models and where its shape was seen). Every file is ours: written here from the shapes that
real apps export (their PRODIDs, VTIMEZONE styles, X- properties, how they write series,
exceptions and all-day events), with our own events, UIDs and dates. Run it from anywhere;
it rewrites the .ics files beside it and treated.tsv (the treatment time each file is checked
against, when not the default)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = "20261115T120000Z"

# ---- time zones: (std offset, dst offset, dst start, std start) as VTIMEZONE rules ----
EU = ("BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU")
US = ("BYMONTH=3;BYDAY=2SU", "BYMONTH=11;BYDAY=1SU")
AU = ("BYMONTH=10;BYDAY=1SU", "BYMONTH=4;BYDAY=1SU")
NZ = ("BYMONTH=9;BYDAY=-1SU", "BYMONTH=4;BYDAY=1SU")
ZONES = {	# offsets, rules, local hour of the change into DST and back, names
    "Europe/London": ("+0000", "+0100", EU, "010000", "020000", "GMT", "BST"),
    "Europe/Berlin": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "Europe/Paris": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "Europe/Vienna": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "Europe/Zurich": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "Europe/Brussels": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "Europe/Madrid": ("+0100", "+0200", EU, "020000", "030000", "CET", "CEST"),
    "America/New_York": ("-0500", "-0400", US, "020000", "020000", "EST", "EDT"),
    "America/Chicago": ("-0600", "-0500", US, "020000", "020000", "CST", "CDT"),
    "America/Los_Angeles": ("-0800", "-0700", US, "020000", "020000", "PST", "PDT"),
    "Australia/Sydney": ("+1000", "+1100", AU, "020000", "030000", "AEST", "AEDT"),
    "Pacific/Auckland": ("+1200", "+1300", NZ, "020000", "030000", "NZST", "NZDT"),
}
FIRST = {EU: ("0329", "1025"), US: ("0308", "1101"), AU: ("1004", "0405"), NZ: ("0927", "0405")}


def vtimezone(tzid, zone, style="google"):
    """A VTIMEZONE as the app of that style writes it."""
    std, dst, rules, on, off, sname, dname = ZONES[zone]
    if style == "outlook":	# Exchange/Outlook: year 1601, INTERVAL=1, no names
        y, d_on, d_off, extra = "1601", "0101", "0101", []
    elif style == "zimbra":	# Zimbra: year 1601 (or 1971), names
        y, d_on, d_off, extra = "1601", "0101", "0101", []
    elif style == "apple":
        y, (d_on, d_off), extra = "1996", FIRST[rules], []
    elif style == "ical4j":	# DAVx5 (ical4j): a TZURL and the zone's name
        y, (d_on, d_off), extra = "1970", FIRST[rules], ["TZURL:https://www.tzurl.org/zoneinfo/" + zone,
                                                          "X-LIC-LOCATION:" + zone]
    else:	# Google, Nextcloud, Thunderbird: 1970 and X-LIC-LOCATION
        y, (d_on, d_off), extra = "1970", FIRST[rules], ["X-LIC-LOCATION:" + zone]
    interval = "INTERVAL=1;" if style == "outlook" else ""
    named = style != "outlook"
    out = ["BEGIN:VTIMEZONE", "TZID:" + tzid] + extra
    out += ["BEGIN:STANDARD", "DTSTART:%s%sT%s" % (y, d_off, off), "TZOFFSETFROM:" + dst,
            "TZOFFSETTO:" + std, "RRULE:FREQ=YEARLY;%s%s" % (interval, rules[1])]
    out += ["TZNAME:" + sname] if named else []
    out += ["END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:%s%sT%s" % (y, d_on, on),
            "TZOFFSETFROM:" + std, "TZOFFSETTO:" + dst, "RRULE:FREQ=YEARLY;%s%s" % (interval, rules[0])]
    out += ["TZNAME:" + dname] if named else []
    out += ["END:DAYLIGHT", "END:VTIMEZONE"]
    return out


def fold(line):
    """RFC 5545 3.1: lines of at most 75 octets, never cutting a UTF-8 character."""
    b = line.encode("utf-8")
    out, first = [], True
    while len(b) > (75 if first else 74):
        n = 75 if first else 74
        while (b[n] & 0xC0) == 0x80:
            n -= 1
        out.append(b[:n])
        b = b[n:]
        first = False
    out.append(b)
    return b"\r\n ".join(out)


def write(name, head, tzs, events, treated=None, tail=None):
    lines = ["BEGIN:VCALENDAR"] + head
    for t in tzs:
        lines += t
    for e in events:
        lines += ["BEGIN:VEVENT"] + e + ["END:VEVENT"]
    lines += ["END:VCALENDAR"] + (tail or [])
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(b"".join(fold(ln) + b"\r\n" for ln in lines))
    if treated:
        TREATED.append((name, treated))


TREATED = []

# ======================= Google Calendar =======================
GHEAD = ["PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
         "METHOD:PUBLISH"]


def gev(uid, summary, start, end=None, extra=(), created="20190104T090000Z"):
    """A Google event: its fixed order of properties, empty DESCRIPTION and LOCATION."""
    e = [start] + ([end] if end else []) + list(extra)
    return e + ["DTSTAMP:" + STAMP, "UID:%s@google.com" % uid, "CREATED:" + created,
                "DESCRIPTION:", "LAST-MODIFIED:20261101T101010Z", "LOCATION:", "SEQUENCE:0",
                "STATUS:CONFIRMED", "SUMMARY:" + summary, "TRANSP:OPAQUE"]


def ghead(name, tz):
    return GHEAD + ["X-WR-CALNAME:" + name, "X-WR-TIMEZONE:" + tz]


write("google-weekly-gym-exdate.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("0u5k1jq7gkq2m9b3p0ho8ds7ab", "Gym",
           "DTSTART;TZID=Europe/London:20190107T071500", "DTEND;TZID=Europe/London:20190107T081500",
           ["RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR", "EXDATE;TZID=Europe/London:20261204T071500",
            "EXDATE;TZID=Europe/London:20261225T071500"]),
       gev("5n2ohv3r6ml1o0bfcq9q1lgu1c", "Dentist", "DTSTART:20261203T143000Z", "DTEND:20261203T150000Z")])

write("google-daily-standup-moved.ics", ghead("Work", "Europe/Berlin"),
      [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [gev("7hq4d2tq9o5s7b6u1h3lq3rj8e", "Stand-up",
           "DTSTART;TZID=Europe/Berlin:20250303T093000", "DTEND;TZID=Europe/Berlin:20250303T094500",
           ["RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20261218T225959Z;BYDAY=MO,TU,WE,TH,FR"]),
       gev("7hq4d2tq9o5s7b6u1h3lq3rj8e", "Stand-up (moved)",
           "DTSTART;TZID=Europe/Berlin:20261208T113000", "DTEND;TZID=Europe/Berlin:20261208T114500",
           ["RECURRENCE-ID;TZID=Europe/Berlin:20261208T093000"])])

write("google-deleted-and-cancelled.ics", ghead("Family", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("1b0ocl4l6o2m3k8n0q9rj2ps4t", "Swimming lesson",
           "DTSTART;TZID=Europe/London:20240913T170000", "DTEND;TZID=Europe/London:20240913T174500",
           ["RRULE:FREQ=WEEKLY;BYDAY=FR", "EXDATE;TZID=Europe/London:20261218T170000"]),
       gev("1b0ocl4l6o2m3k8n0q9rj2ps4t", "Swimming lesson",
           "DTSTART;TZID=Europe/London:20261211T170000", "DTEND;TZID=Europe/London:20261211T174500",
           ["RECURRENCE-ID;TZID=Europe/London:20261211T170000"])[:-3] +
       ["STATUS:CANCELLED", "SUMMARY:Swimming lesson", "TRANSP:OPAQUE"]])

write("google-allday-birthdays-holiday.ics", ghead("Birthdays", "Europe/London"), [],
      [gev("2a7l9c5m3b1n8p0q6r4s2t0u1v", "Mum's birthday", "DTSTART;VALUE=DATE:19850312",
           "DTEND;VALUE=DATE:19850313", ["RRULE:FREQ=YEARLY"]),
       gev("3b8m0d6n4c2o9q1r7s5t3u1v2w", "Tom's birthday", "DTSTART;VALUE=DATE:19921207",
           "DTEND;VALUE=DATE:19921208", ["RRULE:FREQ=YEARLY"]),
       gev("4c9n1e7o5d3p0r2s8t6u4v2w3x", "Beach holiday in Lanzarote", "DTSTART;VALUE=DATE:20261212",
           "DTEND;VALUE=DATE:20261219")])

write("google-monthly-count.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("6e1p3g9q7f5r2t4u0v8w6x4y5z", "Facial at the salon",
           "DTSTART;TZID=Europe/London:20260615T160000", "DTEND;TZID=Europe/London:20260615T170000",
           ["RRULE:FREQ=MONTHLY;COUNT=12;BYMONTHDAY=15"])])

write("google-floating-x-wr-timezone.ics", ghead("Club feed", "America/New_York"), [],
      [gev("8g3r5i1s9h7t4v6w2x0y8z6a7b", "Pool night", "DTSTART:20261203T190000", "DTEND:20261203T210000"),
       gev("9h4s6j2t0i8u5w7x3y1z9a7b8c", "Hot yoga", "DTSTART:20261120T183000",
           "DTEND:20261120T193000", ["RRULE:FREQ=WEEKLY"]),
       gev("0i5t7k3u1j9v6x8y4z2a0b8c9d", "Board meeting", "DTSTART:20261207T170000Z", "DTEND:20261207T180000Z")])

write("google-monthly-first-tuesday.ics", ghead("Book club", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("a1j6u8l4v2k0w7y9z5a3b1c9d0", "Book club",
           "DTSTART;TZID=Europe/London:20150106T193000", "DTEND;TZID=Europe/London:20150106T213000",
           ["RRULE:FREQ=MONTHLY;BYDAY=1TU"], created="20141220T101500Z")])

write("google-biweekly-wkst-su.ics", ghead("Kids", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("b2k7v9m5w3l1x8z0a6b4c2d0e1", "Climbing wall",
           "DTSTART;TZID=Europe/London:20230907T180000", "DTEND;TZID=Europe/London:20230907T200000",
           ["RRULE:FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=TH"])])

write("google-us-dst-weekly.ics", ghead("Anna (LA)", "America/Los_Angeles"),
      [vtimezone("America/Los_Angeles", "America/Los_Angeles")],
      [gev("c3l8w0n6x4m2y9a1b7c5d3e1f2", "Spin class",
           "DTSTART;TZID=America/Los_Angeles:20250902T063000",
           "DTEND;TZID=America/Los_Angeles:20250902T073000", ["RRULE:FREQ=WEEKLY;BYDAY=TU,SU"]),
       gev("d4m9x1o7y5n3z0b2c8d6e4f2g3", "Sunday brunch",
           "DTSTART;TZID=America/Los_Angeles:20261101T013000",
           "DTEND;TZID=America/Los_Angeles:20261101T023000")],
      treated="2026-10-28 10:00")

write("google-sydney-dst-weekly.ics", ghead("Sydney", "Australia/Sydney"),
      [vtimezone("Australia/Sydney", "Australia/Sydney")],
      [gev("e5n0y2p8z6o4a1c3d9e7f5g3h4", "Beach swim",
           "DTSTART;TZID=Australia/Sydney:20240106T070000",
           "DTEND;TZID=Australia/Sydney:20240106T080000", ["RRULE:FREQ=WEEKLY;BYDAY=SA,SU"])],
      treated="2026-09-28 10:00")

big = []
for i in range(30):	# single events over the weeks around the treatment, in UTC as Google writes them
    big.append(gev("f%02d%s" % (i, "o7a3q9b7p5c2e4f0g8h6i4j5"), ["Meeting", "Lunch with Sam", "Call",
                   "Sauna", "Run club"][i % 5],
                   "DTSTART:2026%02d%02dT%02d0000Z" % (12, 1 + (i * 3) % 28, 8 + i % 10),
                   "DTEND:2026%02d%02dT%02d3000Z" % (12, 1 + (i * 3) % 28, 8 + i % 10)))
big.append(gev("g6o1z3q9a7p5b2d4e0f8g6h4i5", "Morning run", "DTSTART;TZID=Europe/London:20120102T063000",
               "DTEND;TZID=Europe/London:20120102T071500",
               ["RRULE:FREQ=DAILY"] + ["EXDATE;TZID=Europe/London:202612%02dT063000" % d for d in (5, 6, 12, 13, 19, 20, 24, 25, 26)],
               created="20111230T120000Z"))
write("google-busy-calendar-daily-since-2012.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")], big)

write("google-split-series.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("h7p2a4r0b8q6c3e5f1g9h7i5j6", "Pilates",
           "DTSTART;TZID=Europe/London:20250108T180000", "DTEND;TZID=Europe/London:20250108T190000",
           ["RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20261208T235959Z;BYDAY=WE"]),
       gev("h7p2a4r0b8q6c3e5f1g9h7i5j6_R20261209T180000", "Pilates",
           "DTSTART;TZID=Europe/London:20261210T073000", "DTEND;TZID=Europe/London:20261210T083000",
           ["RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TH"])])

write("google-long-description-attendees.ics", ghead("Work", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [["DTSTART;TZID=Europe/London:20261202T120000", "DTEND;TZID=Europe/London:20261202T130000",
        "RRULE:FREQ=WEEKLY;COUNT=4", "DTSTAMP:" + STAMP, "ORGANIZER;CN=Sam Jones:mailto:sam@example.org",
        "UID:i8q3b5s1c9r7d4f6g2h0i8j6k7@google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna Smith;X-NUM-GUESTS=0:mailto:anna@example.org",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Bo Chen;X-NUM-GUESTS=0:mailto:bo@example.org",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij", "CREATED:20261101T100000Z",
        "DESCRIPTION:Agenda: the year's review\\, then lunch at the café by the lake (Zürich Straße 12). "
        "Bring the numbers\\; the slides are in the shared folder. -::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\\n"
        "Join with Google Meet: https://meet.google.com/abc-defg-hij",
        "LAST-MODIFIED:20261101T100000Z", "LOCATION:Room 4\\, Level 2", "SEQUENCE:1", "STATUS:CONFIRMED",
        "SUMMARY:Year review – planning", "TRANSP:OPAQUE",
        "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder", "TRIGGER:-P0DT0H10M0S",
        "END:VALARM"]])

write("google-weekday-series-since-2010.ics", ghead("Commute", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("j9r4c6t2d0s8e5g7h3i1j9k7l8", "Train to Leeds",
           "DTSTART;TZID=Europe/London:20100104T074500", "DTEND;TZID=Europe/London:20100104T090000",
           ["RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"], created="20091230T120000Z")])

# ======================= Outlook / Exchange =======================
OHEAD = ["METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0", "X-WR-CALNAME:Calendar"]
OUID = "040000008200E00074C5B7101A82E00800000000%s00000000000000001000000%s"


def oev(uid, summary, start, end, extra=(), allday=False, busy="BUSY"):
    """An Exchange event: its order, the long UID, the X-MICROSOFT-CDO block."""
    return (list(extra) + ["UID:" + uid, "SUMMARY:" + summary, start, end, "CLASS:PUBLIC",
            "PRIORITY:5", "DTSTAMP:" + STAMP, "TRANSP:OPAQUE", "STATUS:CONFIRMED", "SEQUENCE:0",
            "LOCATION:", "X-MICROSOFT-CDO-APPT-SEQUENCE:0", "X-MICROSOFT-CDO-BUSYSTATUS:" + busy,
            "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
            "X-MICROSOFT-CDO-ALLDAYEVENT:" + ("TRUE" if allday else "FALSE"),
            "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:%d" % (1 if any(
                x.startswith("RRULE") for x in extra) else 0),
            "X-MICROSOFT-DONOTFORWARDMEETING:FALSE", "X-MICROSOFT-DISALLOW-COUNTER:FALSE"])


W = "W. Europe Standard Time"
write("outlook-weekly-w-europe.ics", OHEAD, [vtimezone(W, "Europe/Berlin", "outlook")],
      [oev(OUID % ("A1B2C3D4E5F6A7B8", "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D"), "Yoga",
           "DTSTART;TZID=%s:20240604T183000" % W, "DTEND;TZID=%s:20240604T193000" % W,
           ["RRULE:FREQ=WEEKLY;UNTIL=20270629T163000Z;INTERVAL=1;BYDAY=TU;WKST=MO",
            "EXDATE;TZID=%s:20261215T183000" % W])])

G = "GMT Standard Time"
u = OUID % ("B2C3D4E5F6A7B8C9", "2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E")
write("outlook-gmt-daily-moved.ics", OHEAD, [vtimezone(G, "Europe/London", "outlook")],
      [oev(u, "Team check-in", "DTSTART;TZID=%s:20250106T090000" % G, "DTEND;TZID=%s:20250106T091500" % G,
           ["RRULE:FREQ=DAILY;INTERVAL=1"]),
       oev(u, "Team check-in", "DTSTART;TZID=%s:20261209T140000" % G, "DTEND;TZID=%s:20261209T141500" % G,
           ["RECURRENCE-ID;TZID=%s:20261209T090000" % G])])

write("outlook-com-windows-zone-no-vtimezone.ics",
      ["METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0", "X-WR-CALNAME:Calendar"], [],
      [oev(OUID % ("C3D4E5F6A7B8C9D0", "3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F"), "Sauna with Jo",
           "DTSTART;TZID=Pacific Standard Time:20261205T100000",
           "DTEND;TZID=Pacific Standard Time:20261205T113000"),
       oev(OUID % ("D4E5F6A7B8C9D0E1", "4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A"), "Weekly sync",
           "DTSTART;TZID=Eastern Standard Time:20260105T110000",
           "DTEND;TZID=Eastern Standard Time:20260105T113000",
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=SU"])])

E = "Eastern Standard Time"
write("outlook-us-dst-monthly-second-wednesday.ics", OHEAD, [vtimezone(E, "America/New_York", "outlook")],
      [oev(OUID % ("E5F6A7B8C9D0E1F2", "5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B"), "Skin clinic review",
           "DTSTART;TZID=%s:20250813T083000" % E, "DTEND;TZID=%s:20250813T090000" % E,
           ["RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=2WE"]),
       oev(OUID % ("F6A7B8C9D0E1F2A3", "6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C"), "Sunday swim",
           "DTSTART;TZID=%s:20250105T090000" % E, "DTEND;TZID=%s:20250105T100000" % E,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=SU;WKST=SU"])],
      treated="2026-03-05 10:00")

write("outlook-allday-weekly-exdate-tzid.ics", OHEAD, [vtimezone(G, "Europe/London", "outlook")],
      [oev(OUID % ("A7B8C9D0E1F2A3B4", "7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D"), "Office day",
           "DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260106",
           ["RRULE:FREQ=WEEKLY;UNTIL=20270101T000000Z;INTERVAL=1;BYDAY=MO;WKST=MO",
            "EXDATE;TZID=%s:20261214T000000" % G], allday=True, busy="FREE")])

write("outlook16-romance-weekly.ics",
      ["PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0", "METHOD:PUBLISH",
       "X-CALSTART:20240101T000000Z", "X-CALEND:20271231T000000Z", "X-WR-RELCALID:{0000002E-1A2B-3C4D}",
       "X-MS-OLK-FORCEINSPECTOROPEN:TRUE"],
      [vtimezone("Romance Standard Time", "Europe/Paris", "outlook")],
      [["CLASS:PUBLIC", "CREATED:20240110T101010Z", "DESCRIPTION:\\n",
        "DTEND;TZID=\"Romance Standard Time\":20240116T130000",
        "DTSTAMP:" + STAMP, "DTSTART;TZID=\"Romance Standard Time\":20240116T120000",
        "LAST-MODIFIED:20240110T101010Z", "LOCATION:Piscine Pontoise", "PRIORITY:5",
        "RRULE:FREQ=WEEKLY;BYDAY=TU;INTERVAL=1;WKST=SU", "SEQUENCE:0", "SUMMARY;LANGUAGE=fr:Piscine",
        "TRANSP:OPAQUE", "UID:" + OUID % ("B8C9D0E1F2A3B4C5", "8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E"),
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        "X-MS-OLK-AUTOFILLLOCATION:FALSE", "X-MS-OLK-CONFTYPE:0"]])

write("outlook-customized-time-zone.ics", OHEAD,
      [vtimezone("Customized Time Zone", "Europe/London", "outlook")],
      [oev(OUID % ("C9D0E1F2A3B4C5D6", "9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F"), "Steam room",
           "DTSTART;TZID=Customized Time Zone:20261202T200000",
           "DTEND;TZID=Customized Time Zone:20261202T210000",
           ["RRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=1;BYDAY=WE;WKST=MO"])])

write("outlook-exdate-list.ics", OHEAD, [vtimezone(W, "Europe/Berlin", "outlook")],
      [oev(OUID % ("D0E1F2A3B4C5D6E7", "0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A"), "Running group",
           "DTSTART;TZID=%s:20230302T180000" % W, "DTEND;TZID=%s:20230302T190000" % W,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;WKST=MO",
            "EXDATE;TZID=%s:20261203T180000,20261208T180000,20261224T180000" % W])])

AUS = "AUS Eastern Standard Time"
write("outlook-aus-eastern-dst.ics", OHEAD, [vtimezone(AUS, "Australia/Sydney", "outlook")],
      [oev(OUID % ("E1F2A3B4C5D6E7F8", "1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B"), "Surf lesson",
           "DTSTART;TZID=%s:20250906T083000" % AUS, "DTEND;TZID=%s:20250906T100000" % AUS,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;WKST=SU"])],
      treated="2026-09-28 10:00")

# ======================= Apple iCloud / macOS / iOS =======================
AHEAD = ["VERSION:2.0", "PRODID:-//Apple Inc.//macOS 14.4//EN", "CALSCALE:GREGORIAN"]


def aev(uid, summary, start, end, extra=()):
    return (["CREATED:20240301T101010Z", "DTEND" + end, "DTSTAMP:" + STAMP] + list(extra) +
            ["SEQUENCE:0", "SUMMARY:" + summary, "DTSTART" + start, "TRANSP:OPAQUE",
             "UID:" + uid, "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
             "BEGIN:VALARM", "X-WR-ALARMUID:7D3C1C26-0E8A-4D2B-9C34-%s" % uid[-12:],
             "UID:7D3C1C26-0E8A-4D2B-9C34-%s" % uid[-12:], "TRIGGER:-PT30M",
             "ATTACH;VALUE=URI:Chord", "ACTION:AUDIO", "END:VALARM"])


u = "3F5A9C1E-7B2D-4E6F-8A0C-1D3E5F7A9B2C"
write("apple-weekly-yoga-moved.ics", AHEAD, [vtimezone("Europe/Paris", "Europe/Paris", "apple")],
      [aev(u, "Yoga", ";TZID=Europe/Paris:20240305T190000", ";TZID=Europe/Paris:20240305T200000",
           ["RRULE:FREQ=WEEKLY"]),
       aev(u, "Yoga", ";TZID=Europe/Paris:20261211T080000", ";TZID=Europe/Paris:20261211T090000",
           ["RECURRENCE-ID;TZID=Europe/Paris:20261208T190000"])])

u = "8A2B4C6D-1E3F-4A5B-9C7D-2E4F6A8B0C1D"
write("apple-thisandfuture.ics", AHEAD, [vtimezone("Europe/London", "Europe/London", "apple")],
      [aev(u, "Cold water swim", ";TZID=Europe/London:20250104T090000", ";TZID=Europe/London:20250104T100000",
           ["RRULE:FREQ=WEEKLY;BYDAY=SA"]),
       aev(u, "Cold water swim (new time)", ";TZID=Europe/London:20261212T110000",
           ";TZID=Europe/London:20261212T113000",
           ["RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261212T090000"])])

write("apple-allday-multiday.ics", AHEAD, [],
      [aev("C4D6E8F0-2A4B-4C6D-8E0F-3A5B7C9D1E2F", "Ski trip", ";VALUE=DATE:20261219", ";VALUE=DATE:20261227"),
       aev("D5E7F9A1-3B5C-4D7E-9F1A-4B6C8D0E2F3A", "Spa weekend", ";VALUE=DATE:20261130", ";VALUE=DATE:20261203")])

write("apple-icloud-published-x-wr.ics",
      ["METHOD:PUBLISH", "VERSION:2.0", "X-WR-CALNAME:Family", "PRODID:-//Apple Inc.//iCloud 2.0//EN",
       "X-APPLE-CALENDAR-COLOR:#34AADC", "X-WR-TIMEZONE:Europe/Madrid", "CALSCALE:GREGORIAN"],
      [vtimezone("Europe/Madrid", "Europe/Madrid", "apple")],
      [aev("E6F8A0B2-4C6D-4E8F-A0B2-5C7D9E1F3A4B", "Piscina con los niños",
           ";TZID=Europe/Madrid:20250915T173000", ";TZID=Europe/Madrid:20250915T183000",
           ["RRULE:FREQ=WEEKLY;BYDAY=MO,TH"]),
       aev("F7A9B1C3-5D7E-4F9A-B1C3-6D8E0F2A4B5C", "Cena", ":20261204T210000", ":20261204T230000")])

write("apple-monthly-last-day.ics", AHEAD, [vtimezone("Europe/London", "Europe/London", "apple")],
      [aev("A8B0C2D4-6E8F-4A0B-C2D4-7E9F1A3B5C6D", "Pay rent", ";TZID=Europe/London:20230131T090000",
           ";TZID=Europe/London:20230131T091500", ["RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"]),
       aev("B9C1D3E5-7F9A-4B1C-D3E5-8F0A2B4C6D7E", "Peel top-up", ";TZID=Europe/London:20260301T100000",
           ";TZID=Europe/London:20260301T110000", ["RRULE:FREQ=MONTHLY;BYMONTHDAY=-2;COUNT=20"])],
      treated="2026-12-20 10:00")

write("apple-ios-birthday-since-1990.ics",
      ["VERSION:2.0", "PRODID:-//Apple Inc.//iOS 17.1//EN", "CALSCALE:GREGORIAN"], [],
      [aev("C0D2E4F6-8A0B-4C2D-E4F6-9A1B3C5D7E8F", "Dad's birthday", ";VALUE=DATE:19901214",
           ";VALUE=DATE:19901215", ["RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=14"]),
       aev("D1E3F5A7-9B1C-4D3E-F5A7-0B2C4D6E8F9A", "Anniversary", ";VALUE=DATE:20101202",
           ";VALUE=DATE:20101203", ["RRULE:FREQ=YEARLY;INTERVAL=1"])])

write("apple-weekly-until-rdate.ics", AHEAD, [vtimezone("Europe/London", "Europe/London", "apple")],
      [aev("E2F4A6B8-0C2D-4E4F-A6B8-1C3D5E7F9A0B", "Tennis", ";TZID=Europe/London:20260906T100000",
           ";TZID=Europe/London:20260906T113000",
           ["RRULE:FREQ=WEEKLY;UNTIL=20261213T235959Z", "RDATE;TZID=Europe/London:20261223T100000"])])

# ======================= Thunderbird / Lightning =======================
THEAD = ["PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", "VERSION:2.0"]


def tev(uid, summary, start, end, extra=(), gen=3):
    return (["CREATED:20250421T090544Z", "LAST-MODIFIED:20251021T090624Z", "DTSTAMP:" + STAMP,
             "UID:" + uid, "SUMMARY:" + summary] + list(extra) +
            ["DTSTART" + start, "DTEND" + end, "TRANSP:OPAQUE", "X-MOZ-GENERATION:%d" % gen, "SEQUENCE:1"])


MB = "/mozilla.org/20050126_1/Europe/Berlin"
write("thunderbird-old-mozilla-tzid-vtimezone.ics", THEAD, [vtimezone(MB, "Europe/Berlin")],
      [tev("a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Sauna", ";TZID=%s:20081104T190000" % MB,
           ";TZID=%s:20081104T210000" % MB, ["RRULE:FREQ=WEEKLY;INTERVAL=1"])])

MN = "/mozilla.org/20070129_1/America/New_York"
write("thunderbird-mozilla-tzid-no-vtimezone.ics", THEAD, [],
      [tev("b4a2d3e5-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "Gym", ";TZID=%s:20261203T070000" % MN,
           ";TZID=%s:20261203T080000" % MN),
       tev("c5b3e4f6-7a8b-4c9d-0e1f-2a3b4c5d6e7f", "Rowing", ";TZID=%s:20200104T080000" % MN,
           ";TZID=%s:20200104T093000" % MN, ["RRULE:FREQ=WEEKLY;BYDAY=SA"])])

u = "d6c4f5a7-8b9c-4d0e-1f2a-3b4c5d6e7f8a"
write("thunderbird-moved-and-edited.ics", THEAD, [vtimezone("Europe/London", "Europe/London")],
      [tev(u, "Swim training", ";TZID=Europe/London:20261130T183000", ";TZID=Europe/London:20261130T193000",
           ["RRULE:FREQ=DAILY;UNTIL=20261206T183000Z"], gen=4),
       tev(u, "Swim training", ";TZID=Europe/London:20261202T203000", ";TZID=Europe/London:20261202T213000",
           ["RECURRENCE-ID;TZID=Europe/London:20261202T183000"], gen=4),
       tev(u, "Swim training", ";TZID=Europe/London:20261203T183000", ";TZID=Europe/London:20261203T193000",
           ["RECURRENCE-ID;TZID=Europe/London:20261203T183000", "LOCATION:Lido"], gen=4)])

write("thunderbird-rdate-exdate.ics", THEAD, [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [tev("e7d5a6b8-9c0d-4e1f-2a3b-4c5d6e7f8a9b", "Physio", ";TZID=Europe/Berlin:20261116T150000",
           ";TZID=Europe/Berlin:20261116T154500",
           ["RRULE:FREQ=WEEKLY;COUNT=8", "RDATE;TZID=Europe/Berlin:20261204T160000,20261218T160000",
            "EXDATE;TZID=Europe/Berlin:20261214T150000"])])

write("thunderbird-count-begun-long-ago.ics", THEAD, [vtimezone("Europe/London", "Europe/London")],
      [tev("f8e6b7c9-0d1e-4f2a-3b4c-5d6e7f8a9b0c", "Badminton", ";TZID=Europe/London:20080101T190000",
           ";TZID=Europe/London:20080101T210000", ["RRULE:FREQ=WEEKLY;COUNT=2000;BYDAY=TU,TH"])])

write("thunderbird-allday-until-date.ics", THEAD, [],
      [tev("a9f7c8d0-1e2f-4a3b-4c5d-6e7f8a9b0c1d", "Work from home", ";VALUE=DATE:20261102",
           ";VALUE=DATE:20261103", ["RRULE:FREQ=WEEKLY;UNTIL=20261221;BYDAY=MO,FR"])])

write("thunderbird-eu-fall-back.ics", THEAD, [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [tev("b0a8d9e1-2f3a-4b4c-5d6e-7f8a9b0c1d2e", "Night shift", ";TZID=Europe/Berlin:20260906T023000",
           ";TZID=Europe/Berlin:20260906T063000", ["RRULE:FREQ=WEEKLY;BYDAY=SU"]),
       tev("c1b9e0f2-3a4b-4c5d-6e7f-8a9b0c1d2e3f", "Early swim", ";TZID=Europe/Berlin:20260901T063000",
           ";TZID=Europe/Berlin:20260901T073000", ["RRULE:FREQ=DAILY"])],
      treated="2026-10-20 10:00")

write("thunderbird-eu-spring-forward.ics", THEAD, [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [tev("d2c0f1a3-4b5c-4d6e-7f8a-9b0c1d2e3f4a", "Bakery shift", ";TZID=Europe/Berlin:20260104T023000",
           ";TZID=Europe/Berlin:20260104T053000", ["RRULE:FREQ=WEEKLY;BYDAY=SU"]),
       tev("e3d1a2b4-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "Evening run", ";TZID=Europe/Berlin:20260301T190000",
           ";TZID=Europe/Berlin:20260301T200000", ["RRULE:FREQ=DAILY;INTERVAL=2"])],
      treated="2026-03-24 10:00")

# ======================= Nextcloud / SabreDAV =======================
NHEAD = ["VERSION:2.0", "CALSCALE:GREGORIAN", "PRODID:-//SabreDAV//SabreDAV//EN",
         "X-WR-CALNAME:Personal", "X-APPLE-CALENDAR-COLOR:#0082c9", "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
         "X-PUBLISHED-TTL:PT4H"]


def nev(uid, summary, start, end, extra=()):
    return (["CREATED:20250212T083012Z", "DTSTAMP:" + STAMP, "LAST-MODIFIED:20251101T091500Z",
             "SEQUENCE:2", "UID:" + uid, "DTSTART" + start, "DTEND" + end, "STATUS:CONFIRMED",
             "SUMMARY:" + summary] + list(extra))


u = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
write("nextcloud-weekly-exdate-override.ics", NHEAD, [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [nev(u, "Schwimmen", ";TZID=Europe/Berlin:20250402T180000", ";TZID=Europe/Berlin:20250402T190000",
           ["RRULE:FREQ=WEEKLY;BYDAY=WE", "EXDATE;TZID=Europe/Berlin:20261223T180000"]),
       nev(u, "Schwimmen", ";TZID=Europe/Berlin:20261210T180000", ";TZID=Europe/Berlin:20261210T190000",
           ["RECURRENCE-ID;TZID=Europe/Berlin:20261209T180000"])])

write("nextcloud-every-3-days-count.ics", NHEAD, [vtimezone("Europe/Vienna", "Europe/Vienna")],
      [nev("1d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a", "Laufen", ";TZID=Europe/Vienna:20261101T070000",
           ";TZID=Europe/Vienna:20261101T080000", ["RRULE:FREQ=DAILY;INTERVAL=3;COUNT=15"])])

write("nextcloud-floating.ics", [x for x in NHEAD if not x.startswith("X-WR")] +
      ["PRODID:-//IDN nextcloud.com//Calendar app 4.7.4//EN"][:0], [],
      [nev("2e3f4a5b-6c7d-4e8f-0a9b-1c2d3e4f5a6b", "Fitnessstudio", ":20261202T173000", ":20261202T183000",
           ["RRULE:FREQ=WEEKLY;BYDAY=WE,SA"]),
       nev("3f4a5b6c-7d8e-4f9a-1b0c-2d3e4f5a6b7c", "Zahnarzt", ":20261207T090000", ":20261207T094500")])

write("nextcloud-monthly-last-friday.ics",
      ["PRODID:-//IDN nextcloud.com//Calendar app 4.7.4//EN", "CALSCALE:GREGORIAN", "VERSION:2.0"],
      [vtimezone("Europe/Zurich", "Europe/Zurich")],
      [nev("4a5b6c7d-8e9f-4a0b-2c1d-3e4f5a6b7c8d", "Team-Apéro", ";TZID=Europe/Zurich:20240126T170000",
           ";TZID=Europe/Zurich:20240126T190000", ["RRULE:FREQ=MONTHLY;BYDAY=-1FR"])])

write("nextcloud-yearly-second-saturday.ics",
      ["PRODID:-//IDN nextcloud.com//Calendar app 4.7.4//EN", "CALSCALE:GREGORIAN", "VERSION:2.0"],
      [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [nev("5b6c7d8e-9f0a-4b1c-3d2e-4f5a6b7c8d9e", "Weihnachtsfeier Verein",
           ";TZID=Europe/Berlin:20181208T190000", ";TZID=Europe/Berlin:20181208T230000",
           ["RRULE:FREQ=YEARLY;BYMONTH=12;BYDAY=2SA"])])

u = "6c7d8e9f-0a1b-4c2d-4e3f-5a6b7c8d9e0f"
write("nextcloud-allday-series-override.ics", NHEAD, [],
      [nev(u, "Strandtag", ";VALUE=DATE:20261105", ";VALUE=DATE:20261106", ["RRULE:FREQ=WEEKLY;BYDAY=TH"]),
       nev(u, "Strandtag (verschoben)", ";VALUE=DATE:20261211", ";VALUE=DATE:20261212",
           ["RECURRENCE-ID;VALUE=DATE:20261210"])])

# ======================= Zimbra =======================
ZHEAD = ["X-WR-CALNAME:Calendar", "X-WR-CALID:a4f1b2c3-d4e5-4f6a-8b7c-9d0e1f2a3b4c:10", "PRODID:Zimbra-Calendar-Provider",
         "VERSION:2.0", "METHOD:PUBLISH"]


def zev(uid, summary, start, end, extra=(), allday=False):
    return (["UID:" + uid] + [x for x in extra if x.startswith("RRULE")] +
            ["SUMMARY:" + summary, "X-ALT-DESC;FMTTYPE=text/html:<html><body></body></html>",
             "ORGANIZER;CN=Anna Smith:mailto:anna@example.org", "DTSTART" + start, "DTEND" + end,
             "STATUS:CONFIRMED", "CLASS:PUBLIC"] +
            (["X-MICROSOFT-CDO-ALLDAYEVENT:TRUE", "X-MICROSOFT-CDO-INTENDEDSTATUS:FREE", "TRANSP:TRANSPARENT"]
             if allday else ["X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "TRANSP:OPAQUE"]) +
            ["LAST-MODIFIED:20251113T200625Z", "DTSTAMP:" + STAMP, "SEQUENCE:0"] +
            [x for x in extra if not x.startswith("RRULE")] +
            ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER;RELATED=START:-PT5M", "DESCRIPTION:Reminder", "END:VALARM"])


write("zimbra-allday-daily-exdate.ics", ZHEAD, [],
      [zev("2b3c4d5e-f6a7-4b8c-9d0e-1f2a3b4c5d6e", "Holiday cover", ";VALUE=DATE:20261201", ";VALUE=DATE:20261202",
           ["RRULE:FREQ=DAILY;INTERVAL=1;COUNT=10", "EXDATE;VALUE=DATE:20261205,20261206"], allday=True)])

write("zimbra-biweekly-mwf-la.ics", ZHEAD, [vtimezone("America/Los_Angeles", "America/Los_Angeles", "zimbra")],
      [zev("3c4d5e6f-a7b8-4c9d-0e1f-2a3b4c5d6e7f", "Pool laps", ";TZID=\"America/Los_Angeles\":20250203T160000",
           ";TZID=\"America/Los_Angeles\":20250203T163000", ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR"])])

ZB = "(GMT+01.00) Amsterdam / Berlin / Bern / Rome / Stockholm / Vienna"
write("zimbra-old-gmt-tzid.ics", ZHEAD, [vtimezone(ZB, "Europe/Berlin", "zimbra")],
      [zev("4d5e6f7a-b8c9-4d0e-1f2a-3b4c5d6e7f8a", "Yoga class", ";TZID=\"%s\":20190115T183000" % ZB,
           ";TZID=\"%s\":20190115T193000" % ZB, ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU"])])

u = "5e6f7a8b-c9d0-4e1f-2a3b-4c5d6e7f8a9b"
write("zimbra-moved-instance.ics", ZHEAD, [vtimezone("Europe/Brussels", "Europe/Brussels", "zimbra")],
      [zev(u, "Hammam", ";TZID=\"Europe/Brussels\":20240910T200000", ";TZID=\"Europe/Brussels\":20240910T213000",
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TH"]),
       zev(u, "Hammam", ";TZID=\"Europe/Brussels\":20261205T110000", ";TZID=\"Europe/Brussels\":20261205T123000",
           ["RECURRENCE-ID;TZID=\"Europe/Brussels\":20261203T200000"])])

u = "6f7a8b9c-d0e1-4f2a-3b4c-5d6e7f8a9b0c"
write("zimbra-cancelled-instance.ics", ZHEAD, [vtimezone("Europe/London", "Europe/London", "zimbra")],
      [zev(u, "Spin", ";TZID=\"Europe/London\":20250107T123000", ";TZID=\"Europe/London\":20250107T131500",
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH"]),
       [x if x != "STATUS:CONFIRMED" else "STATUS:CANCELLED" for x in
        zev(u, "Spin", ";TZID=\"Europe/London\":20261210T123000", ";TZID=\"Europe/London\":20261210T131500",
            ["RECURRENCE-ID;TZID=\"Europe/London\":20261210T123000"])]])

# ======================= DAVx5 (ical4j) =======================
DHEAD = ["VERSION:2.0", "PRODID:DAVx5/4.4.2-ose ical4j/3.2.19 (at.bitfire.davdroid)"]


def dev(uid, summary, start, end, extra=()):
    return (["DTSTAMP:" + STAMP, "UID:" + uid, "SUMMARY:" + summary, "DTSTART" + start] +
            ([("DTEND" + end)] if end else []) + list(extra) + ["STATUS:CONFIRMED"])


write("davx5-weekly-exdate.ics", DHEAD, [vtimezone("Europe/Vienna", "Europe/Vienna", "ical4j")],
      [dev("7a8b9c0d-e1f2-4a3b-4c5d-6e7f8a9b0c1d", "Sauna", ";TZID=Europe/Vienna:20240905T193000",
           ";TZID=Europe/Vienna:20240905T213000",
           ["RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TH", "EXDATE;TZID=Europe/Vienna:20261217T193000"])])

write("davx5-allday-daily-count.ics", DHEAD, [],
      [dev("8b9c0d1e-f2a3-4b4c-5d6e-7f8a9b0c1d2e", "Vitamin C serum break", ";VALUE=DATE:20261128",
           ";VALUE=DATE:20261129", ["RRULE:FREQ=DAILY;COUNT=7"])])

u = "9c0d1e2f-a3b4-4c5d-6e7f-8a9b0c1d2e3f"
write("davx5-utc-recurrence-id.ics", DHEAD, [vtimezone("Europe/Vienna", "Europe/Vienna", "ical4j")],
      [dev(u, "Fußball", ";TZID=Europe/Vienna:20250301T100000", ";TZID=Europe/Vienna:20250301T113000",
           ["RRULE:FREQ=WEEKLY;BYDAY=SA"]),
       dev(u, "Fußball (Halle)", ";TZID=Europe/Vienna:20261206T140000", ";TZID=Europe/Vienna:20261206T153000",
           ["RECURRENCE-ID:20261205T090000Z"])])

write("davx5-rdate-period.ics", DHEAD, [vtimezone("Europe/Vienna", "Europe/Vienna", "ical4j")],
      [dev("0d1e2f3a-b4c5-4d6e-7f8a-9b0c1d2e3f4a", "Therme", ";TZID=Europe/Vienna:20261203T100000",
           ";TZID=Europe/Vienna:20261203T120000",
           ["RDATE;VALUE=PERIOD:20261210T090000Z/20261210T150000Z,20261217T090000Z/PT3H"])])

write("davx5-duration-rrule.ics", DHEAD, [vtimezone("Europe/London", "Europe/London", "ical4j")],
      [dev("1e2f3a4b-c5d6-4e7f-8a9b-0c1d2e3f4a5b", "Hot yoga", ";TZID=Europe/London:20250609T063000", None,
           ["DURATION:PT1H15M", "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,WE"])])

# ======================= other apps and RFC 5545 shapes =======================
write("evolution-freeassociation-tzid.ics",
      ["VERSION:2.0", "PRODID:-//Ximian//NONSGML Evolution Calendar//EN"],
      [vtimezone("/freeassociation.sourceforge.net/Tzfile/Europe/London", "Europe/London")],
      [["UID:20240115T101010Z-1234-1000-1-7@anna-laptop", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/London:20240115T200000",
        "DTEND;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/London:20240115T210000",
        "RRULE;X-EVOLUTION-ENDDATE=20271231T200000Z:FREQ=WEEKLY;UNTIL=20271231T200000Z;BYDAY=MO",
        "SUMMARY:Aqua aerobics", "TRANSP:OPAQUE", "CLASS:PUBLIC", "CREATED:20240115T101010Z",
        "LAST-MODIFIED:20240115T101010Z"]])

write("evolution-freeassociation-no-vtimezone.ics",
      ["VERSION:2.0", "PRODID:-//Ximian//NONSGML Evolution Calendar//EN"], [],
      [["UID:20240116T101010Z-1234-1000-1-8@anna-laptop", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Paris:20261204T180000",
        "DTEND;TZID=/freeassociation.sourceforge.net/Europe/Paris:20261204T190000",
        "SUMMARY:Hammam", "TRANSP:OPAQUE"]])

write("evolution-several-rrules.ics",
      ["VERSION:2.0", "PRODID:-//Ximian//NONSGML Evolution Calendar//EN"],
      [vtimezone("Europe/London", "Europe/London")],
      [["UID:20240117T101010Z-1234-1000-1-9@anna-laptop", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=Europe/London:20261102T080000", "DTEND;TZID=Europe/London:20261102T083000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO", "RRULE:FREQ=MONTHLY;BYMONTHDAY=10,20", "SUMMARY:Skincare routine check",
        "TRANSP:OPAQUE"]])

write("kde-korganizer-weekly.ics",
      ["PRODID:-//K Desktop Environment//NONSGML libkcal 4.3//EN", "VERSION:2.0",
       "X-KDE-ICAL-IMPLEMENTATION-VERSION:1.0"], [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [["DTSTAMP:" + STAMP, "CREATED:20220110T101010Z", "UID:libkcal-1234567890.123",
        "LAST-MODIFIED:20220110T101010Z", "SUMMARY:Sport",
        "DTSTART;TZID=Europe/Berlin:20220111T180000", "DTEND;TZID=Europe/Berlin:20220111T193000",
        "TRANSP:OPAQUE", "RRULE:FREQ=WEEKLY;BYDAY=TU,FR", "X-KDE-VOLATILE-SOMETHING:1"]])

write("proton-daily-zurich.ics",
      ["VERSION:2.0", "PRODID:-//Proton AG//web-calendar 5.0.40.3//EN", "METHOD:PUBLISH"], [],
      [["UID:Kz3mJ8Qw1pX4vT7rN0sL2cY5@proton.me", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=Europe/Zurich:20261115T064500", "DTEND;TZID=Europe/Zurich:20261115T071500",
        "RRULE:FREQ=DAILY;UNTIL=20261215T225959Z", "SUMMARY:Morning stretch", "SEQUENCE:0",
        "STATUS:CONFIRMED"]])

meetup = []
for i, (d, h, title) in enumerate([(2, 18, "JS meetup"), (5, 10, "Park run"), (9, 19, "Open water swimming talk"),
                                   (14, 18, "Board games"), (20, 15, "Sauna social"), (28, 19, "Retro night")]):
    meetup.append(["UID:event_%d@meetup.com" % (301000 + i), "SEQUENCE:1", "DTSTAMP:" + STAMP,
                   "DTSTART;TZID=Europe/London:202612%02dT%02d0000" % (d, h),
                   "DTEND;TZID=Europe/London:202612%02dT%02d0000" % (d, h + 2),
                   "SUMMARY:" + title, "DESCRIPTION:Hosted by the group\\nhttps://www.meetup.com/example/",
                   "CLASS:PUBLIC", "CREATED:20261101T101010Z", "GEO:51.5;-0.12", "LOCATION:Hall (1 High St)",
                   "URL:https://www.meetup.com/example/events/%d/" % (301000 + i), "LAST-MODIFIED:20261101T101010Z"])
write("meetup-feed.ics",
      ["VERSION:2.0", "PRODID:-//Meetup//RemoteApi//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
       "X-ORIGINAL-URL:https://www.meetup.com/example/events/ical/", "X-WR-CALNAME:Events - Example"],
      [vtimezone("Europe/London", "Europe/London")], meetup)

school = [["UID:term-%d@school.example" % i, "DTSTAMP:" + STAMP, "DTSTART;VALUE=DATE:%s" % s,
           "DTEND;VALUE=DATE:%s" % e, "SUMMARY:" + t] for i, (s, e, t) in enumerate([
               ("20261130", "20261201", "INSET day"), ("20261208", "20261209", "Swimming gala"),
               ("20261218", "20261219", "Last day of term"), ("20261221", "20270105", "Christmas holidays")])]
write("school-term-allday-two-calendars.ics",
      ["VERSION:2.0", "PRODID:-//School//Term dates//EN", "X-WR-TIMEZONE:Europe/London"], [], school[:2],
      tail=["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//School//Term dates//EN",
            "X-WR-TIMEZONE:Europe/London"] + sum((["BEGIN:VEVENT"] + e + ["END:VEVENT"] for e in school[2:]), []) +
      ["END:VCALENDAR"])

write("medication-hourly.ics", ["VERSION:2.0", "PRODID:-//Medisafe//Reminders 1.0//EN"], [],
      [["UID:antibiotic-1@medisafe", "DTSTAMP:" + STAMP, "DTSTART:20261130T060000Z", "DURATION:PT5M",
        "RRULE:FREQ=HOURLY;INTERVAL=8;COUNT=21", "SUMMARY:Antibiotic"]])

write("outlook-last-weekday-bysetpos.ics", OHEAD, [vtimezone(G, "Europe/London", "outlook")],
      [oev(OUID % ("F2A3B4C5D6E7F8A9", "2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C"), "Month-end close",
           "DTSTART;TZID=%s:20240131T160000" % G, "DTEND;TZID=%s:20240131T170000" % G,
           ["RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"])],
      treated="2026-12-20 10:00")

write("rfc-exdate-removes-rdate-and-duplicates.ics", ["VERSION:2.0", "PRODID:-//aftercare corpus//RFC shapes//EN"], [],
      [["UID:rdate-dup@corpus", "DTSTAMP:" + STAMP, "DTSTART:20261202T090000Z", "DTEND:20261202T100000Z",
        "RRULE:FREQ=WEEKLY;COUNT=4", "RDATE:20261209T090000Z,20261211T090000Z,20261212T090000Z",
        "EXDATE:20261212T090000Z", "SUMMARY:Facial peel"]])

write("rfc-treatment-instant-and-ongoing.ics", ["VERSION:2.0", "PRODID:-//aftercare corpus//RFC shapes//EN"], [],
      [["UID:zero@corpus", "DTSTAMP:" + STAMP, "DTSTART:20261201T100000Z", "SUMMARY:Reminder: photos"],
       ["UID:ongoing@corpus", "DTSTAMP:" + STAMP, "DTSTART:20261129T120000Z", "DTEND:20261202T120000Z",
        "SUMMARY:Spa retreat"],
       ["UID:ended@corpus", "DTSTAMP:" + STAMP, "DTSTART:20261130T120000Z", "DTEND:20261201T100000Z",
        "SUMMARY:Travel"],
       ["UID:after@corpus", "DTSTAMP:" + STAMP, "DTSTART:20261229T100000Z", "DTEND:20261229T110000Z",
        "SUMMARY:Swim (just after the window)"]])

write("rfc-yearly-byday-bymonth.ics", ["VERSION:2.0", "PRODID:-//aftercare corpus//RFC shapes//EN"],
      [vtimezone("America/New_York", "America/New_York")],
      [["UID:yearly-byday@corpus", "DTSTAMP:" + STAMP, "DTSTART;TZID=America/New_York:19970105T090000",
        "DTEND;TZID=America/New_York:19970105T100000", "RRULE:FREQ=YEARLY;BYMONTH=1,12;BYDAY=SU",
        "SUMMARY:Sunday beach walk"]])

write("rfc-weekly-interval-until-utc-floating.ics", ["VERSION:2.0", "PRODID:-//aftercare corpus//RFC shapes//EN"], [],
      [["UID:floating-weekly@corpus", "DTSTAMP:" + STAMP, "DTSTART:20260601T173000",
        "DTEND:20260601T183000", "RRULE:FREQ=WEEKLY;INTERVAL=3;UNTIL=20270101T000000Z",
        "SUMMARY:Swim club"]])

# ======================= more shapes (second round) =======================
u = "k0s5d7u3e1t9f6h8i4j2k0l8m9"
write("google-override-listed-first-moved-out.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev(u, "Sauna", "DTSTART;TZID=Europe/London:20270105T190000", "DTEND;TZID=Europe/London:20270105T200000",
           ["RECURRENCE-ID;TZID=Europe/London:20261215T190000"]),
       gev(u, "Sauna", "DTSTART;TZID=Europe/London:20260106T190000", "DTEND;TZID=Europe/London:20260106T200000",
           ["RRULE:FREQ=WEEKLY;BYDAY=TU"])])

write("google-holidays-uk.ics",
      GHEAD + ["X-WR-CALNAME:Holidays in United Kingdom", "X-WR-TIMEZONE:UTC",
               "X-WR-CALDESC:Holidays and Observances in United Kingdom"], [],
      [["DTSTART;VALUE=DATE:%s" % d, "DTEND;VALUE=DATE:%s" % e, "DTSTAMP:" + STAMP,
        "UID:%s_%s@google.com" % (d, t.lower().replace(" ", "")), "CLASS:PUBLIC", "CREATED:20250101T000000Z",
        "DESCRIPTION:Public holiday", "LAST-MODIFIED:20250101T000000Z", "SEQUENCE:0", "STATUS:CONFIRMED",
        "SUMMARY:" + t, "TRANSP:TRANSPARENT"] for d, e, t in [
            ("20261225", "20261226", "Christmas Day"), ("20261226", "20261227", "Boxing Day"),
            ("20261228", "20261229", "Boxing Day (substitute day)"), ("20261130", "20261201", "St Andrew's Day (Scotland)"),
            ("20270101", "20270102", "New Year's Day")]])

write("zimbra-exdate-date-on-timed-series.ics", ZHEAD, [vtimezone("Europe/London", "Europe/London", "zimbra")],
      [zev("7a8b9c0d-e1f2-4a3b-9c5d-6e7f8a9b0c1e", "Lunchtime swim", ";TZID=\"Europe/London\":20261116T123000",
           ";TZID=\"Europe/London\":20261116T131500",
           ["RRULE:FREQ=DAILY;INTERVAL=1", "EXDATE;VALUE=DATE:20261209,20261225"])])

write("travel-dtend-other-zone.ics",
      ["VERSION:2.0", "PRODID:-//John Papaioannou/NONSGML Bennu 0.1//EN", "METHOD:PUBLISH",
       "X-WR-CALNAME:Trips"], [vtimezone("Europe/London", "Europe/London"), vtimezone("America/New_York", "America/New_York")],
      [["DTSTAMP:" + STAMP, "UID:item-flight-1@trips.example", "SUMMARY:BA117 London to New York",
        "DTSTART;TZID=Europe/London:20261210T083000", "DTEND;TZID=America/New_York:20261210T112500",
        "LOCATION:LHR"],
       ["DTSTAMP:" + STAMP, "UID:item-hotel-1@trips.example", "SUMMARY:Hotel with rooftop pool",
        "DTSTART;VALUE=DATE:20261210", "DTEND;VALUE=DATE:20261214"]])

write("fastmail-cyrus-weekly-count.ics",
      ["VERSION:2.0", "PRODID:-//CyrusIMAP.org/Cyrus 3.9.0-alpha0-1234-g5678//EN",
       "X-WR-CALNAME:Personal", "X-APPLE-CALENDAR-COLOR:#3a429c"], [vtimezone("Europe/London", "Europe/London")],
      [["BEGIN:VALARM", "UID:1a2b3c", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "TRIGGER:-PT15M", "END:VALARM",
        "DTEND;TZID=Europe/London:20261107T110000", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=Europe/London:20261107T100000", "RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=SA",
        "SEQUENCE:0", "SUMMARY:Parkrun", "TRANSP:OPAQUE", "UID:8f2c1d4e-3b5a-4c6d-9e8f-0a1b2c3d4e5f"]])

u = "F3A5B7C9-1D3E-4F5A-B7C9-2D4E6F8A0B1C"
write("caldav-thisandfuture-cancelled.ics", AHEAD, [vtimezone("Europe/London", "Europe/London", "apple")],
      [aev(u, "Gym induction", ";TZID=Europe/London:20261102T180000", ";TZID=Europe/London:20261102T190000",
           ["RRULE:FREQ=WEEKLY;BYDAY=MO,TH"]),
       aev(u, "Gym induction", ";TZID=Europe/London:20261214T180000", ";TZID=Europe/London:20261214T190000",
           ["RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261214T180000", "STATUS:CANCELLED"])])

u = OUID % ("A3B4C5D6E7F8A9B0", "3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D")
write("outlook-moved-before-treatment.ics", OHEAD, [vtimezone(G, "Europe/London", "outlook")],
      [oev(u, "Facial", "DTSTART;TZID=%s:20260903T150000" % G, "DTEND;TZID=%s:20260903T160000" % G,
           ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;WKST=MO"]),
       oev(u, "Facial", "DTSTART;TZID=%s:20261127T150000" % G, "DTEND;TZID=%s:20261127T160000" % G,
           ["RECURRENCE-ID;TZID=%s:20261210T150000" % G])])

write("apple-allday-rdate-dates.ics", AHEAD, [],
      [aev("A4B6C8D0-2E4F-4A6B-C8D0-3E5F7A9B1C2D", "Beach club", ";VALUE=DATE:20261205", ";VALUE=DATE:20261206",
           ["RDATE;VALUE=DATE:20261212,20261219,20261227"])])

write("outlookcom-exdate-utc-on-zoned.ics", OHEAD, [vtimezone(W, "Europe/Berlin", "outlook")],
      [oev(OUID % ("B4C5D6E7F8A9B0C1", "4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E"), "Aquafit",
           "DTSTART;TZID=%s:20250304T071500" % W, "DTEND;TZID=%s:20250304T080000" % W,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,FR;WKST=MO", "EXDATE:20261208T061500Z,20261218T061500Z"])])

write("google-daily-byday-weekdays.ics", ghead("Work", "America/Chicago"),
      [vtimezone("America/Chicago", "America/Chicago")],
      [gev("l1t6e8v4f2u0g7i9j5k3l1m9n0", "Lunch walk", "DTSTART;TZID=America/Chicago:20240102T120000",
           "DTEND;TZID=America/Chicago:20240102T123000", ["RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"])])

write("nextcloud-monthly-31st.ics",
      ["PRODID:-//IDN nextcloud.com//Calendar app 4.7.4//EN", "CALSCALE:GREGORIAN", "VERSION:2.0"],
      [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [nev("7d8e9f0a-1b2c-4d3e-5f4a-6b7c8d9e0f1a", "Peeling-Maske", ";TZID=Europe/Berlin:20260131T200000",
           ";TZID=Europe/Berlin:20260131T203000", ["RRULE:FREQ=MONTHLY"]),
       nev("8e9f0a1b-2c3d-4e4f-6a5b-7c8d9e0f1a2b", "Sauna-Abend", ";TZID=Europe/Berlin:20251130T190000",
           ";TZID=Europe/Berlin:20251130T220000", ["RRULE:FREQ=MONTHLY;BYMONTHDAY=30,31"])],
      treated="2026-12-20 10:00")

write("apple-leap-day-yearly.ics", AHEAD, [],
      [aev("B5C7D9E1-3F5A-4B7C-D9E1-4F6A8B0C2D3E", "Leap day swim", ";VALUE=DATE:20200229", ";VALUE=DATE:20200301",
           ["RRULE:FREQ=YEARLY"]),
       aev("C6D8E0F2-4A6B-4C8D-E0F2-5A7B9C1D3E4F", "Month-end spa", ";VALUE=DATE:20240229", ";VALUE=DATE:20240301",
           ["RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"])],
      treated="2028-02-20 10:00")

write("google-until-before-dtstart.ics", ghead("Anna Smith", "Europe/London"),
      [vtimezone("Europe/London", "Europe/London")],
      [gev("m2u7f9w5g3v1h8j0k6l4m2n0o1", "Pool party", "DTSTART;TZID=Europe/London:20261205T150000",
           "DTEND;TZID=Europe/London:20261205T180000", ["RRULE:FREQ=WEEKLY;UNTIL=20261101T000000Z"])])

write("medication-daily-byhour.ics", ["VERSION:2.0", "PRODID:-//Medisafe//Reminders 1.0//EN"],
      [vtimezone("Europe/London", "Europe/London")],
      [["UID:cream-1@medisafe", "DTSTAMP:" + STAMP, "DTSTART;TZID=Europe/London:20261125T080000",
        "DURATION:PT5M", "RRULE:FREQ=DAILY;BYHOUR=8,20;UNTIL=20261215T235959Z", "SUMMARY:Healing balm"]])

write("google-auckland-summer-dst.ics", ghead("NZ", "Pacific/Auckland"),
      [vtimezone("Pacific/Auckland", "Pacific/Auckland")],
      [gev("n3v8g0x6h4w2i9k1l7m5n3o1p2", "Beach volleyball", "DTSTART;TZID=Pacific/Auckland:20250104T180000",
           "DTEND;TZID=Pacific/Auckland:20250104T200000", ["RRULE:FREQ=WEEKLY;BYDAY=SA"]),
       gev("o4w9h1y7i5x3j0l2m8n6o4p2q3", "Gym", "DTSTART;TZID=Pacific/Auckland:20260901T063000",
           "DTEND;TZID=Pacific/Auckland:20260901T073000", ["RRULE:FREQ=DAILY;INTERVAL=2"])],
      treated="2026-09-20 10:00")

# ======================= 18 more (issue 12: to 100) =======================

# ---- Outlook / Exchange display names as TZIDs (Windows' "(UTC+01:00) Amsterdam, ...") ----
# Exchange 2007 writes the display name as the VTIMEZONE's TZID (the shape of the model E1).
DN_W = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
E7HEAD = ["METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2007", "VERSION:2.0"]
u = OUID % ("C1D2E3F4A5B6C7D8", "5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F")
write("exchange2007-display-name-vtimezone.ics", E7HEAD, [vtimezone(DN_W, "Europe/Berlin", "outlook")],
      [oev(u, "Swim training", 'DTSTART;TZID="%s":20250107T070000' % DN_W, 'DTEND;TZID="%s":20250107T080000' % DN_W,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;WKST=MO", "DESCRIPTION;LANGUAGE=en-US:\\n"]),
       oev(u, "Swim training", 'DTSTART;TZID="%s":20261210T180000' % DN_W, 'DTEND;TZID="%s":20261210T190000' % DN_W,
           ['RECURRENCE-ID;TZID="%s":20261208T070000' % DN_W, "DESCRIPTION;LANGUAGE=en-US:\\n"])])

# Outlook.com and Outlook for Mac sharing links: display names with no VTIMEZONE at all.
DN_R = "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"
DN_G = "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"
DN_E = "(UTC-05:00) Eastern Time (US & Canada)"
write("outlook-display-name-no-vtimezone.ics", OHEAD, [],
      [oev(OUID % ("D2E3F4A5B6C7D8E9", "6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A"), "Sauna evening",
           'DTSTART;TZID="%s":20261203T190000' % DN_W, 'DTEND;TZID="%s":20261203T210000' % DN_W),
       oev(OUID % ("E3F4A5B6C7D8E9F0", "7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B"), "Piscine",
           'DTSTART;TZID="%s":20250902T123000' % DN_R, 'DTEND;TZID="%s":20250902T133000' % DN_R,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;WKST=MO"]),
       oev(OUID % ("F4A5B6C7D8E9F0A1", "8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C"), "Gym",
           'DTSTART;TZID="%s":20261205T090000' % DN_G, 'DTEND;TZID="%s":20261205T100000' % DN_G,
           ["RRULE:FREQ=DAILY;COUNT=4;INTERVAL=2"]),
       oev(OUID % ("A5B6C7D8E9F0A1B2", "9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D"), "Call with the New York office",
           'DTSTART;TZID="%s":20261207T110000' % DN_E, 'DTEND;TZID="%s":20261207T113000' % DN_E,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=SU"])])

# The same across the EU and US spring changes (treated 24 March: Europe moves on the 29th).
DN_P = "(UTC-08:00) Pacific Time (US & Canada)"
write("outlook-display-name-spring-dst.ics", OHEAD, [],
      [oev(OUID % ("B6C7D8E9F0A1B2C3", "0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E"), "Morning run",
           'DTSTART;TZID="%s":20260105T063000' % DN_W, 'DTEND;TZID="%s":20260105T071500' % DN_W,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH;WKST=MO"]),
       oev(OUID % ("C7D8E9F0A1B2C3D4", "1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F"), "Hot yoga",
           'DTSTART;TZID="%s":20260106T180000' % DN_P, 'DTEND;TZID="%s":20260106T190000' % DN_P,
           ["RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;WKST=SU"])],
      treated="2026-03-24 10:00")

# Windows XP-era names (Outlook 2003, old Exchange): "(GMT-08:00) ...; Tijuana", "(GMT) ... :".
DN_X = "(GMT-08:00) Pacific Time (US & Canada); Tijuana"
DN_O = "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"
write("outlook2003-old-display-names.ics",
      ["PRODID:-//Microsoft Corporation//Outlook 11.0 MIMEDIR//EN", "VERSION:2.0", "METHOD:PUBLISH"], [],
      [["DTSTART;TZID=\"%s\":20261204T170000" % DN_X, "DTEND;TZID=\"%s\":20261204T180000" % DN_X,
        "LOCATION:Venice Beach", "TRANSP:OPAQUE", "SEQUENCE:0",
        "UID:" + OUID % ("D8E9F0A1B2C3D4E5", "2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A"), "DTSTAMP:" + STAMP,
        "SUMMARY:Beach volleyball", "PRIORITY:5", "X-MICROSOFT-CDO-IMPORTANCE:1", "CLASS:PUBLIC"],
       ["DTSTART;TZID=\"%s\":20240904T200000" % DN_O, "DTEND;TZID=\"%s\":20240904T210000" % DN_O,
        "RRULE:FREQ=WEEKLY;BYDAY=WE;WKST=SU", "TRANSP:OPAQUE", "SEQUENCE:0",
        "UID:" + OUID % ("E9F0A1B2C3D4E5F6", "3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B"), "DTSTAMP:" + STAMP,
        "SUMMARY:Steam room", "PRIORITY:5", "CLASS:PUBLIC"]])

# ---- Proton Calendar (model P1: VTIMEZONE with LAST-MODIFIED, TZNAME first) ----
PHEAD = ["PRODID:-//Proton AG//WebCalendar 5.0.41.2//EN", "VERSION:2.0", "METHOD:PUBLISH",
         "CALSCALE:GREGORIAN"]


def proton_vtimezone(zone):
    std, dst, rules, on, off, sname, dname = ZONES[zone]
    d_on, d_off = FIRST[rules]
    return ["BEGIN:VTIMEZONE", "TZID:" + zone, "LAST-MODIFIED:20240110T141221Z", "X-LIC-LOCATION:" + zone,
            "BEGIN:DAYLIGHT", "TZNAME:" + dname, "TZOFFSETFROM:" + std, "TZOFFSETTO:" + dst,
            "DTSTART:1970%sT%s" % (d_on, on), "RRULE:FREQ=YEARLY;" + rules[0], "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZNAME:" + sname, "TZOFFSETFROM:" + dst, "TZOFFSETTO:" + std,
            "DTSTART:1970%sT%s" % (d_off, off), "RRULE:FREQ=YEARLY;" + rules[1], "END:STANDARD",
            "END:VTIMEZONE"]


def pev(uid, summary, start, end, extra=()):
    return (["UID:%s@proton.me" % uid, "DTSTAMP:" + STAMP, "DTSTART" + start, "DTEND" + end] +
            list(extra) + ["SUMMARY:" + summary, "SEQUENCE:0", "STATUS:CONFIRMED"])


write("proton-weekly-exdate-vtimezone.ics", PHEAD, [proton_vtimezone("Europe/Zurich")],
      [pev("Xq3v9Lr2Tn8Kp0Wm5Yb7Hc1Jd4Fg6Sa", "Bouldern", ";TZID=Europe/Zurich:20250115T183000",
           ";TZID=Europe/Zurich:20250115T200000",
           ["RRULE:FREQ=WEEKLY;BYDAY=WE,SA", "EXDATE;TZID=Europe/Zurich:20261209T183000",
            "EXDATE;TZID=Europe/Zurich:20261219T183000"]),
       pev("Bn4c0Ms3Uo9Lq1Xn6Zc8Id2Ke5Gh7Tb", "Thermalbad", ";TZID=Europe/Zurich:20261206T140000",
           ";TZID=Europe/Zurich:20261206T170000")])

u = "Cp5d1Nt4Vp0Mr2Yo7Ad9Je3Lf6Hi8Uc"
write("proton-allday-and-moved.ics", PHEAD, [proton_vtimezone("Europe/Madrid")],
      [pev("Dq6e2Ou5Wq1Ns3Zp8Be0Kf4Mg7Ij9Vd", "Playa con la familia", ";VALUE=DATE:20261219",
           ";VALUE=DATE:20261222"),
       pev(u, "Natación", ";TZID=Europe/Madrid:20260907T073000", ";TZID=Europe/Madrid:20260907T083000",
           ["RRULE:FREQ=WEEKLY;BYDAY=MO"]),
       pev(u, "Natación", ";TZID=Europe/Madrid:20261215T200000", ";TZID=Europe/Madrid:20261215T210000",
           ["RECURRENCE-ID;TZID=Europe/Madrid:20261214T073000"])])

# ---- Zoho Calendar (model Z3: "-//Zoho Corporation//Zoho Calendar-US//EN", X-WR-*) ----
ZOHEAD = ["PRODID:-//Zoho Corporation//Zoho Calendar-US//EN", "VERSION:2.0", "X-WR-CALNAME:My Calendar",
          "X-WR-TIMEZONE:Europe/Madrid", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]


def zoev(uid, summary, start, end, extra=()):
    return (["UID:%s@zoho.com" % uid, "SUMMARY:" + summary, "DTSTART" + start, "DTEND" + end] +
            list(extra) + ["DTSTAMP:" + STAMP, "CREATED:20250301T090000Z", "LAST-MODIFIED:20261101T090000Z",
                           "SEQUENCE:0", "CLASS:PUBLIC", "TRANSP:OPAQUE", "X-ZOHO-EVENTTYPE:0"])


write("zoho-daily-count-x-wr.ics", ZOHEAD, [vtimezone("Europe/Madrid", "Europe/Madrid")],
      [zoev("a1b2c3d4e5f60718293a4b5c6d7e8f90", "Gimnasio", ";TZID=Europe/Madrid:20261128T071500",
            ";TZID=Europe/Madrid:20261128T081500", ["RRULE:FREQ=DAILY;COUNT=10;INTERVAL=1"]),
       zoev("b2c3d4e5f60718293a4b5c6d7e8f90a1", "Dinner with Lucia", ":20261211T200000",
            ":20261211T220000")])

write("zoho-monthly-second-last-thursday.ics", ZOHEAD, [vtimezone("Europe/Madrid", "Europe/Madrid")],
      [zoev("c3d4e5f60718293a4b5c6d7e8f90a1b2", "Spa afternoon", ";TZID=Europe/Madrid:20250327T160000",
            ";TZID=Europe/Madrid:20250327T190000", ["RRULE:FREQ=MONTHLY;BYDAY=-2TH;COUNT=24"])])

# ---- booking systems: UTC times, METHOD:REQUEST or CANCEL, ORGANIZER, one event a file ----
write("booking-clinic-request-utc.ics",
      ["VERSION:2.0", "PRODID:-//Fresha//Booking 2.0//EN", "CALSCALE:GREGORIAN", "METHOD:REQUEST"], [],
      [["UID:apt-6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f@bookings.example", "DTSTAMP:" + STAMP,
        "DTSTART:20261209T141500Z", "DTEND:20261209T151500Z", "SUMMARY:HydraFacial with Mia",
        "DESCRIPTION:Your appointment at Glow Skin Studio.\\nReschedule: https://bookings.example/r/6f1e",
        "LOCATION:Glow Skin Studio\\, 12 High Street", "ORGANIZER;CN=Glow Skin Studio:mailto:hello@glow.example",
        "ATTENDEE;CN=Anna Smith;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:anna@example.org",
        "STATUS:CONFIRMED", "SEQUENCE:0", "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder",
        "TRIGGER:-PT1H", "END:VALARM"]])

write("booking-class-cancelled.ics",
      ["VERSION:2.0", "PRODID:-//Mindbody Inc//Mindbody Online//EN", "METHOD:CANCEL"], [],
      [["UID:class-88213-20261204@studio.example", "SEQUENCE:2", "DTSTAMP:" + STAMP,
        "DTSTART:20261204T180000Z", "DTEND:20261204T190000Z", "SUMMARY:Hot yoga (Bikram) with Leo",
        "STATUS:CANCELLED", "ORGANIZER;CN=Heat Studio:mailto:classes@studio.example"],
       ["UID:class-88214-20261206@studio.example", "SEQUENCE:0", "DTSTAMP:" + STAMP,
        "DTSTART:20261206T090000Z", "DTEND:20261206T100000Z", "SUMMARY:Spin class",
        "STATUS:CONFIRMED", "ORGANIZER;CN=Heat Studio:mailto:classes@studio.example"]])

write("booking-hotel-allday-stay.ics",
      ["VERSION:2.0", "PRODID:-//Booking.com//Booking.com Calendar//EN", "METHOD:PUBLISH"], [],
      [["UID:4718293-checkin@booking.example", "DTSTAMP:" + STAMP, "DTSTART;VALUE=DATE:20261215",
        "DTEND;VALUE=DATE:20261220", "SUMMARY:Hotel Lisboa Mar – 5 nights",
        "DESCRIPTION:Confirmation number: 4718293\\nCheck-in from 15:00", "LOCATION:Lisbon\\, Portugal",
        "TRANSP:TRANSPARENT"],
       ["UID:4718293-spa@booking.example", "DTSTAMP:" + STAMP, "DTSTART:20261216T150000Z",
        "DTEND:20261216T170000Z", "SUMMARY:Spa: sauna and steam room", "TRANSP:OPAQUE"]])

# ---- Fastmail (Cyrus) ----
FHEAD = ["VERSION:2.0", "PRODID:-//CyrusIMAP.org/Cyrus 3.11.0-alpha0-812-gd33a4c2c6-fm-2026//EN",
         "X-WR-CALNAME:Home", "X-APPLE-CALENDAR-COLOR:#5ac8fa"]
write("fastmail-rdate-exdate-allday.ics", FHEAD, [],
      [["DTEND;VALUE=DATE:20261206", "DTSTAMP:" + STAMP, "DTSTART;VALUE=DATE:20261205",
        "RDATE;VALUE=DATE:20261212,20261219", "EXDATE;VALUE=DATE:20261212", "SEQUENCE:0",
        "SUMMARY:Sunbathing on the roof", "TRANSP:TRANSPARENT", "UID:2c7e1f9a-5d3b-4a8e-b6c4-7f0e1d2a3b4c",
        "X-APPLE-DEFAULT-ALARM:TRUE"]])

write("fastmail-weekly-interval-until.ics", FHEAD, [vtimezone("Australia/Sydney", "Australia/Sydney")],
      [["DTEND;TZID=Australia/Sydney:20260103T073000", "DTSTAMP:" + STAMP,
        "DTSTART;TZID=Australia/Sydney:20260103T063000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261226T193000Z;BYDAY=SA,SU", "SEQUENCE:1",
        "SUMMARY:Ocean swim", "TRANSP:OPAQUE", "UID:9d1e3f5a-7b9c-4d1e-8f3a-5b7c9d1e3f5a"]])

# ---- Thunderbird: WEEKLY with several days and COUNT, and an X-MOZ snooze ----
write("thunderbird-weekly-mwf-count.ics", THEAD, [vtimezone("Europe/Vienna", "Europe/Vienna")],
      [tev("d6c4f5a7-8b9c-4d0e-1f2a-3b4c5d6e7f8a", "Fitnessstudio", ";TZID=Europe/Vienna:20261116T063000",
           ";TZID=Europe/Vienna:20261116T073000",
           ["RRULE:FREQ=WEEKLY;COUNT=12;BYDAY=MO,WE,FR", "X-MOZ-LASTACK:20261116T053000Z",
            "X-MOZ-SNOOZE-TIME:20261118T052000Z"])])

# ---- Apple iCloud: daily with UNTIL, one instance cancelled by EXDATE and one moved ----
u = "E7F9A1B3-C5D7-4E9F-A1B3-C5D7E9F1A3B5"
write("apple-daily-until-exdate-moved.ics", AHEAD, [vtimezone("America/New_York", "America/New_York", "apple")],
      [aev(u, "Pool laps", ";TZID=America/New_York:20261123T061500", ";TZID=America/New_York:20261123T070000",
           ["RRULE:FREQ=DAILY;UNTIL=20261220T045959Z", "EXDATE;TZID=America/New_York:20261206T061500"]),
       aev(u, "Pool laps", ";TZID=America/New_York:20261210T190000", ";TZID=America/New_York:20261210T194500",
           ["RECURRENCE-ID;TZID=America/New_York:20261210T061500"])])

# ---- Google: DAILY INTERVAL=2 with COUNT begun before the treatment, and a zone not the calendar's ----
write("google-every-other-day-count.ics", ghead("Training", "Europe/London"),
      [vtimezone("Europe/Berlin", "Europe/Berlin")],
      [gev("p5x0i2z8j6y4k1m3n9o7p5q3r4", "Laufen", "DTSTART;TZID=Europe/Berlin:20261121T170000",
           "DTEND;TZID=Europe/Berlin:20261121T180000", ["RRULE:FREQ=DAILY;INTERVAL=2;COUNT=12"])])

# ---- Outlook: a Windows zone name with no VTIMEZONE, MONTHLY on a day of the month ----
write("outlook-romance-monthly-no-vtimezone.ics", OHEAD, [],
      [oev(OUID % ("F0A1B2C3D4E5F6A7", "4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C"), "Hammam",
           "DTSTART;TZID=Romance Standard Time:20250105T110000", "DTEND;TZID=Romance Standard Time:20250105T130000",
           ["RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=5"]),
       oev(OUID % ("A1B2C3D4E5F6A7B8", "5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D"), "Team offsite",
           "DTSTART;TZID=Romance Standard Time:20261217T090000", "DTEND;TZID=Romance Standard Time:20261217T170000")])

# ---- SOGo groupware: an override moved and another cancelled in one series ----
u = "1A2B-6745C800-3-5F8D2A00"
SHEAD = ["VERSION:2.0", "PRODID:-//Inverse inc./SOGo 5.8.4//EN"]
write("sogo-moved-and-cancelled-overrides.ics", SHEAD, [vtimezone("Europe/Brussels", "Europe/Brussels")],
      [["UID:" + u, "SUMMARY:Aquagym", "CLASS:PUBLIC", "TRANSP:OPAQUE",
        "DTSTART;TZID=Europe/Brussels:20260106T190000", "DTEND;TZID=Europe/Brussels:20260106T200000",
        "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU", "CREATED:20260102T101010Z", "DTSTAMP:" + STAMP,
        "LAST-MODIFIED:20261120T101010Z", "X-SOGO-SEND-APPOINTMENT-NOTIFICATIONS:NO"],
       ["UID:" + u, "SUMMARY:Aquagym (later)", "CLASS:PUBLIC", "TRANSP:OPAQUE",
        "DTSTART;TZID=Europe/Brussels:20261208T203000", "DTEND;TZID=Europe/Brussels:20261208T213000",
        "RECURRENCE-ID;TZID=Europe/Brussels:20261208T190000", "DTSTAMP:" + STAMP],
       ["UID:" + u, "SUMMARY:Aquagym", "STATUS:CANCELLED",
        "DTSTART;TZID=Europe/Brussels:20261222T190000", "DTEND;TZID=Europe/Brussels:20261222T200000",
        "RECURRENCE-ID;TZID=Europe/Brussels:20261222T190000", "DTSTAMP:" + STAMP]])

with open(os.path.join(HERE, "treated.tsv"), "w") as f:
    f.write("# file<TAB>treatment time (TZ=Europe/London) for the corpus test; others: 2026-12-01 10:00\n")
    for name, t in TREATED:
        f.write("%s\t%s\n" % (name, t))
