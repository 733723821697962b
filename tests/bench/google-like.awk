# google-like.awk: a calendar as Google exports it (scripts/bench-cal.sh, issue 12): awk -v N=COUNT.
# Google's header and VTIMEZONE, its properties on every event (an empty DESCRIPTION and
# LOCATION among them); 5% weekly series begun in 2010, the rest single events spread over
# 2010-2026 (an export holds years of past events), 40 titles.
BEGIN {
	ns = split("Hot yoga|Swim lesson|Spin class|Team meeting|Dentist|Sauna with Tom|Beach walk|" \
		  "Gym session|Chemical peel appt|Lunch with Ana|Pilates|Facial|Football|School run|" \
		  "Dinner party|Run club|Yoga|Cinema|Doctor|Haircut|Makeup trial|Steam room|" \
		  "Hot tub night|Sunbathing|Retinol restock|Coffee|Piano lesson|Boxing|Zumba|Walk|" \
		  "Tennis|Massage|Book club|Train to Leeds|Flight|Wedding|Interview|Shopping|" \
		  "Laundry|Call mum", s, "|")
	split("MO|TU|WE|TH|FR|SA|SU", wd, "|")
	printf "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
	printf "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Bench\r\nX-WR-TIMEZONE:Europe/London\r\n"
	printf "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nX-LIC-LOCATION:Europe/London\r\n"
	printf "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19700329T010000\r\n"
	printf "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\n"
	printf "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
	printf "END:STANDARD\r\nEND:VTIMEZONE\r\n"
	for (i = 0; i < N; i++) {
		h = 7 + (i * 7) % 13
		if (i % 20 == 0) {	# a weekly series begun in 2010
			y = 2010; mo = 1; d = 4 + (i / 20) % 7
		} else {		# one event, 2010-2026, a day from a hash of i
			k = (i * 2654435761) % (17 * 365)
			y = 2010 + int(k / 365); doy = k % 365
			mo = 1 + int(doy / 31); if (mo > 12) mo = 12
			d = 1 + doy % 28
		}
		printf "BEGIN:VEVENT\r\n"
		printf "DTSTART;TZID=Europe/London:%04d%02d%02dT%02d0000\r\n", y, mo, d, h
		printf "DTEND;TZID=Europe/London:%04d%02d%02dT%02d3000\r\n", y, mo, d, h
		if (i % 20 == 0) printf "RRULE:FREQ=WEEKLY;BYDAY=%s\r\n", wd[1 + (i / 20) % 7]
		printf "DTSTAMP:20261115T120000Z\r\nUID:%08x%016d@google.com\r\n", i * 2654435761 % 4294967296, i
		printf "CREATED:20100101T090000Z\r\nDESCRIPTION:\r\nLAST-MODIFIED:20261101T101010Z\r\n"
		printf "LOCATION:\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:%s\r\nTRANSP:OPAQUE\r\n", s[1 + i % ns]
		printf "END:VEVENT\r\n"
	}
	printf "END:VCALENDAR\r\n"
}
