package matching

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The pages and spreadsheets staff read. Review, propose and rematch each write a printable page
// and a spreadsheet under the cycle's folder of r.Files, list them in the answer and email staff
// the links, so a scheduled run's proposal reaches a person too.

var staffFiles = notify.MustLoad("staff-files")

// The review spreadsheet's own columns; the questions of the forms follow them.
const (
	colID       = "Application id"
	colRole     = "Role"
	colDecision = "Decision"
	colLeaveOut = "Leave out"
	colPinWith  = "Pin with"
	colVersion  = "Version (leave as it is)"
)

// ReviewFile is the review spreadsheet's name in the cycle's folder (the page is review.html).
const ReviewFile = reviewBase + ".csv"

const reviewBase = "review"

// publish stores files under the cycle's folder and emails staff the links, with what they are
// (what) and what to do next (next). Without a place for files it does nothing.
func (r *Runner) publish(ctx context.Context, cy *program.Cycle, what, next string, files []report.File) ([]report.Link, error) {
	if r.Files == nil {
		return nil, nil
	}
	links, err := report.Store(ctx, r.Files, cy.ID, files)
	if err != nil {
		return nil, err
	}
	return links, r.sendLinks(ctx, cy, staffFiles, links, map[string]string{"What": what, "Next": next})
}

// sendLinks emails each staff address the links, with text's words and fields.
func (r *Runner) sendLinks(ctx context.Context, cy *program.Cycle, text *notify.Text, links []report.Link, fields map[string]string) error {
	var list strings.Builder
	for _, l := range links {
		fmt.Fprintf(&list, "- %s: %s\n", l.Name, l.Link)
	}
	data := map[string]string{"Cycle": cy.ID, "Day": r.Calendar.Day(r.Now()), "Links": strings.TrimSpace(list.String()), "Expiry": r.LinkNote}
	for k, v := range fields {
		data[k] = v
	}
	for _, to := range r.Staff {
		m, err := text.Render(to, data)
		if err != nil {
			return err
		}
		if err := r.Mail.Send(ctx, m); err != nil {
			return fmt.Errorf("matcher: send staff the links: %w", err)
		}
	}
	return nil
}

// statusWords are each status as the review spreadsheet's Decision column writes it and as the
// review page says it.
var statusWords = map[store.Status]struct{ decision, page string }{
	store.StatusSubmitted: {"", "waiting for a decision"},
	store.StatusAccepted:  {"accept", "accepted"},
	store.StatusDeclined:  {"decline", "declined"},
	store.StatusWithdrawn: {"withdrawn", "withdrawn"},
}

func decisionWord(s store.Status) string { return statusWords[s].decision }

func statusWord(s store.Status) string { return statusWords[s].page }

// reviewFiles are the review page and the spreadsheet staff record decisions in.
func (r *Runner) reviewFiles(cy *program.Cycle, res *Result, apps applications) ([]report.File, error) {
	header := []string{colID, colRole, colDecision, colLeaveOut, colPinWith}
	cols := forms.SheetColumns()
	for _, c := range cols {
		header = append(header, c.Label)
	}
	header = append(header, colVersion)
	var rows [][]string
	for _, e := range res.Applications {
		cells := forms.SheetRow(e.Role, e.Answers)
		row := []string{e.ID, string(e.Role), decisionWord(e.Status), "", ""}
		for _, c := range cols {
			row = append(row, cells[c.Field])
		}
		rows = append(rows, append(row, version(apps[e.ID])))
	}
	return pageAndSheet(reviewBase, r.reviewPage(cy, res, apps), header, rows)
}

// pageAndSheet are a run's page (base.html) and spreadsheet (base.csv).
func pageAndSheet(base string, d *report.Document, header []string, rows [][]string) ([]report.File, error) {
	page, err := d.HTML()
	if err != nil {
		return nil, err
	}
	sheet, err := report.CSV(header, rows)
	if err != nil {
		return nil, err
	}
	return []report.File{{Name: base + ".html", ContentType: report.HTML, Body: page},
		{Name: base + ".csv", ContentType: report.CSVType, Body: sheet}}, nil
}

