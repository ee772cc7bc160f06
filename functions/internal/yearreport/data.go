// Package yearreport writes a cycle's reports for staff from the store: the season report (one
// printable page with charts), the CSV exports, and the first draft of the advisory task force's
// annual final report from the wrap-up surveys, in which no group under five people is shown.
package yearreport

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Data is everything of a cycle the reports are built from.
type Data struct {
	Calendar *program.Calendar
	Cycle    *program.Cycle
	Now      time.Time
	Apps     map[forms.Role][]*store.Application // in order of submission
	Matches  []*store.Match                      // in key order
	Years    map[string]*store.Year              // by match key
	Requests []*store.RematchRequest
	Life     *lifecycle.Cycle // where each person and match stands
	byID     map[string]*store.Application
}

// Load reads a cycle's data in a handful of queries.
func Load(ctx context.Context, st *store.Store, cal *program.Calendar, cy *program.Cycle, now time.Time) (*Data, error) {
	apps := map[forms.Role][]*store.Application{}
	for _, role := range forms.Roles {
		list, err := st.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, err
		}
		apps[role] = list
	}
	matches, err := st.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	years, err := st.Years(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	requests, err := st.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	return New(cal, cy, now, apps, matches, years, requests), nil
}

// New is Data from records read elsewhere (Years may lack pairs that sent nothing).
func New(cal *program.Calendar, cy *program.Cycle, now time.Time, apps map[forms.Role][]*store.Application,
	matches []*store.Match, years map[string]*store.Year, requests []*store.RematchRequest) *Data {
	d := &Data{Calendar: cal, Cycle: cy, Now: now, Apps: apps, Matches: matches, Years: years, Requests: requests,
		byID: map[string]*store.Application{}}
	d.index()
	d.Life = &lifecycle.Cycle{Cycle: cy, Now: now, Apps: d.byID, Matches: matches}
	return d
}

// index orders the records and fills the lookups and the pairs' years.
func (d *Data) index() {
	for _, apps := range d.Apps {
		sort.SliceStable(apps, func(i, j int) bool { return apps[i].SubmittedAt.Before(apps[j].SubmittedAt) })
		for _, a := range apps {
			d.byID[a.ID] = a
		}
	}
	sort.Slice(d.Matches, func(i, j int) bool { return d.Matches[i].Key() < d.Matches[j].Key() })
	for _, m := range d.Matches {
		if d.Years[m.Key()] == nil {
			d.Years[m.Key()] = store.NewYear()
		}
	}
}

// name is the name of the applicant with this id ("" if unknown).
func (d *Data) name(id string) string {
	if a := d.byID[id]; a != nil {
		return a.Form.Applicant().Name
	}
	return ""
}

// pairName names a pair: "Jordan Avery with Rosa Delgado" (mentee first, as the keys).
func (d *Data) pairName(m *store.Match) string { return d.name(m.Mentee) + " with " + d.name(m.Mentor) }

// person is the id of the member of m with role.
func person(m *store.Match, role forms.Role) string {
	if role == forms.RoleMentor {
		return m.Mentor
	}
	return m.Mentee
}

// current lists the matches that have not ended.
func (d *Data) current() []*store.Match {
	var out []*store.Match
	for _, m := range d.Matches {
		if !m.Ended {
			out = append(out, m)
		}
	}
	return out
}

// inYear reports whether the person of m with role is still in the program year through m: the
// pair has not ended and they did not withdraw.
func (d *Data) inYear(m *store.Match, role forms.Role) bool {
	return !m.Ended && d.Years[m.Key()].Withdrawals[role] == nil
}

// respondent is a person asked to answer the wrap-up survey, with their latest survey (nil if
// none came).
type respondent struct {
	id    string
	role  forms.Role
	entry *store.Entry
}

func (r respondent) survey() *forms.Survey { return r.entry.Answers.(*forms.Survey) }

// surveys lists the people asked to answer the wrap-up survey, once each however many pairs they
// are in (those still in the year through one), mentors first, with the latest survey each sent.
func (d *Data) surveys() []respondent {
	var out []respondent
	at := map[string]int{}
	for _, m := range d.Matches {
		for _, role := range forms.Roles {
			if !d.inYear(m, role) {
				continue
			}
			id := person(m, role)
			i, ok := at[id]
			if !ok {
				i, at[id] = len(out), len(out)
				out = append(out, respondent{id: id, role: role})
			}
			if e := d.Years[m.Key()].Surveys[role]; e != nil && (out[i].entry == nil || e.SentAt.After(out[i].entry.SentAt)) {
				out[i].entry = e
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].role != out[j].role {
			return out[i].role == forms.RoleMentor
		}
		return out[i].id < out[j].id
	})
	return out
}

// label is an option's label in a form's list ("" values stay "").
func label(list, value string) string {
	for _, o := range forms.Lists[list] {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// labels joins the labels of several values.
func labels(list string, values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = label(list, v)
	}
	return strings.Join(out, "; ")
}

// stamp writes a time for a spreadsheet: the calendar's zone, to the minute.
func (d *Data) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Calendar.Location()).Format("2006-01-02 15:04")
}
