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
		option(ProgressNotStarted, "Not started yet"),
		option(ProgressUnderWay, "Under way"),
		option(ProgressNearly, "Nearly there"),
		option(ProgressMet, "Met"),
		option(ProgressChanged, "Changed or set aside"),
	},
	"contact": {
		option(ContactWeekly, "About once a week or more"),
		option(ContactTwiceMonthly, "About twice a month"),
		option(ContactMonthly, "About once a month"),
		option(ContactLess, "Less often than once a month"),
	},
	"rating": {
		option(Rating5, "5 – Excellent"),
		option(Rating4, "4 – Good"),
		option(Rating3, "3 – Fair"),
		option(Rating2, "2 – Poor"),
		option(Rating1, "1 – Very poor"),
	},
	"how_going": checkInOptions,
	"again": {
		option(AgainMentor, "Yes, as a mentor"),
		option(AgainMentee, "Yes, as a mentee"),
		option(AgainEither, "Yes, in either role"),
		option(AgainNo, "Not at this time"),
	},
	"story_consent": {
		option(StoryNamed, "Yes, with my name"),
		option(StoryAnonymous, "Yes, without my name"),
		option(StoryPrivate, "No: it is for the ALSC office only"),
	},
}

// Progress is how far one of a pair's goals has come, at the mid-point.
type Progress string

// The answers about a goal's progress.
const (
	ProgressNotStarted Progress = "not_started"
	ProgressUnderWay   Progress = "under_way"
	ProgressNearly     Progress = "nearly"
	ProgressMet        Progress = "met"
	ProgressChanged    Progress = "changed"
)

// ContactFrequency is how often a pair has been in touch.
type ContactFrequency string

// The answers about how often a pair has been in touch.
const (
	ContactWeekly       ContactFrequency = "weekly"
	ContactTwiceMonthly ContactFrequency = "twice_monthly"
	ContactMonthly      ContactFrequency = "monthly"
	ContactLess         ContactFrequency = "less"
)

// Rating is an answer on the survey's five-point scale, 5 the best.
type Rating string

// The survey's ratings.
const (
	Rating5 Rating = "5"
	Rating4 Rating = "4"
	Rating3 Rating = "3"
	Rating2 Rating = "2"
	Rating1 Rating = "1"
)

// Again is whether, and in which role, a participant would take part again.
type Again string

// The answers about taking part again: a role, either, or no.
const (
	AgainMentor Again = Again(RoleMentor)
	AgainMentee Again = Again(RoleMentee)
	AgainEither Again = "either"
	AgainNo     Again = Again(No)
)

// StoryConsent is how ALSC may use a participant's story of the year.
type StoryConsent string

// The answers about a story: quoted with the author's name, quoted without it, or not quoted.
const (
	StoryNamed     StoryConsent = "named"
	StoryAnonymous StoryConsent = "anonymous"
	StoryPrivate   StoryConsent = "private"
)

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