// reviewPage is the cycle's applications, rematch requests and withdrawals as staff read them.
func (r *Runner) reviewPage(cy *program.Cycle, res *Result, apps applications) *report.Document {
	d := &report.Document{Title: "Applications to review, " + cy.ID}
	count := map[forms.Role]int{}
	waiting := 0
	for _, e := range res.Applications {
		count[e.Role]++
		if e.Status == store.StatusSubmitted {
			waiting++
		}
	}
	d.Printf("As of %s: %s and %s, %d waiting for a decision. "+
		"This page and the spreadsheet %s hold confidential answers: they are for the staff liaison only.\n\n",
		r.Calendar.Day(r.Now()), many(count[forms.RoleMentor], "mentor application"), many(count[forms.RoleMentee], "mentee application"),
		waiting, ReviewFile)
	d.Printf("To decide, open %s in Excel or LibreOffice and fill in, on each row: **%s** (accept or decline; "+
		"only a decline sends the decline email), "+
		"**%s** (yes to make the next proposal without this person: they stay accepted and are sent nothing), "+
		"**%s** (the name of the partner this person must have), and correct any answer by typing over it. "+
		"Save it as CSV and hand it back with the matcher's decisions step.\n\n", ReviewFile, colDecision, colLeaveOut, colPinWith)
	for _, role := range forms.Roles {
		// Those who need a new partner or a decision first, then the others; each in order of
		// submission.
		var rows [][]string
		for _, st := range []lifecycle.State{lifecycle.NeedsPartner, lifecycle.Submitted, lifecycle.Accepted, lifecycle.Matched,
			lifecycle.Completed, lifecycle.Declined, lifecycle.Withdrawn} {
			for _, e := range res.Applications {
				if e.Role == role && e.State == st {
					rows = append(rows, applicationRow(e))
				}
			}
		}
		section(d, titleCase(string(role))+"s", []string{"Name", "Where they stand", "Position and organisation", "Where", "Time zone",
			"Experience", "Areas", "Match preferences", "To know"}, rows, "None yet.")
	}
	name := apps.name
	var rows [][]string
	for _, q := range res.Requests {
		asker, other := sides(name(q.Mentee), name(q.Mentor), q.From)
		rows = append(rows, []string{asker, other, r.Calendar.Day(q.Created), q.Reason, string(q.Status), q.Key})
	}
	section(d, "Rematch requests", []string{"Asked by", "Partner", "Sent", "Reason (staff only)", "Status", "Request key"}, rows, "None.")
	if len(rows) > 0 {
		d.Printf("To accept a request, use the matcher's accept-rematch step with its key, then its rematch step.\n\n")
	}
	rows = nil
	for _, w := range res.Withdrawals {
		who, other := sides(name(w.Mentee), name(w.Mentor), w.From)
		rows = append(rows, []string{who, other, r.Calendar.Day(w.Sent), w.Reason})
	}
	section(d, "Withdrawals", []string{"Who left", "Partner", "Sent", "Reason (staff only)"}, rows, "None.")
	return d
}

// section adds a heading and a table, or the sentence empty when there are no rows.
func section(d *report.Document, heading string, header []string, rows [][]string, empty string) {
	d.Printf("## %s\n", heading)
	if len(rows) == 0 {
		d.Printf("\n%s\n\n", empty)
		return
	}
	d.Table(header, rows)
}

// sides orders a pair's two names as the one who acted (from) and the partner.
func sides(mentee, mentor string, from forms.Role) (self, partner string) {
	if from == forms.RoleMentor {
		return mentor, mentee
	}
	return mentee, mentor
}

