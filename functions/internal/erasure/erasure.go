// Package erasure forgets one person of one program year, on request.
//
// It forgets their applications (which ends their personal links), the counts of their requests
// for new links, the matches they were in (each ends and stays with only its random ids, so that a
// partner left behind is paired again first), everything those pairs sent, the rematch requests of
// those matches, the notes of emails sent to them, the mail problem recorded for their address,
// the matcher's proposals and staff files that name them, and the local outbox's emails to them.
// Find lists it all in words; Erase deletes it. The emails their matches still owe (an
// introduction not yet sent, which names them or goes to them) are never sent. A partner still in
// a live match is told only what a withdrawal tells: the match owes the notice in the same write
// that ends it (package outbox sends it, with a personal link of the partner's own minted then),
// so that the notice goes once, whatever fails, and only if the erasure ended the match.
package erasure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Recovery is how long the table's point-in-time recovery can bring back a deleted item.
const Recovery = 35 * 24 * time.Hour

// Eraser finds and deletes what is held about a person.
type Eraser struct {
	Store    *store.Store
	Calendar *program.Calendar
	Mail     notify.Sender // only an Outbox's folder is read: its emails to the person are deleted

	Files   report.Files // staff files; those naming the person are deleted when it is a report.Sweeper
	SiteURL string       // where the partner's link to their page points
	Now     func() time.Time
}

// Plan is everything held about one address in one cycle.
type Plan struct {
	cycle     *program.Cycle
	day       func(time.Time) string // a day in words, in the calendar's time zone
	address   string
	apps      []*store.Application
	matches   []*store.Match
	entries   []*store.Entry
	requests  []*store.RematchRequest
	sent      []*store.Sent
	problem   *store.MailProblem
	proposals []*store.Proposal
	files     []string
	outbox    []string
	owed      []*store.Owed          // their matches' owed emails, to go unsent (the partner's notice aside)
	tell      map[string]store.Email // by match key: the notice a withdrawal sends the partner of a live match
	partners  []string               // whom those notices go to, in words
}

