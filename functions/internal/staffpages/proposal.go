package staffpages

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Proposal is a proposal as staff review it: names, reasons in plain words, the unpaired with
// every reason, the people with few possible partners, and who committing it writes to.
type Proposal struct {
	ID, Cycle string
	Rematch   bool // a rematch proposal: it pairs people who need a new partner first
	Calendar  *program.Calendar
	Now       time.Time
	Notes     []string
	Ends      []string // the keys of the matches it ends
	Letters   []Letter
	// How many mentors and mentees were free to pair: none on one side explains why someone
	// has no possible partner.
	Mentors, Mentees int
	Apps             Apps
	Proposal         *proposal.Proposal
}

// Files are the proposal's page and spreadsheet.
func (res Proposal) Files() ([]report.File, error) {
	prop, p := res.Proposal, res
	email := p.Apps.Email
	var rows [][]string
	for _, x := range prop.Pairs {
		rows = append(rows, []string{p.Apps.Name(x.Mentee), email(x.Mentee), p.Apps.Name(x.Mentor), email(x.Mentor), why(x), fmt.Sprintf("%.1f", x.Score)})
	}
	for _, u := range prop.Unmatched {
		if u.Role == forms.RoleMentee {
			rows = append(rows, []string{p.Apps.Name(u.ID), email(u.ID), "", "", "unpaired: " + plainRule(u.Reason), ""})
		} else {
			rows = append(rows, []string{"", "", p.Apps.Name(u.ID), email(u.ID), "unpaired: " + plainRule(u.Reason), ""})
		}
	}
	return Files("proposal-"+res.ID, res.document(),
		[]string{"Mentee", "Mentee's email", "Mentor", "Mentor's email", "Why", "Score"}, rows)
}

// document is the proposal's page.
func (res Proposal) document() *report.Document {
	prop, p := res.Proposal, res
	kind := "Proposal"
	if res.Rematch {
		kind = "Rematch proposal"
	}
	d := &report.Document{Title: kind + " " + res.ID + ", " + res.Cycle}
	s := prop.Summary
	d.Printf("Made %s. %s from %s and %s (%s); %s unpaired, %s left. It pairs %s.\n\n", res.Calendar.Day(res.Now),
		Many(s.Pairs, "pair"), Many(s.Mentees, "mentee"), Many(s.Mentors, "mentor"), Many(s.Places, "place"),
		Many(s.Unpaired, "mentee"), Many(s.SpareSlots, "place"), objectiveWords(prop))
	d.Printf("**Nothing is stored or sent yet.** To store these matches and send the introductions, commit proposal %s. "+
		"This page holds confidential reasons: it is for the staff liaison only.\n\n", res.ID)
	for _, n := range res.Notes {
		d.Printf("- %s\n", report.Escape(n))
	}
	if len(prop.Few) > 0 {
		d.Printf("\n## Look at these first\n\n")
		for _, f := range prop.Few {
			d.Printf("- %s\n", report.Escape(fewWords(p.Apps.Name(f.ID), f, p.Mentors, p.Mentees)))
		}
	}
	if len(res.Ends) > 0 {
		d.Printf("\n## Matches this ends\n\n")
		for _, k := range res.Ends {
			mentee, mentor, err := store.ParseMatchKey(k)
			if err == nil {
				d.Printf("- %s with %s\n", report.Escape(p.Apps.Name(mentee)), report.Escape(p.Apps.Name(mentor)))
			}
		}
	}
	d.Printf("\n## Pairs\n")
	pairs := slices.Clone(prop.Pairs)
	slices.SortStableFunc(pairs, func(a, b proposal.Pair) int { return strings.Compare(p.Apps.Name(a.Mentee), p.Apps.Name(b.Mentee)) })
	var rows [][]string
	for _, x := range pairs {
		w := why(x)
		if x.Pinned {
			w = "pinned by staff; " + w
		}
		rows = append(rows, []string{p.Apps.Name(x.Mentee), p.Apps.Name(x.Mentor), w, fmt.Sprintf("%.1f", x.Score)})
	}
	d.Table([]string{"Mentee", "Mentor", "Why they fit", "Score"}, rows)
	rows = nil
	unmatched := slices.Clone(prop.Unmatched)
	slices.SortStableFunc(unmatched, func(a, b proposal.Unmatched) int {
		return cmp.Or(-strings.Compare(string(a.Role), string(b.Role)), strings.Compare(p.Apps.Name(a.ID), p.Apps.Name(b.ID)))
	})
	for _, u := range unmatched {
		rows = append(rows, []string{p.Apps.Name(u.ID), string(u.Role), plainRule(u.Reason)})
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
