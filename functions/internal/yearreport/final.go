package yearreport

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
)

// MinGroup is the smallest group of people the final report shows, as in the matcher's fairness
// table: a smaller one is folded into the combined figures, and when the whole is smaller still,
// nothing is shown.
const MinGroup = proposal.MinGroup

// FinalDraft is the first draft of the advisory task force's annual final report, from the
// wrap-up surveys: response rate by role, the ratings, the objectives people made progress on,
// what worked and what did not in their own words (names taken out), and who would take part
// again. Each person is counted once, however many pairs they are in. A role with fewer than
// MinGroup answers is shown only within the combined figures; with fewer than MinGroup answers in
// all, only the response rate is.
func FinalDraft(d *Data) *report.Document {
	cal, cy := d.Calendar, d.Cycle
	doc := &report.Document{Title: "ALSC Mentoring Program " + cy.ID + ": final report (draft)"}
	doc.Printf("A first draft for the advisory task force, from the wrap-up surveys received by %s. "+
		"Edit freely: the numbers are the system's, the words are yours to shape. No group of fewer than %d people is shown.\n\n",
		cal.Day(d.Now), MinGroup)

	all := d.surveys()
	invited, byRole := map[forms.Role]int{}, map[forms.Role]int{}
	for _, a := range all {
		invited[a.role]++
		if a.entry != nil {
			byRole[a.role]++
		}
	}
	all = slices.DeleteFunc(all, func(a respondent) bool { return a.entry == nil })

	doc.Printf("## Who answered\n")
	var rows [][]string
	for _, role := range forms.Roles {
		rows = append(rows, []string{capital(string(role)) + "s", strconv.Itoa(byRole[role]), strconv.Itoa(invited[role]), percent(byRole[role], invited[role])})
	}
	rows = append(rows, []string{"Everyone", strconv.Itoa(len(all)), strconv.Itoa(invited[forms.RoleMentor] + invited[forms.RoleMentee]),
		percent(len(all), invited[forms.RoleMentor]+invited[forms.RoleMentee])})
	doc.Table([]string{"Group", "Answered", "Asked", "Response rate"}, rows)
	if len(all) < MinGroup {
		doc.Printf("Fewer than %d people answered, so nothing more is shown: any figure could point to a person.\n", MinGroup)
		return doc
	}
	// The roles shown on their own: each with MinGroup answers or more, and only if the rest
	// (everyone minus them) is also that large, so no small group can be worked out.
	var shown []forms.Role
	for _, role := range forms.Roles {
		if byRole[role] >= MinGroup && len(all)-byRole[role] >= MinGroup {
			shown = append(shown, role)
		}
	}
	if len(shown) < len(forms.Roles) {
		shown = nil
		doc.Printf("\nOne role has fewer than %d answers, so the figures below combine mentors and mentees.\n", MinGroup)
	}
	groups := append([]string{"everyone"}, rolesOf(shown)...)
	in := func(g string, a respondent) bool { return g == "everyone" || g == string(a.role) }

	doc.Printf("\n## Ratings\n")
	for _, q := range []struct {
		title string
		value func(*forms.Survey) forms.Rating
	}{
		{"The year in the program overall", func(s *forms.Survey) forms.Rating { return s.RatingOverall }},
		{"How well the match suited them", func(s *forms.Survey) forms.Rating { return s.RatingMatch }},
		{"Support from the ALSC office and the working group", func(s *forms.Survey) forms.Rating { return s.RatingSupport }},
	} {
		for _, g := range groups {
			var bars []report.Bar
			for _, o := range forms.Lists["rating"] {
				n := 0
				for _, a := range all {
					if in(g, a) && string(q.value(a.survey())) == o.Value {
						n++
					}
				}
				bars = append(bars, report.Bar{Label: o.Label, Value: n})
			}
			doc.Chart(fmt.Sprintf("%s (%s)", q.title, g), bars)
		}
	}

	doc.Printf("## Objectives people made progress on\n")
	var bars []report.Bar
	for _, o := range forms.Lists["objectives"] {
		n := 0
		for _, a := range all {
			for _, v := range a.survey().Objectives {
				if v == o.Value {
					n++
				}
			}
		}
		bars = append(bars, report.Bar{Label: o.Label, Value: n})
	}
	doc.Chart("Objectives people made progress on (everyone)", bars)

	doc.Printf("## Would they take part again?\n")
	var again [][]string
	for _, o := range forms.Lists["again"] {
		row := []string{o.Label}
		for _, g := range groups {
			n := 0
			for _, a := range all {
				if in(g, a) && string(a.survey().Again) == o.Value {
					n++
				}
			}
			row = append(row, strconv.Itoa(n))
		}
		again = append(again, row)
	}
	doc.Table(append([]string{"Answer"}, groups...), again)

	scrub := d.nameScrubber()
	for _, part := range []struct {
		title string
		text  func(*forms.Survey) string
	}{{"What worked", func(s *forms.Survey) string { return s.Worked }}, {"What did not work, or could be better", func(s *forms.Survey) string { return s.NotWorked }}} {
		doc.Printf("\n## %s, in their own words\n\n", part.title)
		var quotes []string
		for _, a := range all {
			if t := strings.TrimSpace(part.text(a.survey())); t != "" {
				quotes = append(quotes, scrub(t))
			}
		}
		sort.Strings(quotes) // not in the order people answered
		// Each answer on one line, in quotation marks: it reads as a quotation, and nothing in
		// it begins a line (no answer can start a list, a heading, or a formula in a spreadsheet
		// it is pasted into).
		for _, q := range quotes {
			doc.Printf("> %s\n\n", quotation(q))
		}
	}
	stories(doc, d, all, scrub)
	return doc
}

// quotation is an answer as the report quotes it: on one line, in quotation marks, so that it
// reads as a quotation and nothing in it begins a line (no answer can start a list, a heading,
// or a formula in a spreadsheet it is pasted into).
func quotation(s string) string {
	return report.Escape("“" + strings.Join(strings.Fields(s), " ") + "”")
}

// stories quotes the stories people shared, only as each allowed: with their name, or without
// it (as "a mentor" or "a mentee"); every name in a story's text is taken out either way, since
// the people it names did not consent. Stories for the office only are counted, never quoted.
func stories(doc *report.Document, d *Data, all []respondent, scrub func(string) string) {
	var quoted []string
	private := 0
	for _, a := range all {
		s := a.survey()
		text := strings.TrimSpace(s.Story)
		if text == "" {
			continue
		}
		switch s.StoryConsent {
		case forms.StoryNamed:
			quoted = append(quoted, quotation(scrub(text))+" — "+report.Escape(d.name(a.id))+", "+string(a.role))
		case forms.StoryAnonymous:
			quoted = append(quoted, quotation(scrub(text))+" — a "+string(a.role))
		default:
			private++
		}
	}
	doc.Printf("\n## Stories of the year\n\n")
	if len(quoted) == 0 {
		doc.Printf("Nobody shared a story that may be quoted.\n\n")
	}
	sort.Strings(quoted)
	for _, q := range quoted {
		doc.Printf("> %s\n\n", q)
	}
	if private > 0 {
		doc.Printf("%d more %s shared for the ALSC office only, and %s not quoted here.\n", private,
			map[bool]string{true: "story was", false: "stories were"}[private == 1], map[bool]string{true: "is", false: "are"}[private == 1])
	}
}

func rolesOf(roles []forms.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}
