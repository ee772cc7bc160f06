package staffpages

import (
	"fmt"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Review is a cycle's applications, rematch requests and withdrawals as staff read them.
type Review struct {
	Cycle        string
	Calendar     *program.Calendar
	Now          time.Time
	Apps         Apps
	Applications []Entry
	Requests     []RequestEntry
	Withdrawals  []WithdrawalEntry
}

// Document is the review page.
func (res Review) Document() *report.Document {
	d := &report.Document{Title: "Applications to review, " + res.Cycle}
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
		res.Calendar.Day(res.Now), Many(count[forms.RoleMentor], "mentor application"), Many(count[forms.RoleMentee], "mentee application"),
		waiting, ReviewSheet)
	d.Printf("To decide, open %s in Excel or LibreOffice and fill in, on each row: **%s** (accept or decline; "+
		"only a decline sends the decline email), "+
		"**%s** (yes to make the next proposal without this person: they stay accepted and are sent nothing), "+
		"**%s** (the name of the partner this person must have), and correct any answer by typing over it. "+
		"Save it as CSV and hand it back with the matcher's decisions step.\n\n", ReviewSheet, ColDecision, ColLeaveOut, ColPinWith)
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
	name := res.Apps.Name
	var rows [][]string
	for _, q := range res.Requests {
		asker, other := sides(name(q.Mentee), name(q.Mentor), q.From)
		rows = append(rows, []string{asker, other, res.Calendar.Day(q.Created), q.Reason, string(q.Status), q.Key})
	}
	section(d, "Rematch requests", []string{"Asked by", "Partner", "Sent", "Reason (staff only)", "Status", "Request key"}, rows, "None.")
	if len(rows) > 0 {
		d.Printf("To accept a request, use the matcher's accept-rematch step with its key, then its rematch step.\n\n")
	}
	rows = nil
	for _, w := range res.Withdrawals {
		who, other := sides(name(w.Mentee), name(w.Mentor), w.From)
		rows = append(rows, []string{who, other, res.Calendar.Day(w.Sent), w.Reason})
	}
	section(d, "Withdrawals", []string{"Who left", "Partner", "Sent", "Reason (staff only)"}, rows, "None.")
	return d
}

// applicationRow is one application on the review page, in plain words.
func applicationRow(e Entry) []string {
	me, cells := e.Answers.Applicant(), forms.SheetRow(e.Role, e.Answers)
	where := strings.Join(nonEmpty(me.City, me.Region, me.Country), ", ")
	var experience, areas string
	switch f := e.Answers.(type) {
	case *forms.Mentor:
		if f.Years != nil {
			experience = Many(*f.Years, "year") + "; "
		}
		experience += "up to " + Many(f.Capacity, "mentee")
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

// nearWords says what "lives near" means for a person (see scoring.Near).
func nearWords(me *forms.Person) string {
	if scoring.Near(me.Region) == scoring.SameState {
		return "same state, province or territory: " + me.Region
	}
	return "same country: " + me.Country
}
