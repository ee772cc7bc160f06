package yearreport

import (
	"cmp"
	"fmt"
	"strconv"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Season is the season report: applications, matches, goals, trackers and surveys, and calls for
// help, as counts and charts. It names nobody.
func Season(d *Data) *report.Document {
	cal, cy := d.Calendar, d.Cycle
	doc := &report.Document{Title: "ALSC Mentoring Program " + cy.ID + ": season report"}
	doc.Printf("As of %s. Counts only: the CSV exports beside this report hold the details.\n\n", cal.Day(d.Now))

	doc.Printf("## Applications\n")
	states := []lifecycle.State{lifecycle.Submitted, lifecycle.Declined, lifecycle.Accepted, lifecycle.Matched,
		lifecycle.NeedsPartner, lifecycle.Completed, lifecycle.Withdrawn}
	var rows [][]string
	for _, role := range forms.Roles {
		count := d.Life.Count(role)
		row := []string{string(role), strconv.Itoa(len(d.Apps[role]))}
		for _, st := range states {
			row = append(row, strconv.Itoa(count[st]))
		}
		rows = append(rows, row)
	}
	header := []string{"Role", "Applications"}
	for _, st := range states {
		header = append(header, st.Words())
	}
	doc.Table(header, rows)
	w := cy.Window(program.Applications)
	for _, role := range forms.Roles {
		var bars []report.Bar
		for start := w.Opens; start.Before(w.Closes); start = start.AddDate(0, 0, 7) {
			end, n := start.AddDate(0, 0, 7), 0
			for _, a := range d.Apps[role] {
				if !a.SubmittedAt.Before(start) && a.SubmittedAt.Before(end) {
					n++
				}
			}
			bars = append(bars, report.Bar{Label: "week of " + cal.Day(start), Value: n})
		}
		doc.Chart(fmt.Sprintf("%s applications by week", capital(string(role))), bars)
	}

	doc.Printf("## Matches\n")
	current, ends := d.current(), map[store.EndReason]int{}
	for _, m := range d.Matches {
		if m.Ended {
			ends[cmp.Or(m.EndReason, store.EndRematch)]++ // matches ended before reasons were kept ended by rematches
		}
	}
	mentees := d.Life.Count(forms.RoleMentee)
	doc.Chart("Matches", []report.Bar{{Label: "pairs working together", Value: len(current)},
		{Label: "ended as one of the pair left", Value: ends[store.EndWithdrawal]}, {Label: "ended by a rematch", Value: ends[store.EndRematch]},
		{Label: "ended by staff", Value: ends[store.EndStaff]},
		{Label: "accepted mentees without a partner", Value: mentees[lifecycle.Accepted] + mentees[lifecycle.NeedsPartner]}})

	doc.Printf("## Goals\n")
	goals := cy.Window(program.Goals)
	onTime, late, missing := 0, 0, 0
	for _, m := range current {
		switch g := d.Years[m.Key()].Goals; {
		case len(g) == 0:
			missing++
		case g[0].Late:
			late++
		default:
			onTime++
		}
	}
	doc.Printf("Goals were due by %s.\n", cal.LastDay(goals))
	doc.Chart("Goals of the pairs working together", []report.Bar{{Label: "on time", Value: onTime},
		{Label: "late", Value: late}, {Label: "not received", Value: missing}})

	doc.Printf("## Mid-point tracker and wrap-up survey\n")
	trackers, surveys := 0, 0
	for _, m := range current {
		if d.Years[m.Key()].Tracker != nil {
			trackers++
		}
	}
	asked := d.surveys() // once a person, as the final report counts them
	for _, a := range asked {
		if a.entry != nil {
			surveys++
		}
	}
	people := len(asked)
	doc.Table([]string{"Form", "Window", "Received", "Of", "Rate"}, [][]string{
		{"Mid-point tracker (one per pair)", window(d, program.Tracker), strconv.Itoa(trackers), strconv.Itoa(len(current)), percent(trackers, len(current))},
		{"Wrap-up survey (one per person)", window(d, program.Survey), strconv.Itoa(surveys), strconv.Itoa(people), percent(surveys, people)},
	})

	doc.Printf("## How it is going, and calls for help\n")
	answers := map[forms.HowGoing]int{}
	callMe := 0
	for _, m := range current {
		y := d.Years[m.Key()]
		for _, e := range y.CheckIns {
			answers[e.Answers.(*forms.CheckIn).HowGoing]++
		}
		if y.Tracker != nil && y.Tracker.Answers.(*forms.Tracker).CallMe == forms.Yes {
			callMe++
		}
	}
	var bars []report.Bar
	for _, o := range forms.Lists["how_going"] {
		bars = append(bars, report.Bar{Label: o.Label, Value: answers[forms.HowGoing(o.Value)]})
	}
	bars = append(bars, report.Bar{Label: "tracker: please get in touch", Value: callMe})
	doc.Chart("Monthly check-in answers and calls for help", bars)

	contact(doc, d, current)

	doc.Printf("## Rematch requests and withdrawals\n")
	byStatus := map[store.RematchStatus]int{}
	for _, q := range d.Requests {
		byStatus[q.Status]++
	}
	withdrawals := d.Life.Count(forms.RoleMentor)[lifecycle.Withdrawn] + d.Life.Count(forms.RoleMentee)[lifecycle.Withdrawn]
	doc.Table([]string{"What", "Count"}, [][]string{
		{"rematch requests waiting for review", strconv.Itoa(byStatus[store.RematchSubmitted])},
		{"rematch requests accepted or done", strconv.Itoa(byStatus[store.RematchAccepted] + byStatus[store.RematchDone])},
		{"rematch requests declined", strconv.Itoa(byStatus[store.RematchDeclined])},
		{"people who withdrew", strconv.Itoa(withdrawals)},
	})
	return doc
}

func window(d *Data, key string) string {
	w := d.Cycle.Window(key)
	return d.Calendar.Day(w.Opens) + " to " + d.Calendar.LastDay(w)
}

func percent(n, of int) string {
	if of == 0 {
		return "–"
	}
	return strconv.Itoa(n*100/of) + "%"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// contact is the section on how often pairs were in touch, against the program's guideline of
// at least twice a month: for each month of the work so far, the pairs together through it and
// how many said they were in touch twice or more; and how many pairs are quiet now.
func contact(doc *report.Document, d *Data, current []*store.Match) {
	cal, cy := d.Calendar, d.Cycle
	doc.Printf("## Contact between partners\n")
	doc.Printf("The program asks pairs to be in touch at least %d times a month; each person records a day with one click.\n\n",
		program.ContactsPerMonth)
	var rows [][]string
	for start := cy.Window(program.ProgramStart).Opens; start.Before(d.Now) && start.Before(cy.Span().Closes); start = start.AddDate(0, 1, 0) {
		month := cal.Month(start)
		first := time.Date(month/100, time.Month(month%100), 1, 0, 0, 0, 0, cal.Location())
		together, keeping := 0, 0
		for _, m := range d.Matches {
			// Together from (nearly) the start of the month to its end: matched by its eighth day,
			// not ended before it closed.
			if !m.CreatedAt.Before(first.AddDate(0, 0, 7)) || (m.Ended && m.EndedAt.Before(first.AddDate(0, 1, 0))) {
				continue
			}
			together++
			if d.Years[m.Key()].ContactsIn(month) >= program.ContactsPerMonth {
				keeping++
			}
		}
		rows = append(rows, []string{program.MonthWords(month), strconv.Itoa(together), strconv.Itoa(keeping), percent(keeping, together)})
	}
	if len(rows) > 0 {
		doc.Table([]string{"Month", "Pairs together", fmt.Sprintf("In touch %d times or more", program.ContactsPerMonth), "Share"}, rows)
	}
	quiet := 0
	for _, m := range current {
		last := d.Years[m.Key()].LastContact()
		if !last.IsZero() && d.Now.Sub(last) >= time.Duration(cal.QuietDays)*24*time.Hour ||
			last.IsZero() && d.Now.Sub(m.CreatedAt) >= time.Duration(cal.QuietDays)*24*time.Hour {
			quiet++
		}
	}
	doc.Printf("\n%d of %d pairs working together have had no contact recorded for %d days or more (the staff digest names them).\n\n",
		quiet, len(current), cal.QuietDays)
}
