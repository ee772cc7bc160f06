package web_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// downMail is a mail service in an outage: it refuses every email.
type downMail struct{}

func (downMail) Send(context.Context, notify.Message) error {
	return errors.New("mail service unavailable")
}

var linkToken = regexp.MustCompile(`token=([0-9a-f]{64})`)

// linkIn is the personal link's secret an email carries (the test fails without one); it is
// kept with the tests' tokens, which no log line may hold.
func linkIn(t *testing.T, m notify.Message) string {
	t.Helper()
	l := linkToken.FindStringSubmatch(m.Text)
	if l == nil {
		t.Fatalf("no personal link in the email to %s: %s", m.To, m.Text)
	}
	tokens.Lock()
	tokens.list = append(tokens.list, l[1])
	tokens.Unlock()
	return l[1]
}

// withPrefix reports whether every id has the prefix.
func withPrefix(ids []string, prefix string) bool {
	return !slices.ContainsFunc(ids, func(id string) bool { return !strings.HasPrefix(id, prefix) })
}

// Goals sent while the mail service is down are acknowledged and stored, and the partner's copy
// is owed on the entry; sent again (a double click, a retry) they owe nothing more; changed and
// sent again they owe a second copy. Once mail works, the sender sends each copy once, with a
// personal link minted then that opens the partner's page about this pair. It fails if the copy
// is sent inline (lost in the outage), owed again by a replay, deduplicated across versions, or
// stored with a token.
func TestGoalsSentInAMailOutageAreCopiedOnceEachAfter(t *testing.T) {
	f := newPairs(t)
	working := f.sender.Mail
	f.sender.Mail = downMail{}
	mentee := f.tokenOf["a/mentee"]
	key := f.goalsFormKey(t, mentee)
	if w := f.sendGoals(mentee, key, "Host a family literacy night", true); w.Code != http.StatusCreated {
		t.Fatalf("goals in the outage: %d %s", w.Code, w.Body)
	}
	if f.sendErr == nil {
		t.Error("the sender reported no failure while the mail service was down")
	}
	owed := f.owed(t)
	if len(owed) != 1 || !withPrefix(owed, "goals-copy-") {
		t.Fatalf("owed %q, want the partner's copy", owed)
	}
	year, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil || len(year.Goals) != 1 || len(year.Goals[0].Owes) != 1 {
		t.Fatalf("the stored goals (%v) do not owe the copy themselves: %+v", err, year.Goals)
	}
	if c := year.Goals[0].Owes[0]; c.To.ID != "ma" || c.Values[outboxLink] != "" || strings.Contains(c.Blocks["Goals"]+strings.Join(slices.Collect(maps.Values(c.Values)), " "), "token=") {
		t.Errorf("the owed copy %+v: want it to Imani, with no link or token stored", c)
	}
	for range 2 {
		if w := f.sendGoals(mentee, key, "Host a family literacy night", true); w.Code != http.StatusOK {
			t.Fatalf("the same goals again: %d %s", w.Code, w.Body)
		}
	}
	if got := f.owed(t); !slices.Equal(got, owed) {
		t.Errorf("after two replays owed %q, want %q", got, owed)
	}
	if w := f.sendGoals(mentee, f.goalsFormKey(t, mentee), "Plan two story times", true); w.Code != http.StatusCreated {
		t.Fatalf("changed goals: %d %s", w.Code, w.Body)
	}
	if got := f.owed(t); len(got) != 2 || !withPrefix(got, "goals-copy-") {
		t.Fatalf("after changed goals owed %q, want two copies", got)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 0 {
		t.Fatalf("sent %d emails in the outage", len(sent))
	}

	f.sender.Mail = working
	if n := f.send(); n != 2 || f.sendErr != nil {
		t.Fatalf("after the outage sent %d (%v), want the two copies", n, f.sendErr)
	}
	want := map[string]int{"imani@example.org Host a family literacy night": 1, "imani@example.org Plan two story times": 1}
	if got := f.copies(t); !maps.Equal(got, want) {
		t.Errorf("copies %v, want %v", got, want)
	}
	if n := f.send(); n != 0 || len(f.owed(t)) != 0 {
		t.Errorf("sent %d more, still owed %q", n, f.owed(t))
	}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		token := linkIn(t, m)
		link := regexp.MustCompile(`https://mentoring\.example\.org(/api/pair\?token=[0-9a-f]{64}[^\s)]*)`).FindStringSubmatch(m.Text)
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, link[1], nil))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath+"?with=ea" {
			t.Errorf("the copy's link: %d to %q, want the pair's page with Rafael", w.Code, w.Header().Get("Location"))
		}
		if body := f.page(t, token); !strings.Contains(body, "Rafael Souza") {
			t.Error("the copy's link does not open Imani's page about her pair with Rafael")
		}
	}
}