// Find reads what is held about address in cycle cy, deleting nothing.
func (e *Eraser) Find(ctx context.Context, cy *program.Cycle, address string) (*Plan, error) {
	p := &Plan{cycle: cy, day: e.Calendar.Day, address: address, tell: map[string]store.Email{}}
	ids := map[string]*store.Application{}
	for _, role := range forms.Roles {
		a, err := e.Store.Application(ctx, cy.ID, role, address)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p.apps, ids[a.ID] = append(p.apps, a), a
	}
	matches, err := e.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, m := range matches {
		if ids[m.Mentor] == nil && ids[m.Mentee] == nil {
			continue
		}
		p.matches, keys[m.Key()] = append(p.matches, m), true
		o, err := e.Store.MatchOwing(ctx, m)
		if err != nil {
			return nil, err
		}
		if o != nil && slices.ContainsFunc(o.Emails, func(x store.Email) bool { return !isNotice(x) }) {
			p.owed = append(p.owed, o)
		}
		pair, err := e.Store.PairEntries(ctx, cy.ID, m.Key())
		if err != nil {
			return nil, err
		}
		p.entries = append(p.entries, pair...)
		if err := e.notice(ctx, p, m, ids, pair); err != nil {
			return nil, err
		}
	}
	requests, err := e.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range requests {
		if keys[r.Match] {
			p.requests = append(p.requests, r)
		}
	}
	emailKey := store.EmailKey(address)
	sent, err := e.Store.SentMessages(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range sent {
		if ids[s.Person] != nil || s.Person == emailKey || keys[s.Match] {
			p.sent = append(p.sent, s)
		}
	}
	problems, err := e.Store.MailProblems(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	p.problem = problems[emailKey]

	// What names them: their ids (and so the keys of their matches), their address, their name.
	needles := [][]byte{[]byte(emailKey), []byte(forms.NormalEmail(address))}
	for id, a := range ids {
		needles = append(needles, []byte(id), []byte(a.Form.Applicant().Name))
	}
	names := func(b []byte) bool {
		b = bytes.ToLower(b)
		return slices.ContainsFunc(needles, func(n []byte) bool { return len(n) > 0 && bytes.Contains(b, bytes.ToLower(n)) })
	}
	proposals, err := e.Store.Proposals(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, pr := range proposals {
		refs := slices.Concat(pr.Exclude, pr.Ends, pr.Requests, pr.Kept)
		for k := range pr.Inputs {
			refs = append(refs, k)
		}
		if names(pr.Body) || names([]byte(strings.Join(refs, " "))) {
			p.proposals = append(p.proposals, pr)
		}
	}
	if sw, ok := e.Files.(report.Sweeper); ok {
		list, err := sw.List(ctx, cy.ID)
		if err != nil {
			return nil, err
		}
		for _, name := range list {
			b, err := sw.Get(ctx, name)
			if err != nil {
				return nil, err
			}
			if names(b) {
				p.files = append(p.files, name)
			}
		}
	}
	if o, ok := e.Mail.(notify.Outbox); ok {
		normal := forms.NormalEmail(address)
		if p.outbox, err = notify.Files(o.Dir, func(to string) bool { return forms.NormalEmail(to) == normal }); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// notice prepares, for a live match whose partner was told of it and in which nobody has
// withdrawn, the email a withdrawal sends the partner. A partner whose introduction the match
// still owes was not told of it: that introduction goes unsent, and so does the notice.
func (e *Eraser) notice(ctx context.Context, p *Plan, m *store.Match, ids map[string]*store.Application, pair []*store.Entry) error {
	if m.Ended || slices.ContainsFunc(pair, func(x *store.Entry) bool { return x.Kind == store.KindWithdrawal }) {
		return nil
	}
	role, partnerRole, partnerID := forms.RoleMentee, forms.RoleMentor, m.Mentor
	if ids[m.Mentor] != nil {
		role, partnerRole, partnerID = forms.RoleMentor, forms.RoleMentee, m.Mentee
	}
	told := m.Introduced(partnerRole)
	introducing := slices.ContainsFunc(m.Owes, func(x store.Email) bool { return x.To.ID == partnerID && x.To.Role == partnerRole })
	if !told || introducing || ids[partnerID] != nil {
		return nil
	}
	partner, err := e.Store.ApplicationByID(ctx, p.cycle.ID, partnerRole, partnerID)
	if err != nil {
		return fmt.Errorf("erasure: the partner of match %s: %w", m.Key(), err)
	}
	me := ids[m.Mentee]
	if role == forms.RoleMentor {
		me = ids[m.Mentor]
	}
	n := store.Email{ID: noticeID(m), Text: partnerWithdrew, To: store.Recipient{Cycle: p.cycle.ID, Role: partnerRole, ID: partnerID},
		Values: map[string]string{"Name": partner.Form.Applicant().Name, "PartnerName": me.Form.Applicant().Name,
			"PartnerRole": string(role), "Cycle": p.cycle.Title()}}
	p.tell[m.Key()] = n
	p.partners = append(p.partners, fmt.Sprintf("their %s, %s (%s)", partnerRole, partner.Form.Applicant().Name, partner.Email))
	return nil
}

// partnerWithdrew is the withdrawal's notice to the partner (content/emails).
const partnerWithdrew = "partner-withdrew"

// noticePrefix begins the id of the notice that ending a match owes the partner of the person
// forgotten: erasure-notice-<mentee id>-<mentor id>.
const noticePrefix = "erasure-notice-"

func noticeID(m *store.Match) string { return noticePrefix + m.Mentee + "-" + m.Mentor }

// isNotice reports whether an owed email is such a notice.
func isNotice(x store.Email) bool { return strings.HasPrefix(x.ID, noticePrefix) }

// Empty reports whether nothing is held about the person.
func (p *Plan) Empty() bool { return len(p.Items()) == 0 }

// Items says in words what the plan deletes, one line each.
func (p *Plan) Items() []string {
	var out []string
	day := p.day
	for _, a := range p.apps {
		out = append(out, fmt.Sprintf("the %s application of %s (%s), sent on %s, and with it every personal link of theirs", a.Role,
			a.Form.Applicant().Name, a.Email, day(a.SubmittedAt)))
	}
	for _, m := range p.matches {
		state := "their match"
		if m.Ended {
			state = "their ended match"
		}
		out = append(out, fmt.Sprintf("%s made on %s (it stays, ended, with only random ids, so that a partner is paired again first)",
			state, day(m.CreatedAt)))
	}
	counts := map[store.Kind]int{}
	for _, x := range p.entries {
		counts[x.Kind]++
	}
	for _, k := range []store.Kind{store.KindGoals, store.KindTracker, store.KindCheckIn, store.KindSurvey, store.KindWithdrawal, store.KindTipsOff} {
		if n := counts[k]; n > 0 {
			out = append(out, count(n, entryWords[k][0], entryWords[k][1])+" sent by their pair")
		}
	}
	if n := len(p.requests); n > 0 {
		out = append(out, count(n, "rematch request", "rematch requests")+" of their pair")
	}
	if n := len(p.sent); n > 0 {
		out = append(out, count(n, "note", "notes")+" of a reminder, tip or digest sent to them or their pair")
	}
	if p.problem != nil {
		out = append(out, fmt.Sprintf("the note that an email to them did not arrive (%s, %s)", p.problem.Kind, day(p.problem.At)))
	}
	for _, pr := range p.proposals {
		out = append(out, fmt.Sprintf("the matcher's proposal of %s, which names them", day(pr.CreatedAt)))
	}
	for _, f := range p.files {
		out = append(out, "the staff file "+f)
	}
	if n := len(p.outbox); n > 0 {
		out = append(out, count(n, "email", "emails")+" to them in the local outbox")
	}
	owed := 0
	for _, o := range p.owed {
		owed += len(slices.DeleteFunc(slices.Clone(o.Emails), isNotice))
	}
	if owed > 0 {
		out = append(out, count(owed, "email", "emails")+" of their pair not yet sent, which will not be")
	}
	return out
}

// entryWords names each kind of entry, one and many.
var entryWords = map[store.Kind][2]string{
	store.KindGoals:      {"version of the goals", "versions of the goals"},
	store.KindTracker:    {"mid-point tracker", "mid-point trackers"},
	store.KindCheckIn:    {"monthly check-in", "monthly check-ins"},
	store.KindSurvey:     {"wrap-up survey", "wrap-up surveys"},
	store.KindWithdrawal: {"withdrawal", "withdrawals"},
	store.KindTipsOff:    {"request for no more tips", "requests for no more tips"},
}

// count is "1 note" or "3 notes".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Told names the partners who are sent the notice a withdrawal sends.
func (p *Plan) Told() []string { return p.partners }

// Erase deletes what the plan lists; ending each live match owes its partner the notice. The applications go last, so that a run that fails part-way finds the rest when run again.
func (e *Eraser) Erase(ctx context.Context, p *Plan) error {
	var problems []*store.MailProblem
	if p.problem != nil {
		problems = append(problems, p.problem)
	}
	sw, _ := e.Files.(report.Sweeper) // Find lists files only through one
	steps := []func() error{
		func() error { return each(ctx, p.entries, e.Store.DeleteEntry) },
		func() error { return each(ctx, p.requests, e.Store.DeleteRematchRequest) },
		func() error { return each(ctx, p.sent, e.Store.DeleteSent) },
		func() error { return each(ctx, problems, e.Store.DeleteMailProblem) },
		func() error { return each(ctx, p.proposals, e.Store.DeleteProposal) },
		func() error {
			return each(ctx, p.files, func(ctx context.Context, f string) error { return sw.Delete(ctx, f) })
		},
		func() error { return each(ctx, p.outbox, removeFile) },
		func() error { return each(ctx, p.owed, e.unsend) },
		func() error { return e.end(ctx, p) },
		func() error { return e.Store.DeleteLinkRequests(ctx, p.address) },
		// Deleting the applications ends every personal link and session of theirs: those items
		// hold only random ids and expire with the cycle.
		func() error { return each(ctx, p.apps, e.Store.DeleteApplication) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// unsend settles unsent what a match of theirs owes, but the partner's notice.
func (e *Eraser) unsend(ctx context.Context, o *store.Owed) error {
	for _, x := range slices.Clone(o.Emails) {
		if isNotice(x) {
			continue
		}
		if err := e.Store.Settle(ctx, o, x.ID); err != nil {
			return err
		}
	}
	return nil
}

// end ends the person's live matches, through the lifecycle, as staff's doing, each owing in
// the same write the partner's notice (if any): each partner then needs a new partner.
func (e *Eraser) end(ctx context.Context, p *Plan) error {
	life, err := lifecycle.Load(ctx, e.Store, p.cycle, e.Now())
	if err != nil {
		return err
	}
	for _, a := range p.apps {
		for _, m := range life.Active(a.ID) {
			var notices []store.Email
			if n, ok := p.tell[m.Key()]; ok {
				notices = append(notices, n)
			}
			if err := life.End(ctx, e.Store, m, store.EndStaff, e.Now(), notices...); err != nil {
				return err
			}
		}
	}
	return nil
}

// each does do to every item of list, stopping at the first failure.
func each[T any](ctx context.Context, list []T, do func(context.Context, T) error) error {
	for _, x := range list {
		if err := do(ctx, x); err != nil {
			return err
		}
	}
	return nil
}

// removeFile deletes a file; its being gone already is no error.
func removeFile(_ context.Context, f string) error {
	if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Remains says in words what is left of the person once erased, and for how long.
func (p *Plan) Remains(now time.Time) []string {
	out := []string{
		fmt.Sprintf("Once deleted, it can still be brought back from the table's point-in-time recovery for %d days, until %s; then it is gone.",
			int(Recovery.Hours()/24), p.day(now.Add(Recovery))),
		"Emails already sent stay in the mailboxes they reached: the person's, their partners', and staff's.",
		"In AWS, the staff bucket keeps a deleted file's previous version for one more day. Run review or report again for staff files without them.",
		"The logs (kept 90 days) hold application ids and outcomes, never names, addresses or answers.",
	}
	if len(p.partners) > 0 {
		out = append(out, "Told, as after a withdrawal, that they can no longer take part: "+strings.Join(p.partners, "; ")+".")
	}
	return out
}
