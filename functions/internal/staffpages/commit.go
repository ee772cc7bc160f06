package staffpages

import (
	"slices"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Matches are what a commit stored and sent: the pairs now matched, the matches ended, and who
// was sent which outcome email.
type Matches struct {
	Proposal, Cycle, Message string
	Calendar                 *program.Calendar
	Now                      time.Time
	Pairs                    []proposal.Pair
	Ends                     []string // the keys of the matches it ended
	Outcomes                 []OutcomeEntry
	Apps                     Apps
}

// Files are the commit's page and spreadsheet.
func (res Matches) Files() ([]report.File, error) {
	name, email := res.Apps.Name, res.Apps.Email
	d := &report.Document{Title: "Matches of proposal " + res.Proposal + ", " + res.Cycle}
	d.Printf("Committed %s. %s\n\n", res.Calendar.Day(res.Now), report.Escape(res.Message))
	var pairs, sheet [][]string
	for _, x := range res.Pairs {
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
	return Files("matches-"+res.Proposal, d, []string{"Name", "Email", "Role", "Sent"}, sheet)
}
