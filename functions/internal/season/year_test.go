package season_test

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
	"github.com/ala-alsc/mentoring/functions/internal/web/webtest"
)

// TestAYearAsTheLiaisonLivesIt runs a season and the year after it as the staff liaison and the
// participants would: decisions in the spreadsheet with a decline and a leave-out, a commit
// refused while applications are open, the commit, the same commit again, an old spreadsheet
// handed back, a mentor leaving through her pair's page, a rematch request, and a mid-year
// spreadsheet whose proposal pairs the people left behind first. For each person it checks
// their state, the proposals they appear in and every email they got.
func TestAYearAsTheLiaisonLivesIt(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	dir := f.withFiles(t)
	cy, _ := f.runner.Calendar.Cycle("2026-27")
	for _, a := range []applicant{
		{id: "m-mira", email: "mira@example.org", name: "Mira Ilić", state: "IL", mentor: true},
		{id: "m-carl", email: "carl@example.org", name: "Carl Ames", state: "CA", mentor: true},
		{id: "m-walt", email: "walt@example.org", name: "Walt Berg", state: "WI", mentor: true},
		{id: "m-nora", email: "nora@example.org", name: "Nora Quinn", state: "IL", mentor: true},
		{id: "e-ivy", email: "ivy@example.org", name: "Ivy Chen", state: "IL"},
		{id: "e-ned", email: "ned@example.org", name: "Ned Park", state: "NY"},
		{id: "e-uma", email: "uma@example.org", name: "Uma Rao", state: "OH"},
		{id: "e-tess", email: "tess@example.org", name: "Tess Ruiz", state: "TX", geo: forms.PreferenceRequired},
		{id: "e-vic", email: "vic@example.org", name: "Vic Lee", state: "MN"},
	} {
		a.status, a.gender = store.StatusSubmitted, forms.GenderWoman
		if a.geo == "" {
			a.geo = forms.PreferenceNone
		}
		f.add(t, a)
	}
	names := map[string]string{}
	for _, role := range forms.Roles {
		apps, _ := f.store.Applications(ctx, "2026-27", role)
		for _, a := range apps {
			names[a.ID] = a.Form.Applicant().Name
		}
	}
	at := func(day string) {
		when, err := time.Parse(time.DateOnly+" 15:04", day+" 10:00")
		if err != nil {
			t.Fatal(err)
		}
		f.runner.Now = func() time.Time { return when }
	}
	run := func(ev season.Event) (*season.Result, error) {
		ev.Cycle = "2026-27"
		return f.runner.Run(ctx, ev)
	}
	must := func(ev season.Event) *season.Result {
		t.Helper()
		res, err := run(ev)
		if err != nil {
			t.Fatalf("%s: %v", ev.Mode, err)
		}
		return res
	}
	states := func() map[string]lifecycle.State {
		t.Helper()
		life, err := lifecycle.Load(ctx, f.store, cy, f.runner.Now())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]lifecycle.State{}
		for id := range life.Apps {
			out[names[id]] = life.Person(id)
		}
		return out
	}
	wantStates := func(step string, want map[string]lifecycle.State) {
		t.Helper()
		if got := states(); !maps.Equal(got, want) {
			t.Errorf("%s: states\n%v\nwant\n%v", step, got, want)
		}
	}
	mail := map[string][]string{} // recipient's name → the subjects of every email they got, in order
	seen := 0
	read := func() map[string][]string { // the emails since the last read, once the sender has sent what is owed
		t.Helper()
		f.send(t)
		all := notifytest.Outbox(t, f.outbox)
		fresh := map[string][]string{}
		byAddress := map[string]string{}
		for id, n := range names {
			byAddress[strings.TrimPrefix(id, id[:2])+"@example.org"] = n
		}
		for _, m := range all[seen:] {
			if m.To == "liaison@example.org" {
				continue // the links to the staff pages
			}
			who := byAddress[m.To]
			if who == "" {
				t.Fatalf("an email to %s, who is nobody in this year", m.To)
			}
			fresh[who] = append(fresh[who], m.Subject)
			mail[who] = append(mail[who], m.Subject)
		}
		seen = len(all)
		return fresh
	}
	pairs := func(res *season.Result) map[string]string { // mentee's name → mentor's name
		out := map[string]string{}
		for _, p := range res.Review.Pairs {
			out[names[p.Mentee]] = names[p.Mentor]
		}
		return out
	}
	inProposal := func(res *season.Result) []string { // everyone the proposal considered
		var out []string
		for _, p := range res.Review.Pairs {
			out = append(out, names[p.Mentee], names[p.Mentor])
		}
		for _, u := range res.Review.Unmatched {
			out = append(out, names[u.ID])
		}
		slices.Sort(out)
		return out
	}
	const (
		intro   = "Meet your mentor: the ALSC Mentoring Program 2026-27"
		introM  = "Meet your mentee: the ALSC Mentoring Program 2026-27"
		outcome = "Your application to the ALSC Mentoring Program 2026-27"
		change  = "A change to your match in the ALSC Mentoring Program"
		reintro = "Meet your new mentor: the ALSC Mentoring Program 2026-27"
		reintrM = "Meet your new mentee: the ALSC Mentoring Program 2026-27"
	)

	// The season: review, then the spreadsheet: everyone accepted but Nora, declined; Vic
	// accepted and left out of this proposal.
	at("2026-10-02")
	must(season.Event{Mode: season.Review})
	first := f.readReview(t)
	for _, n := range names {
		first.set(t, n, "Decision", "accept")
	}
	first.set(t, "Nora Quinn", "Decision", "decline")
	first.set(t, "Vic Lee", "Leave out", "yes")
	f.save(t, first, "decisions.csv")
	p1 := must(season.Event{Mode: season.Decisions, File: "2026-27/decisions.csv", Confirm: true})
	firstPairs := pairs(p1)
	if len(firstPairs) != 3 || firstPairs["Tess Ruiz"] != "" || firstPairs["Vic Lee"] != "" || slices.Contains(slices.Collect(maps.Values(firstPairs)), "Nora Quinn") {
		t.Fatalf("the season's proposal %v: want Ivy, Ned and Uma paired, not Tess (Texas), Vic (left out) or Nora (declined)", firstPairs)
	}
	if got := inProposal(p1); slices.Contains(got, "Vic Lee") || slices.Contains(got, "Nora Quinn") || !slices.Contains(got, "Tess Ruiz") {
		t.Errorf("the season's proposal considered %v", got)
	}
	ivysMentor, nedsMentor, umasMentor := firstPairs["Ivy Chen"], firstPairs["Ned Park"], firstPairs["Uma Rao"]
	letters := []season.Letter{
		{Name: "Nora Quinn", Role: forms.RoleMentor, Letter: "the application was declined"},
		{Name: "Tess Ruiz", Role: forms.RoleMentee, Letter: "not paired this time"},
		{Name: "Vic Lee", Role: forms.RoleMentee, Letter: "nothing: left out of this proposal"},
	}
	for mentee, mentor := range firstPairs {
		letters = append(letters, season.Letter{Name: mentee, Role: forms.RoleMentee, Letter: "introduction to " + mentor},
			season.Letter{Name: mentor, Role: forms.RoleMentor, Letter: "introduction to " + mentee})
	}
	sortLetters(letters)
	if !slices.Equal(p1.Letters, letters) {
		t.Errorf("the proposal's letters\n%v\nwant\n%v", p1.Letters, letters)
	}
	page, err := os.ReadFile(filepath.Join(dir, "2026-27", "proposal-"+p1.Proposal+".html"))
	if err != nil || !strings.Contains(string(page), "<td>Vic Lee</td>\n<td>mentee</td>\n<td>nothing: left out of this proposal</td>") {
		t.Errorf("the proposal's page does not list Vic as sent nothing")
	}

	// Committing while applications are open is refused, saying until when.
	at("2026-09-20")
	if _, err := run(season.Event{Mode: season.Commit, Proposal: p1.Proposal}); !errors.Is(err, season.ErrInput) ||
		!strings.Contains(err.Error(), "applications are open until September 30, 2026") {
		t.Fatalf("commit while applications are open: %v", err)
	}
	if ms, _ := f.store.Matches(ctx, "2026-27"); len(ms) != 0 || len(read()) != 0 {
		t.Fatal("the refused commit stored matches or sent emails")
	}
	at("2026-10-05")
	done := must(season.Event{Mode: season.Commit, Proposal: p1.Proposal})
	if !slices.Equal(done.Letters, letters) {
		t.Errorf("the commit's letters\n%v\nwant those of its proposal\n%v", done.Letters, letters)
	}
	got := read()
	want := map[string][]string{"Ivy Chen": {intro}, "Ned Park": {intro}, "Uma Rao": {intro}, ivysMentor: {introM}, nedsMentor: {introM},
		umasMentor: {introM}, "Nora Quinn": {outcome}, "Tess Ruiz": {outcome}}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the commit wrote\n%v\nwant\n%v", got, want)
	}
	matched := map[string]lifecycle.State{"Nora Quinn": lifecycle.Declined, "Tess Ruiz": lifecycle.Accepted, "Vic Lee": lifecycle.Accepted}
	for mentee, mentor := range firstPairs {
		matched[mentee], matched[mentor] = lifecycle.Matched, lifecycle.Matched
	}
	wantStates("after the commit", matched)

	// The same commit again stores and sends nothing, and says so.
	at("2026-10-06")
	again := must(season.Event{Mode: season.Commit, Proposal: p1.Proposal})
	if again.Message != "Proposal "+p1.Proposal+" was already committed on October 5, 2026: its 3 matches are stored and every "+
		"email is sent or on its way. Nothing new was stored or sent." || len(read()) != 0 {
		t.Errorf("the second commit: %q", again.Message)
	}

	// The first spreadsheet, older than the decisions it stored, is handed back with Nora
	// accepted after all: refused, naming her row, and nothing changes.
	first.set(t, "Nora Quinn", "Decision", "accept")
	f.save(t, first, "old.csv")
	_, err = run(season.Event{Mode: season.Decisions, File: "2026-27/old.csv", Confirm: true})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "(Nora Quinn): this row is older than Nora Quinn's application") {
		t.Fatalf("an old spreadsheet: %v", err)
	}
	wantStates("after the old spreadsheet", matched)

	// Ivy's mentor leaves the program through her pair's page.
	participants := web.Participants(web.ParticipantsConfig{Calendar: f.runner.Calendar, Store: f.store,
		Pages: web.SiteDir(t.TempDir()), SiteURL: f.runner.SiteURL, Now: func() time.Time { return f.runner.Now() },
		Log: slog.New(slog.DiscardHandler)})
	post := func(path, who string, answers map[string]any) {
		t.Helper()
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(formstest.JSON(answers)))
		r.Header.Set("Content-Type", forms.JSON)
		r.AddCookie(webtest.SessionFrom(t, participants, tokenIn(t, f.outbox, who)))
		w := httptest.NewRecorder()
		participants.ServeHTTP(w, r)
		if w.Code != http.StatusCreated {
			t.Fatalf("%s from %s: %d %s", path, who, w.Code, w.Body)
		}
		// The sender sends what the answer owes, as the table's stream has it do.
		maker := &links.Maker{Store: f.store, SiteURL: f.runner.SiteURL, Now: f.runner.Now}
		sender := &outbox.Sender{Store: f.store, Mail: f.runner.Mail, Links: maker.ForRecipients(f.runner.Calendar), Now: f.runner.Now}
		if _, err := sender.Sweep(context.Background(), f.runner.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	at("2026-11-03")
	post(forms.WithdrawalForm.Action, ivysMentor, map[string]any{"reason": "A new job", "confirm": true})
	if got := read(); !maps.EqualFunc(got, map[string][]string{"Ivy Chen": {change}}, slices.Equal) {
		t.Errorf("the withdrawal wrote %v; want Ivy told, once", got)
	}
	matched[ivysMentor], matched["Ivy Chen"] = lifecycle.Withdrawn, lifecycle.NeedsPartner
	wantStates("after the withdrawal", matched)

	// Ned asks for a rematch; the liaison accepts it, and a late mentor, Sam, in a new review's
	// spreadsheet. Its proposal pairs Ivy and Ned first: Ned with Sam, not his mentor again; Ivy
	// with Ned's mentor; nobody with the mentor who left. Vic, no longer left out, waits.
	at("2026-11-10")
	post(forms.RematchForm.Action, "Ned Park", map[string]any{"reason": "Our hours never meet"})
	f.add(t, applicant{id: "m-sam", email: "sam@example.org", name: "Sam Spare", state: "IL", mentor: true, status: store.StatusSubmitted,
		gender: forms.GenderWoman, geo: forms.PreferenceNone})
	names["m-sam"] = "Sam Spare"
	matched["Sam Spare"] = lifecycle.Submitted
	review := must(season.Event{Mode: season.Review})
	must(season.Event{Mode: season.Review, AcceptRematch: []string{review.Requests[0].Key}})
	mid := f.readReview(t)
	mid.set(t, "Sam Spare", "Decision", "accept")
	f.save(t, mid, "mid-year.csv")
	p2 := must(season.Event{Mode: season.Decisions, File: "2026-27/mid-year.csv", Confirm: true})
	if got := pairs(p2); !maps.Equal(got, map[string]string{"Ned Park": "Sam Spare", "Ivy Chen": nedsMentor}) {
		t.Errorf("the mid-year proposal %v; want Ned with Sam and Ivy with Ned's mentor, %s", got, nedsMentor)
	}
	if got := inProposal(p2); slices.Contains(got, ivysMentor) || slices.Contains(got, "Nora Quinn") || !slices.Contains(got, "Vic Lee") {
		t.Errorf("the mid-year proposal considered %v", got)
	}
	if len(p2.Ends) != 1 || !slices.ContainsFunc(p2.Notes, func(n string) bool {
		return strings.Contains(n, "pairs first those who need a new partner: ") && strings.Contains(n, "Ivy Chen (whose match ended)") &&
			strings.Contains(n, "Ned Park (who asked for a rematch)")
	}) {
		t.Errorf("the mid-year proposal ends %v, notes %q", p2.Ends, p2.Notes)
	}
	letters = []season.Letter{
		{Name: "Ivy Chen", Role: forms.RoleMentee, Letter: "rematch introduction to " + nedsMentor},
		{Name: nedsMentor, Role: forms.RoleMentor, Letter: "rematch introduction to Ivy Chen"},
		{Name: "Ned Park", Role: forms.RoleMentee, Letter: "rematch introduction to Sam Spare"},
		{Name: "Sam Spare", Role: forms.RoleMentor, Letter: "rematch introduction to Ned Park"},
		{Name: "Nora Quinn", Role: forms.RoleMentor, Letter: "nothing: told before that the application was declined"},
		{Name: "Tess Ruiz", Role: forms.RoleMentee, Letter: "nothing: told before that not paired this time"},
		{Name: "Vic Lee", Role: forms.RoleMentee, Letter: "not paired this time"},
	}
	sortLetters(letters)
	if !slices.Equal(p2.Letters, letters) {
		t.Errorf("the mid-year proposal's letters\n%v\nwant\n%v", p2.Letters, letters)
	}
	at("2026-11-12")
	must(season.Event{Mode: season.Commit, Proposal: p2.Proposal})
	got = read()
	want = map[string][]string{"Ivy Chen": {reintro}, nedsMentor: {reintrM}, "Ned Park": {reintro}, "Sam Spare": {reintrM}, "Vic Lee": {outcome}}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the mid-year commit wrote\n%v\nwant\n%v", got, want)
	}
	for who, opening := range map[string]string{"ivy@example.org": "Your match with " + ivysMentor + " has ended.",
		"ned@example.org": "Your match with " + nedsMentor + " has ended.",
		"sam@example.org": "Your new mentee was matched with someone else earlier this program year, and that match has ended."} {
		if !slices.ContainsFunc(notifytest.Outbox(t, f.outbox), func(m notify.Message) bool {
			return m.To == who && strings.HasPrefix(m.Subject, "Meet your new") && strings.Contains(m.Text, opening)
		}) {
			t.Errorf("the rematch introduction to %s does not open with %q", who, opening)
		}
	}
	matched["Ivy Chen"], matched["Sam Spare"] = lifecycle.Matched, lifecycle.Matched
	wantStates("after the mid-year commit", matched)

	// The whole year's mail, person by person.
	want = map[string][]string{"Ivy Chen": {intro, change, reintro}, ivysMentor: {introM}, "Ned Park": {intro, reintro},
		nedsMentor: {introM, reintrM}, "Uma Rao": {intro}, umasMentor: {introM}, "Nora Quinn": {outcome}, "Tess Ruiz": {outcome},
		"Vic Lee": {outcome}, "Sam Spare": {reintrM}}
	if !maps.EqualFunc(mail, want, slices.Equal) {
		t.Errorf("the year's mail\n%v\nwant\n%v", mail, want)
	}
}

func sortLetters(ls []season.Letter) {
	slices.SortFunc(ls, func(a, b season.Letter) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Role), string(b.Role)); c != 0 {
			return c
		}
		return strings.Compare(a.Letter, b.Letter)
	})
}

// tokenIn is the personal-link token in the newest introduction to the named person.
func tokenIn(t *testing.T, outbox, name string) string {
	t.Helper()
	var token string
	for _, m := range notifytest.Outbox(t, outbox) {
		if strings.HasPrefix(m.Subject, "Meet your") && strings.Contains(m.Text, "Dear "+name+",") {
			i := strings.Index(m.Text, "?token=")
			token = m.Text[i+len("?token=") : i+len("?token=")+64]
		}
	}
	if token == "" {
		t.Fatalf("no introduction to %s", name)
	}
	return token
}
