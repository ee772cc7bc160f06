package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// Either partner records a day on which the pair was in touch, once a day; the page asks for the
// first contact until it is recorded, then counts this month's against the guideline.
func TestAPairRecordsTheDaysItWasInTouch(t *testing.T) {
	f := newPairs(t)
	f.now = cycle.Window(program.ProgramStart).Opens.Add(30 * time.Hour) // Tuesday, November 3, 2026
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	if page := f.page(t, mentee); !strings.Contains(page, `href="/api/pair/contact"`) || !strings.Contains(page, "Tell us you have been in touch") {
		t.Errorf("before any contact, the overview does not ask for the first:\n%s", page)
	}
	// The page's form comes ticked: its button is the one click; a GET records nothing.
	page := f.formPage(t, mentee, "contact")
	if !regexp.MustCompile(`<input type="checkbox" name="in_touch"[^>]* checked`).MatchString(page) {
		t.Errorf("the contact page's box is not ticked:\n%s", page)
	}
	y, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil || len(y.Contacts) != 0 {
		t.Fatalf("opening the page recorded %d contacts (%v)", len(y.Contacts), err)
	}
	send := func(token string) int {
		return f.do("POST", forms.ContactForm.Action, token, forms.Encoded, url.Values{"in_touch": {"on"}}.Encode()).Code
	}
	if code := send(mentee); code != http.StatusSeeOther {
		t.Fatalf("recording a contact: %d", code)
	}
	if code := send(mentor); code != http.StatusSeeOther { // the partner, the same day: the same record
		t.Fatalf("the partner recording the same day: %d", code)
	}
	f.now = f.now.AddDate(0, 0, 9)
	send(mentor)
	y, _ = f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if len(y.Contacts) != 2 || y.Contacts[0].Version != 20261103 || y.Contacts[1].Version != 20261112 || y.ContactsIn(202611) != 2 {
		t.Fatalf("contacts %d, want November 3 and 12", len(y.Contacts))
	}
	if page := f.page(t, mentee); !strings.Contains(page, "in touch 2 times this month (the program asks for at least 2); last recorded on November 12, 2026.") ||
		strings.Contains(page, "Tell us you have been in touch") {
		t.Errorf("the overview after two contacts:\n%s", page)
	}
	f.now = f.now.AddDate(0, 1, 0)
	if page := f.page(t, mentee); !strings.Contains(page, "in touch not yet this month (the program asks for at least 2); last recorded on November 12, 2026.") {
		t.Errorf("the overview a month on:\n%s", page)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 0 {
		t.Errorf("recording contacts sent %d emails", len(sent))
	}
	// Nobody else's pair is touched.
	if y, _ := f.store.PairYear(context.Background(), cycle.ID, f.b.Key()); len(y.Contacts) != 0 {
		t.Error("another pair has contacts")
	}
}

// The tracker's "how often have you been in touch?" comes filled in from the days recorded, and
// can be changed.
func TestTheTrackerIsPrefilledFromTheContactsRecorded(t *testing.T) {
	f := newPairs(t)
	mentee := f.tokenOf["a/mentee"]
	start := cycle.Window(program.ProgramStart).Opens
	// Eight contacts in four months (November to February): about twice a month.
	for i := range 8 {
		f.now = start.AddDate(0, 0, 15*i).Add(15 * time.Hour)
		if code := f.do("POST", forms.ContactForm.Action, mentee, forms.Encoded, url.Values{"in_touch": {"on"}}.Encode()).Code; code != http.StatusSeeOther {
			t.Fatalf("contact %d: %d", i+1, code)
		}
	}
	f.now = trackerDay
	page := f.formPage(t, mentee, "tracker")
	if !regexp.MustCompile(`name="contact"[^>]*value="twice_monthly"[^>]* checked`).MatchString(page) {
		t.Errorf("the tracker does not come with about twice a month chosen:\n%s", page)
	}
	if regexp.MustCompile(`name="contact"[^>]*value="(weekly|monthly|less)"[^>]* checked`).MatchString(page) {
		t.Error("the tracker chooses another answer too")
	}
}
