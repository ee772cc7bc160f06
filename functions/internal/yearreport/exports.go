package yearreport

import (
	"strconv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Export is one CSV file: its name and its table.
type Export struct {
	Name   string
	Header []string
	Rows   [][]string
}

// Exports are the cycle's tables for a spreadsheet: applications with where each person stands (the
// confidential match preferences are left out; staff read them in review), matches, goals,
// trackers, surveys, check-ins, contacts, rematch and withdrawal requests, and who gets a
// certificate of completion (lifecycle's rule, or staff's hand) and, if not, why.
func Exports(d *Data) []Export {
	apps := Export{Name: "applications.csv", Header: []string{"id", "role", "status", "submitted", "name", "email", "pronouns",
		"organization", "position", "city", "region", "country", "time zone"}}
	for _, role := range forms.Roles {
		for _, a := range d.Apps[role] {
			p := a.Form.Applicant()
			apps.Rows = append(apps.Rows, []string{a.ID, string(a.Role), d.Life.Person(a.ID).Words(), d.stamp(a.SubmittedAt), p.Name, a.Email,
				p.Pronouns, p.Organisation, p.Position, p.City, p.Region, p.Country, label("time_zones", string(p.TimeZone))})
		}
	}
	matches := Export{Name: "matches.csv", Header: []string{"pair", "mentee id", "mentee", "mentee email", "mentor id", "mentor",
		"mentor email", "matched", "ended", "ended on"}}
	goals := Export{Name: "goals.csv", Header: []string{"pair", "version", "sent", "late", "goal", "text", "objectives", "how it is measured"}}
	trackers := Export{Name: "trackers.csv", Header: []string{"pair", "sent", "contact", "activities tried", "what is working", "get in touch"}}
	for i := range forms.MaxGoals {
		goal := strings.ToLower(forms.GoalName(i + 1))
		trackers.Header = append(trackers.Header, goal+" progress", goal+" note")
	}
	surveys := Export{Name: "surveys.csv", Header: []string{"pair", "role", "name", "sent", "overall", "match", "support",
		"objectives", "again", "what worked", "what did not", "story", "story may be quoted", "certificate may name the partner"}}
	checkins := Export{Name: "checkins.csv", Header: []string{"pair", "role", "name", "month", "answer"}}
	contacts := Export{Name: "contacts.csv", Header: []string{"pair", "day", "recorded by"}}
	requests := Export{Name: "requests.csv", Header: []string{"kind", "pair", "role", "name", "sent", "status", "reason"}}
	email := func(id string) string {
		if a := d.byID[id]; a != nil {
			return a.Email
		}
		return ""
	}
	for _, m := range d.Matches {
		pair := d.pairName(m)
		ended := ""
		if m.Ended {
			ended = d.stamp(m.EndedAt)
		}
		matches.Rows = append(matches.Rows, []string{pair, m.Mentee, d.name(m.Mentee), email(m.Mentee), m.Mentor, d.name(m.Mentor),
			email(m.Mentor), d.stamp(m.CreatedAt), yes(m.Ended), ended})
		y := d.Years[m.Key()]
		for _, g := range y.Goals {
			for i, goal := range g.Answers.(*forms.Goals).List() {
				goals.Rows = append(goals.Rows, []string{pair, strconv.Itoa(g.Version), d.stamp(g.SentAt), yes(g.Late), strconv.Itoa(i + 1),
					goal.Text, labels("objectives", goal.Objectives), goal.Measure})
			}
		}
		if t := y.Tracker; t != nil {
			a := t.Answers.(*forms.Tracker)
			row := []string{pair, d.stamp(t.SentAt), label("contact", string(a.Contact)), labels("activities", a.Activities), a.Working,
				label("yes_no", string(a.CallMe))}
			for _, g := range a.PerGoal() {
				row = append(row, label("progress", string(g.Progress)), g.Note)
			}
			trackers.Rows = append(trackers.Rows, row)
		}
		for _, role := range forms.Roles {
			if s := y.Surveys[role]; s != nil {
				a := s.Answers.(*forms.Survey)
				surveys.Rows = append(surveys.Rows, []string{pair, string(role), d.name(person(m, role)), d.stamp(s.SentAt),
					string(a.RatingOverall), string(a.RatingMatch), string(a.RatingSupport), labels("objectives", a.Objectives),
					label("again", string(a.Again)), a.Worked, a.NotWorked, a.Story, label("story_consent", string(a.StoryConsent)),
					namesPartner(a)})
			}
			if w := y.Withdrawals[role]; w != nil {
				requests.Rows = append(requests.Rows, []string{"withdrawal", pair, string(role), d.name(person(m, role)), d.stamp(w.SentAt),
					"", w.Answers.(*forms.Withdrawal).Reason})
			}
		}
		for _, c := range y.Contacts {
			contacts.Rows = append(contacts.Rows, []string{pair, d.Calendar.Day(c.SentAt), d.name(person(m, c.Role)) + " (" + string(c.Role) + ")"})
		}
		for _, c := range y.CheckIns {
			checkins.Rows = append(checkins.Rows, []string{pair, string(c.Role), d.name(person(m, c.Role)), program.MonthWords(c.Version),
				label("how_going", string(c.Answers.(*forms.CheckIn).HowGoing))})
		}
	}
	certificates := Export{Name: "certificates.csv", Header: []string{"id", "role", "name", "email", "certificate", "how",
		"names partner", "why not"}}
	for _, role := range forms.Roles {
		for _, a := range d.Apps[role] {
			if len(d.Life.Active(a.ID)) == 0 && len(d.Life.Former(a.ID)) == 0 {
				continue // never matched: no certificate to speak of
			}
			c := d.Life.Certificate(a.ID, d.Years)
			how := "by the rule"
			switch {
			case c.ByHand:
				how = "issued by hand on " + d.stamp(a.CertificateByHand)
			case !c.Issued:
				how = ""
			}
			var named []string
			for _, id := range c.Partners {
				named = append(named, d.name(id))
			}
			certificates.Rows = append(certificates.Rows, []string{a.ID, string(a.Role), a.Form.Applicant().Name, a.Email, yes(c.Issued), how,
				strings.Join(named, "; "), c.Why})
		}
	}
	for _, q := range d.Requests {
		m := &store.Match{Mentee: q.Mentee(), Mentor: q.Mentor()}
		requests.Rows = append(requests.Rows, []string{"rematch", d.pairName(m), string(q.Role), d.name(person(m, q.Role)),
			d.stamp(q.CreatedAt), string(q.Status), q.Reason})
	}
	return []Export{apps, matches, goals, trackers, surveys, checkins, contacts, requests, certificates}
}

// CSV is the export as a file (see report.CSV).
func (e Export) CSV() ([]byte, error) { return report.CSV(e.Header, e.Rows) }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// namesPartner is a survey's answer to whether the certificates may name the partner; no
// answer is no (lifecycle's certificate rule).
func namesPartner(s *forms.Survey) string {
	if s.PartnerOnCertificate == "" {
		return "No answer (not named)"
	}
	return label("yes_no", string(s.PartnerOnCertificate))
}
