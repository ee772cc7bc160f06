package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
)

// The timeline's iCalendar download follows RFC 5545's line rules, and its events are the
// calendar file's public events, with the same dates.
func TestICalendarDownload(t *testing.T) {
	ics := file("/timeline/alsc-mentoring-program.ics")
	if ics == "" {
		t.Fatal("no iCalendar file at /timeline/alsc-mentoring-program.ics")
	}
	raw, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("the last line does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: a line break that is not CRLF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d: %d octets, more than 75: %q", i+1, len(line), line)
		}
	}
	if !bytes.Contains(raw, []byte("\r\n ")) {
		t.Error("no folded line: the long descriptions should be folded")
	}

	type day struct{ start, end string }
	calFile := loadCalendar(t)
	titles := map[string]string{}
	// All-day events: DTSTART is the first day, DTEND the day after the last (RFC 5545 §3.6.1).
	want := map[string]day{}
	for _, cy := range calFile.Cycles {
		for _, e := range cy.Events {
			if e.StaffOnly {
				continue
			}
			opens, err1 := time.Parse(time.DateOnly, e.Opens)
			closes, err2 := time.Parse(time.DateOnly, e.Closes)
			if err1 != nil || err2 != nil {
				t.Fatalf("calendar event %s/%s: bad dates %q, %q", cy.ID, e.Key, e.Opens, e.Closes)
			}
			want[cy.ID+"-"+e.Key+"@alsc-mentoring-program"] = day{opens.Format("20060102"), closes.AddDate(0, 0, 1).Format("20060102")}
			titles[cy.ID+"-"+e.Key+"@alsc-mentoring-program"] = e.Title
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	for _, p := range []string{ical.PropVersion, ical.PropProductID} {
		if cal.Props.Get(p) == nil {
			t.Errorf("calendar has no %s", p)
		}
	}
	got := map[string]day{}
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			t.Errorf("event without UID: %v", ev.Props)
			continue
		}
		for _, p := range []string{ical.PropDateTimeStamp, ical.PropSummary, ical.PropDescription} {
			if ev.Props.Get(p) == nil {
				t.Errorf("%s: no %s", uid, p)
			}
		}
		if stamp := ev.Props.Get(ical.PropDateTimeStamp); stamp != nil && !strings.HasSuffix(stamp.Value, "Z") {
			t.Errorf("%s: DTSTAMP %q is not UTC", uid, stamp.Value)
		}
		for _, p := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			if v := ev.Props.Get(p); v == nil || v.ValueType() != ical.ValueDate {
				t.Errorf("%s: %s is not a DATE value", uid, p)
			}
		}
		if _, dup := got[uid]; dup {
			t.Errorf("UID %s appears twice", uid)
		}
		got[uid] = day{ev.Props.Get(ical.PropDateTimeStart).Value, ev.Props.Get(ical.PropDateTimeEnd).Value}
		summary, _ := ev.Props.Text(ical.PropSummary)
		if want := titles[uid]; !strings.HasSuffix(summary, want) {
			t.Errorf("%s: SUMMARY %q, want it to end with the calendar's title %q", uid, summary, want)
		}
	}

	for uid, w := range want {
		if g, ok := got[uid]; !ok {
			t.Errorf("%s: missing from the download", uid)
		} else if g != w {
			t.Errorf("%s: DTSTART %s DTEND %s, want %s and %s (the day after the last)", uid, g.start, g.end, w.start, w.end)
		}
	}
	for uid := range got {
		if _, ok := want[uid]; !ok {
			t.Errorf("%s: in the download but not a public event of the calendar", uid)
		}
	}
}

// The timeline page shows no staff-only event and offers the download.
func TestTimelineIsPublic(t *testing.T) {
	page := text(parse(t, "/timeline/"))
	for _, cy := range loadCalendar(t).Cycles {
		for _, e := range cy.Events {
			if e.StaffOnly && strings.Contains(page, normalize(e.Title)) {
				t.Errorf("the timeline shows the staff-only event %q", e.Title)
			}
		}
	}
	var found bool
	for _, u := range hrefs(t, "/timeline/") {
		found = found || filepath.Ext(u.Path) == ".ics"
	}
	if !found {
		t.Error("the timeline does not link to the .ics download")
	}
}