// outboxLink is the placeholder the sender fills in; an owed email never holds it.
const outboxLink = "LinkURL"

// A check-in saying "we need help" owes staff's alert, one per staff address, in the entry's
// write; the same answer again owes nothing more, an answer of "fine" owes nothing. It fails if
// the alert goes to one address only, or again on a replay, or is lost in an outage.
func TestNeedHelpAlertsEachStaffAddressOnce(t *testing.T) {
	f := newPairs(t, "liaison@example.org", "office@example.org")
	f.now = cycle.Window(program.Work).Opens.AddDate(0, 0, 3)
	working := f.sender.Mail
	f.sender.Mail = downMail{}
	help := map[string]any{"how_going": string(forms.HowNeedHelp)}
	if w := f.postJSON(forms.CheckInForm.Action, f.tokenOf["a/mentee"], help); w.Code != http.StatusCreated {
		t.Fatalf("check-in: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.CheckInForm.Action, f.tokenOf["a/mentee"], help); w.Code != http.StatusOK {
		t.Fatalf("the same check-in again: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.CheckInForm.Action, f.tokenOf["a/mentor"], map[string]any{"how_going": string(forms.HowFine)}); w.Code != http.StatusCreated {
		t.Fatalf("the partner's check-in: %d %s", w.Code, w.Body)
	}
	owed := f.owed(t)
	if len(owed) != 2 || owed[0] == owed[1] || !withPrefix(owed, "staff-help-") {
		t.Fatalf("owed %q, want one alert for each staff address", owed)
	}
	f.sender.Mail = working
	if n := f.send(); n != 2 || f.sendErr != nil {
		t.Fatalf("sent %d (%v), want 2", n, f.sendErr)
	}
	to := map[string]int{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		to[m.To]++
		if !strings.Contains(m.Text, "Rafael Souza (mentee) with Imani Okoro (mentor)") {
			t.Errorf("the alert to %s does not name the pair: %s", m.To, m.Text)
		}
		notifytest.WritesTo(t, m, "rafael@example.org") // who asked, to write to
	}
	if want := map[string]int{"liaison@example.org": 1, "office@example.org": 1}; !maps.Equal(to, want) {
		t.Errorf("alerts %v, want %v", to, want)
	}
	if n := f.send(); n != 0 {
		t.Errorf("sent %d more", n)
	}
}

// A mentor of two mentees leaves while the mail service is down: the answer is success, each
// match's end owes its mentee the kind notice and the mentor's withdrawn status owes staff one
// note naming both; the withdrawal sent again owes nothing more. Once mail works each mentee
// gets exactly one notice, with a working link, and staff one note. It fails if a notice is
// lost in the outage, owed twice by the replay, sent to one partner only, or if staff's note
// forgets a partner.
func TestAWithdrawalInAMailOutageTellsEachPartnerAndStaffOnce(t *testing.T) {
	f := newPairs(t, "liaison@example.org")
	ctx := context.Background()
	form := forms.New(forms.RoleMentee)
	*form.Applicant() = forms.Person{Name: "Chloé Martin", Email: "chloe@example.org", Position: "Librarian", Organisation: "Library"}
	if _, err := f.store.AddApplication(ctx, &store.Application{ID: "ec", Cycle: cycle.ID, Role: forms.RoleMentee, Email: "chloe@example.org",
		Status: store.StatusAccepted, SubmittedAt: cycle.Window(program.Applications).Opens, Hash: forms.Hash(forms.RoleMentee, form),
		Form: form, Expires: cycle.Expiry()}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AddMatch(ctx, &store.Match{Cycle: cycle.ID, Mentor: "mb", Mentee: "ec", Proposal: "p",
		CreatedAt: cycle.Window(program.ProgramStart).Opens, Expires: cycle.Expiry()}); err != nil {
		t.Fatal(err)
	}
	working := f.sender.Mail
	f.sender.Mail = downMail{}
	leave := map[string]any{"reason": "moving abroad", "confirm": true}
	if w := f.postJSON(forms.WithdrawalForm.Action+"?with=eb", f.tokenOf["b/mentor"], leave); w.Code != http.StatusCreated {
		t.Fatalf("withdrawal in the outage: %d %s", w.Code, w.Body)
	}
	owed := f.owed(t)
	if len(owed) != 3 || !withPrefix(owed[:2], "partner-withdrew-") || !withPrefix(owed[2:], "staff-withdrawal-") {
		t.Fatalf("owed %q, want a notice to each mentee and one note to staff", owed)
	}
	if w := f.postJSON(forms.WithdrawalForm.Action+"?with=eb", f.tokenOf["b/mentor"], leave); w.Code != http.StatusOK {
		t.Fatalf("the withdrawal again: %d %s", w.Code, w.Body)
	}
	if got := f.owed(t); !slices.Equal(got, owed) {
		t.Errorf("after the withdrawal again owed %q, want %q", got, owed)
	}
	f.sender.Mail = working
	if n := f.send(); n != 3 || f.sendErr != nil {
		t.Fatalf("sent %d (%v), want 3", n, f.sendErr)
	}
	to := map[string]int{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		to[m.To]++
		switch text := strings.Join(strings.Fields(m.Text), " "); m.To {
		case "liaison@example.org":
			if !strings.Contains(text, "Their 2 matches ended at once") || !strings.Contains(text, "Liam O'Brien (mentee)") ||
				!strings.Contains(text, "Chloé Martin (mentee)") || strings.Contains(text, "moving abroad") {
				t.Errorf("staff's note: %s", text)
			}
		default:
			if !strings.Contains(text, "Keiko Tanaka, can no longer take part") || strings.Contains(text, "moving abroad") {
				t.Errorf("the notice to %s: %s", m.To, text)
			}
			if body := f.page(t, linkIn(t, m)); !strings.Contains(body, "Your match with Keiko Tanaka ended on") {
				t.Errorf("the notice's link does not open %s's page about the ended match", m.To)
			}
		}
	}
	if want := map[string]int{"liam@example.org": 1, "chloe@example.org": 1, "liaison@example.org": 1}; !maps.Equal(to, want) {
		t.Errorf("sent %v, want %v", to, want)
	}
	if n := f.send(); n != 0 {
		t.Errorf("sent %d more", n)
	}
}

// A new link asked for while the mail service is down: the answer is the one anyone gets, the
// person's old link keeps working, and the request's write owes the email; a second request
// owes a second one (asking adds a link). Once mail works each goes once, and opening the new
// link retires the old one as a link asked for does. It fails if the email is lost in the
// outage (or expires with its item before it can go), if asking cancels the old link, or if the
// link sent is not one the person asked for.
func TestANewLinkAskedInAMailOutageArrivesAfter(t *testing.T) {
	f := newPairs(t)
	working := f.sender.Mail
	f.sender.Mail = downMail{}
	f.now = f.now.Add(time.Minute)
	ask := func() {
		t.Helper()
		if w := f.do("POST", forms.LinkForm.Action, "", forms.JSON, `{"email": "keiko@example.org"}`); w.Code != http.StatusAccepted ||
			!strings.Contains(w.Body.String(), "on its way") {
			t.Fatalf("asked in the outage: %d %s", w.Code, w.Body)
		}
	}
	ask()
	if owed := f.owed(t); len(owed) != 1 || !withPrefix(owed, "new-link-") {
		t.Fatalf("owed %q, want the new link", owed)
	}
	// The request's item, and the link it owes, are kept as long as the link would work: an
	// outage of any length delays the email and loses nothing.
	keys, err := f.store.OwedSince(context.Background(), f.now.Add(time.Second))
	if err != nil || len(keys) != 1 {
		t.Fatalf("owing items %v (%v)", keys, err)
	}
	if o, err := f.store.Owing(context.Background(), keys[0][0], keys[0][1]); err != nil || o.Expires.Before(cycle.LinksEnd().Truncate(time.Second)) {
		t.Errorf("the owing item expires at %v (%v), before the link would stop working (%v)", o.Expires, err, cycle.LinksEnd())
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 0 {
		t.Fatalf("sent %d in the outage", len(sent))
	}
	if body := f.page(t, f.tokenOf["b/mentor"]); !strings.Contains(body, "Liam O&#39;Brien") {
		t.Error("the old link stopped working while the new one was owed")
	}
	ask()
	if owed := f.owed(t); len(owed) != 2 || owed[0] == owed[1] {
		t.Fatalf("after a second request owed %q, want two links", owed)
	}
	f.now = f.now.Add(time.Minute)
	f.sender.Mail = working
	if n := f.send(); n != 2 || f.sendErr != nil {
		t.Fatalf("sent %d (%v), want 2", n, f.sendErr)
	}
	sent := notifytest.Outbox(t, f.outbox)
	if len(sent) != 2 || sent[0].To != "keiko@example.org" || sent[1].To != "keiko@example.org" {
		t.Fatalf("sent %+v, want Keiko's two links", sent)
	}
	first, second := linkIn(t, sent[0]), linkIn(t, sent[1])
	if first == second {
		t.Fatal("both emails carry the same link")
	}
	if body := f.page(t, first); !strings.Contains(body, "Liam O&#39;Brien") {
		t.Error("the new link does not open Keiko's page")
	}
	if w := f.do("GET", forms.PairPath, f.tokenOf["b/mentor"], "", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("the old link, once a new one was opened: %d, want 401", w.Code)
	}
	if n := f.send(); n != 0 {
		t.Errorf("sent %d more", n)
	}
}
