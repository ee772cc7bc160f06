package forms

import (
	"maps"

	"github.com/ala-alsc/mentoring/content"
)

// The option lists of the participant forms. Objectives and activities come from the site's own
// pages, so that a form offers exactly what the site shows.
var participantLists = map[string][]Option{
	"objectives": entries(content.Objectives(), true),
	"activities": entries(content.Activities(), false),
	"progress": {
		{"not_started", "Not started yet"},
		{"under_way", "Under way"},
		{"nearly", "Nearly there"},
		{"met", "Met"},
		{"changed", "Changed or set aside"},
	},
	"contact": {
		{"weekly", "About once a week or more"},
		{"twice_monthly", "About twice a month"},
		{"monthly", "About once a month"},
		{"less", "Less often than once a month"},
	},
	"rating": {
		{"5", "5 – Excellent"},
		{"4", "4 – Good"},
		{"3", "3 – Fair"},
		{"2", "2 – Poor"},
		{"1", "1 – Very poor"},
	},
	"again": {
		{"mentor", "Yes, as a mentor"},
		{"mentee", "Yes, as a mentee"},
		{"either", "Yes, in either role"},
		{"no", "Not at this time"},
	},
}

func init() { maps.Copy(Lists, participantLists) }

// entries are content pages as options: the objectives by their short names, the activities by
// their titles.
func entries(list []content.Entry, short bool) []Option {
	out := make([]Option, len(list))
	for i, e := range list {
		out[i] = Option{Value: e.Key, Label: e.Title}
		if short && e.Short != "" {
			out[i].Label = e.Short
		}
	}
	return out
}