// applicationRow is one application on the review page, in plain words.
func applicationRow(e Entry) []string {
	me, cells := e.Answers.Applicant(), forms.SheetRow(e.Role, e.Answers)
	where := strings.Join(nonEmpty(me.City, me.Region, me.Country), ", ")
	var experience, areas string
	switch f := e.Answers.(type) {
	case *forms.Mentor:
		if f.Years != nil {
			experience = many(*f.Years, "year") + "; "
		}
		experience += "up to " + many(f.Capacity, "mentee")
		areas = cells["expertise"]
	case *forms.Mentee:
		experience = cells["situation"]
		areas = cells["interests"]
	}
	var notes []string
	if p := e.MailProblem; p != nil {
		notes = append(notes, fmt.Sprintf("an email to %s did not arrive (%s, %s)", e.Email, p.Kind, p.Subject))
	}
	return []string{me.Name, e.State.Words(), me.Position + ", " + me.Organisation, where, cells["time_zone"],
		experience, areas, preferences(e.Answers.Confidential(), nearWords(me)), strings.Join(notes, "; ")}
}

// preferences says which of a person's match preferences count, and how much; near is what
// "lives near" means for them.
func preferences(p *forms.Preferences, near string) string {
	own := func(gender string, self string) string {
		if self != "" {
			return self
		}
		return gender
	}
	var out []string
	for _, q := range []struct {
		what     string
		strength forms.Preference
		own      string
	}{
		{"lives near", p.GeoPreference, near},
		{"same gender", p.GenderPreference, own(forms.OptionLabel("gender", string(p.Gender)), p.GenderSelf)},
		{"same race or ethnic background", p.RacePreference, own(raceLabels(p.RaceEthnicity), p.RaceEthnicitySelf)},
	} {
		if q.strength == forms.PreferenceNone || q.strength == "" {
			continue
		}
		s := q.what + ": " + string(q.strength)
		if q.own != "" {
			s += " (" + q.own + ")"
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

func raceLabels(rs []forms.RaceEthnicity) string {
	var out []string
	for _, r := range rs {
		if r != forms.RaceSelfDescribe {
			out = append(out, forms.OptionLabel("race_ethnicity", string(r)))
		}
	}
	return strings.Join(out, ", ")
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// many is a count and a noun, made plural unless the count is one.
func many(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "s"):
		return strconv.Itoa(n) + " " + noun + "es"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// proposalFiles are a proposal's page and spreadsheet.
func (r *Runner) proposalFiles(cy *program.Cycle, res *Result, p *pool, prop *proposal.Proposal) ([]report.File, error) {
	email := p.apps.email
	var rows [][]string
	for _, x := range prop.Pairs {
		rows = append(rows, []string{p.apps.name(x.Mentee), email(x.Mentee), p.apps.name(x.Mentor), email(x.Mentor), why(x), fmt.Sprintf("%.1f", x.Score)})
	}
	for _, u := range prop.Unmatched {
		if u.Role == forms.RoleMentee {
			rows = append(rows, []string{p.apps.name(u.ID), email(u.ID), "", "", "unpaired: " + plainRule(u.Reason), ""})
		} else {
			rows = append(rows, []string{"", "", p.apps.name(u.ID), email(u.ID), "unpaired: " + plainRule(u.Reason), ""})
		}
	}
	return pageAndSheet("proposal-"+res.Proposal, r.proposalPage(cy, res, p, prop),
		[]string{"Mentee", "Mentee's email", "Mentor", "Mentor's email", "Why", "Score"}, rows)
}

// proposalPage is a proposal as staff review it: names, reasons in plain words, the unpaired
// with every reason, and the people with few possible partners.
func (r *Runner) proposalPage(cy *program.Cycle, res *Result, p *pool, prop *proposal.Proposal) *report.Document {
	kind := "Proposal"
	if res.Mode == Rematch {
		kind = "Rematch proposal"
	}
	d := &report.Document{Title: kind + " " + res.Proposal + ", " + cy.ID}
	s := prop.Summary
	d.Printf("Made %s. %s from %s and %s (%s); %s unpaired, %s left. It pairs %s.\n\n", r.Calendar.Day(r.Now()),
		many(s.Pairs, "pair"), many(s.Mentees, "mentee"), many(s.Mentors, "mentor"), many(s.Places, "place"),
		many(s.Unpaired, "mentee"), many(s.SpareSlots, "place"), objectiveWords(prop))
	d.Printf("**Nothing is stored or sent yet.** To store these matches and send the introductions, commit proposal %s. "+
		"This page holds confidential reasons: it is for the staff liaison only.\n\n", res.Proposal)
	for _, n := range res.Notes {
		d.Printf("- %s\n", report.Escape(n))
	}
	if len(prop.Few) > 0 {
		d.Printf("\n## Look at these first\n\n")
		for _, f := range prop.Few {
			d.Printf("- %s\n", report.Escape(fewWords(p.apps.name(f.ID), f, len(p.mentors), len(p.mentees))))
		}
	}
	if len(res.Ends) > 0 {
		d.Printf("\n## Matches this ends\n\n")
		for _, k := range res.Ends {
			mentee, mentor, err := store.ParseMatchKey(k)
			if err == nil {
				d.Printf("- %s with %s\n", report.Escape(p.apps.name(mentee)), report.Escape(p.apps.name(mentor)))
			}
		}
	}
	d.Printf("\n## Pairs\n")
	pairs := slices.Clone(prop.Pairs)
	slices.SortStableFunc(pairs, func(a, b proposal.Pair) int { return strings.Compare(p.apps.name(a.Mentee), p.apps.name(b.Mentee)) })
	var rows [][]string
	for _, x := range pairs {
		w := why(x)
		if x.Pinned {
			w = "pinned by staff; " + w
		}
		rows = append(rows, []string{p.apps.name(x.Mentee), p.apps.name(x.Mentor), w, fmt.Sprintf("%.1f", x.Score)})
	}
	d.Table([]string{"Mentee", "Mentor", "Why they fit", "Score"}, rows)
	rows = nil
	unmatched := slices.Clone(prop.Unmatched)
	slices.SortStableFunc(unmatched, func(a, b proposal.Unmatched) int {
		return cmp.Or(-strings.Compare(string(a.Role), string(b.Role)), strings.Compare(p.apps.name(a.ID), p.apps.name(b.ID)))
	})
	for _, u := range unmatched {
		rows = append(rows, []string{p.apps.name(u.ID), string(u.Role), plainRule(u.Reason)})
	}
	section(d, "Unpaired", []string{"Name", "Role", "Why"}, rows, "Everyone is paired.")
	rows = nil
	for _, l := range res.Letters {
		rows = append(rows, []string{l.Name, string(l.Role), l.Letter})
	}
	section(d, "Who committing this proposal writes to", []string{"Name", "Role", "Email"}, rows, "Nobody.")
	d.Printf("## Preferences honoured and fairness\n\n")
	if s.Withheld != "" {
		d.Printf("%s\n\n", report.Escape(s.Withheld))
		return d
	}
	rows = nil
	for _, h := range s.Honoured {
		rows = append(rows, []string{plainRule(h.Kind), string(h.Strength), strconv.Itoa(h.Asked), strconv.Itoa(h.Met)})
	}
	if len(rows) == 0 {
		d.Printf("No paired person asked for a match who shares something with them.\n\n")
	} else {
		d.Table([]string{"Preference", "How much", "Paired people who asked", "Given"}, rows)
	}
	rows = nil
	for _, g := range s.Fairness {
		answer := g.Answer
		switch g.Dimension {
		case "gender":
			answer = forms.OptionLabel("gender", answer)
		case "race/ethnicity":
			answer = forms.OptionLabel("race_ethnicity", answer)
		}
		rows = append(rows, []string{string(g.Role) + "s", g.Dimension, answer, strconv.Itoa(g.People), strconv.Itoa(g.Matched)})
	}
	d.Table([]string{"Who", "Question", "Answer", "People", "Paired"}, rows)
	d.Printf("Groups of fewer than %d people are counted together, so no one can be picked out.\n", proposal.MinGroup)
	return d
}

func objectiveWords(prop *proposal.Proposal) string {
	if prop.Objective == "quality" {
		return "for the best total score, even if fewer people are paired"
	}
	return "as many people as possible, those with the fewest possible partners first, then for the best total score"
}

// fewWords says in a sentence that a person has few possible partners, and why when there are
// none: nobody free on the other side, or a rule every pairing breaks.
func fewWords(name string, f proposal.Few, mentors, mentees int) string {
	other, free := "mentor", mentors
	if f.Role == forms.RoleMentor {
		other, free = "mentee", mentees
	}
	switch {
	case f.Partners == 0 && free == 0:
		return fmt.Sprintf("%s (%s) has no possible %s: no %s is free to pair.", name, f.Role, other, other)
	case f.Partners == 0:
		return fmt.Sprintf("%s (%s) has no possible %s: each pairing breaks a preference one of the two requires, "+
			"or pairs former partners again.", name, f.Role, other)
	}
	return fmt.Sprintf("%s (%s) has only one possible %s.", name, f.Role, other)
}

// why is a pair's score rule by rule, in plain words.
func why(x proposal.Pair) string {
	var out []string
	for _, c := range x.Contributions {
		if c.Rule != "base" {
			out = append(out, plainRule(c.Rule))
		}
	}
	if len(out) == 0 {
		return "compatible; nothing more in common"
	}
	return strings.Join(out, "; ")
}

// plainRule puts the matcher's names of preferences into words.
var plainRule = strings.NewReplacer("requires gender", "requires the same gender", "preferred gender", "preferred the same gender",
	"same-state", "the same state", "same-region", "the same region",
	"same-country", "the same country", "race/ethnicity", "the same race or ethnic background").Replace

// commitFiles are a commit's page and spreadsheet: the pairs now matched, the matches ended, and
// who was sent which outcome email.
func (r *Runner) commitFiles(cy *program.Cycle, res *Result, prop *proposal.Proposal, apps applications) ([]report.File, error) {
	name, email := apps.name, apps.email
	d := &report.Document{Title: "Matches of proposal " + res.Proposal + ", " + cy.ID}
	d.Printf("Committed %s. %s\n\n", r.Calendar.Day(r.Now()), report.Escape(res.Message))
	var pairs, sheet [][]string
	for _, x := range prop.Pairs {
		pairs = append(pairs, []string{name(x.Mentee), name(x.Mentor)})
		sheet = append(sheet, []string{name(x.Mentee), email(x.Mentee), "mentee", "introduced to " + name(x.Mentor)},
			[]string{name(x.Mentor), email(x.Mentor), "mentor", "introduced to " + name(x.Mentee)})
	}
	slices.SortFunc(pairs, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	section(d, "Pairs", []string{"Mentee", "Mentor"}, pairs, "None.")
	var ended [][]string
	for _, k := range res.Ends {
		if mentee, mentor, err := store.ParseMatchKey(k); err == nil {
			ended = append(ended, []string{name(mentee), name(mentor)})
		}
	}
	if len(ended) > 0 {
		section(d, "Matches ended", []string{"Mentee", "Mentor"}, ended, "")
	}
	var outcomes [][]string
	for _, o := range res.Outcomes {
		outcomes = append(outcomes, []string{o.Name, string(o.Role), string(o.Outcome), o.When})
		sheet = append(sheet, []string{o.Name, email(o.ID), string(o.Role), string(o.Outcome) + " (" + o.When + ")"})
	}
	section(d, "Outcome emails", []string{"Name", "Role", "Outcome", "When"}, outcomes, "None: everyone accepted was paired.")
	return pageAndSheet("matches-"+res.Proposal, d, []string{"Name", "Email", "Role", "Sent"}, sheet)
}
