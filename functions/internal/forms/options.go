package forms

// Option is one choice of a radio group, checkbox group or select.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// option is the Option for the answer v.
func option[V ~string](v V, label string) Option { return Option{Value: string(v), Label: label} }

// Competency is an area of ALSC's Competencies for Librarians Serving Children (2020 edition):
// what a mentor offers and a mentee seeks.
type Competency string

// The competency areas, in the Competencies' order.
const (
	CompetencyClientGroup     Competency = "client_group"
	CompetencyReference       Competency = "reference"
	CompetencyProgramming     Competency = "programming"
	CompetencyMaterials       Competency = "materials"
	CompetencyOutreach        Competency = "outreach"
	CompetencyAdministration  Competency = "administration"
	CompetencyProfessionalism Competency = "professionalism"
)

// YesNo is the answer to a yes-or-no question.
type YesNo string

// The answers to a yes-or-no question.
const (
	Yes YesNo = "yes"
	No  YesNo = "no"
)

// Situation is where a mentee stands in the profession.
type Situation string

// The situations a mentee can choose.
const (
	SituationStudent     Situation = "student"
	SituationEarlyCareer Situation = "early_career"
	SituationReturning   Situation = "returning"
	SituationRefining    Situation = "refining"
	SituationOther       Situation = "other"
)

// Mode is a way of communicating.
type Mode string

// The ways of communicating an applicant can tick.
const (
	ModeEmail Mode = "email"
	ModePhone Mode = "phone"
	ModeVideo Mode = "video"
	ModeChat  Mode = "chat"
)

// InPerson is whether an applicant could meet the match in person.
type InPerson string

// The answers about meeting in person.
const (
	InPersonYes         InPerson = "yes"
	InPersonConferences InPerson = "conferences"
	InPersonNo          InPerson = "no"
)

// TimeZone is an applicant's time zone: an IANA name, or TimeZoneOther.
type TimeZone string

// The time zones the form lists, west to east.
const (
	TimeZoneHawaii       TimeZone = "Pacific/Honolulu"
	TimeZoneAlaska       TimeZone = "America/Anchorage"
	TimeZonePacific      TimeZone = "America/Los_Angeles"
	TimeZoneMountain     TimeZone = "America/Denver"
	TimeZoneArizona      TimeZone = "America/Phoenix"
	TimeZoneCentral      TimeZone = "America/Chicago"
	TimeZoneEastern      TimeZone = "America/New_York"
	TimeZoneAtlantic     TimeZone = "America/Halifax"
	TimeZoneNewfoundland TimeZone = "America/St_Johns"
	TimeZonePuertoRico   TimeZone = "America/Puerto_Rico"
	TimeZoneGuam         TimeZone = "Pacific/Guam"
	TimeZoneOther        TimeZone = "other" // outside the listed zones: no IANA name
)

// Preference is how much an applicant cares that the match shares an answer.
type Preference string

// The answers to each preference question.
const (
	PreferenceRequired  Preference = "required"
	PreferencePreferred Preference = "preferred"
	PreferenceNone      Preference = "none"
)

// Gender is an applicant's answer about their own gender.
type Gender string

// The answers about gender.
const (
	GenderWoman        Gender = "woman"
	GenderMan          Gender = "man"
	GenderNonbinary    Gender = "nonbinary"
	GenderSelfDescribe Gender = "self_describe" // the words are in GenderSelf
	GenderPreferNot    Gender = "prefer_not"
)

// RaceEthnicity is one of an applicant's answers about their race or ethnic background.
type RaceEthnicity string

// The answers about race or ethnic background.
const (
	RaceAmericanIndian  RaceEthnicity = "american_indian"
	RaceAsian           RaceEthnicity = "asian"
	RaceBlack           RaceEthnicity = "black"
	RaceHispanic        RaceEthnicity = "hispanic"
	RaceMiddleEastern   RaceEthnicity = "middle_eastern"
	RacePacificIslander RaceEthnicity = "pacific_islander"
	RaceWhite           RaceEthnicity = "white"
	RaceSelfDescribe    RaceEthnicity = "self_describe" // the words are in RaceEthnicitySelf
)

// Lists are the named option lists fields refer to with the `in=` validation and the `options` tag.
var Lists = map[string][]Option{
	"competencies": {
		option(CompetencyClientGroup, "Commitment to Client Group"),
		option(CompetencyReference, "Reference and User Services"),
		option(CompetencyProgramming, "Programming Skills"),
		option(CompetencyMaterials, "Knowledge of Materials"),
		option(CompetencyOutreach, "Outreach and Advocacy"),
		option(CompetencyAdministration, "Administrative and Management Skills"),
		option(CompetencyProfessionalism, "Professionalism and Professional Development"),
	},
	"yes_no": {
		option(Yes, "Yes"),
		option(No, "No"),
	},
	"situations": {
		option(SituationStudent, "Student"),
		option(SituationEarlyCareer, "Early in my career"),
		option(SituationReturning, "Returning to the profession"),
		option(SituationRefining, "Refining my skills and making connections"),
		option(SituationOther, "Something else"),
	},
	"communication": {
		option(ModeEmail, "Email"),
		option(ModePhone, "Phone"),
		option(ModeVideo, "Video calls"),
		option(ModeChat, "Online chat"),
	},
	"in_person": {
		option(InPersonYes, "Yes, if we are close enough"),
		option(InPersonConferences, "Only at conferences"),
		option(InPersonNo, "No, online only"),
	},
	"time_zones": {
		option(TimeZoneHawaii, "Hawaii"),
		option(TimeZoneAlaska, "Alaska"),
		option(TimeZonePacific, "Pacific"),
		option(TimeZoneMountain, "Mountain"),
		option(TimeZoneArizona, "Arizona"),
		option(TimeZoneCentral, "Central"),
		option(TimeZoneEastern, "Eastern"),
		option(TimeZoneAtlantic, "Atlantic"),
		option(TimeZoneNewfoundland, "Newfoundland"),
		option(TimeZonePuertoRico, "Puerto Rico and U.S. Virgin Islands"),
		option(TimeZoneGuam, "Guam and Northern Mariana Islands"),
		option(TimeZoneOther, "Outside these time zones"),
	},
	"preference": {
		option(PreferenceRequired, "Required: match me only with someone who shares it"),
		option(PreferencePreferred, "Preferred: a match who shares it if possible"),
		option(PreferenceNone, "No preference"),
	},
	"gender": {
		option(GenderWoman, "Woman"),
		option(GenderMan, "Man"),
		option(GenderNonbinary, "Non-binary"),
		option(GenderSelfDescribe, "I describe it myself (below)"),
		option(GenderPreferNot, "I prefer not to say"),
	},
	"race_ethnicity": {
		option(RaceAmericanIndian, "American Indian or Alaska Native"),
		option(RaceAsian, "Asian"),
		option(RaceBlack, "Black or African American"),
		option(RaceHispanic, "Hispanic or Latino/a/e"),
		option(RaceMiddleEastern, "Middle Eastern or North African"),
		option(RacePacificIslander, "Native Hawaiian or Pacific Islander"),
		option(RaceWhite, "White"),
		option(RaceSelfDescribe, "I describe it myself (below)"),
	},
}

// OptionLabel is the label of the option value in the named list, or value itself when the list
// has no such option (a self-description, say).
func OptionLabel(list, value string) string {
	for _, o := range Lists[list] {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
