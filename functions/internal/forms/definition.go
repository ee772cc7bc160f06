package forms

import (
	"reflect"
	"strconv"
)

// Definition is one form of the program: its name (the site's data file and the form's id), the
// Go type of its answers, its sections in order, where it is sent and what its button says.
type Definition struct {
	Name     string
	Action   string
	Thanks   string // where a plain form's success is sent; "" when the handler decides
	Submit   string // the button's words
	Problem  string // the heading of the error summary
	Sections []SpecSection
	newForm  func() any
	keyed    bool // each rendering carries a fresh key (NewKey): the participant forms
}

// New returns empty answers of the form: a pointer to its struct.
func (d *Definition) New() any { return d.newForm() }

// PairPath is the address of a participant's pair page; the participant forms are sent from it.
const PairPath = "/api/pair"

// The program's forms.
var (
	MentorForm = &Definition{Name: string(RoleMentor), Action: Action, Thanks: ThanksPath, Submit: "Send my application",
		Problem: "There is a problem with your application", Sections: sections[RoleMentor], newForm: func() any { return &Mentor{} }}
	MenteeForm = &Definition{Name: string(RoleMentee), Action: Action, Thanks: ThanksPath, Submit: "Send my application",
		Problem: "There is a problem with your application", Sections: sections[RoleMentee], newForm: func() any { return &Mentee{} }}
	GoalsForm = &Definition{keyed: true, Name: "goals", Action: "/api/goals", Submit: "Send our goals",
		Problem: "There is a problem with your goals", Sections: goalSections(func(i int) string {
			if i == 1 {
				return GoalName(i)
			}
			return GoalName(i) + " (optional)"
		}), newForm: func() any { return &Goals{} }}
	TrackerForm = &Definition{keyed: true, Name: "tracker", Action: "/api/trackers", Submit: "Send our tracker",
		Problem: "There is a problem with your tracker", newForm: func() any { return &Tracker{} },
		Sections: append(goalSections(func(i int) string { return "Progress on " + lowerFirst(GoalName(i)) }),
			SpecSection{ID: "together", Legend: "Working together"})}
	SurveyForm = &Definition{keyed: true, Name: "survey", Action: "/api/surveys", Submit: "Send my survey",
		Problem: "There is a problem with your survey", newForm: func() any { return &Survey{} },
		Sections: []SpecSection{
			{ID: "reflection", Legend: "Looking back", Intro: SurveyStatement, Confidential: true},
			{ID: "ratings", Legend: "Your ratings", Confidential: true},
			{ID: "story", Legend: "Your story (optional)", Intro: "The advisory task force's final report on the year may quote participants' " +
				"stories. Share one if you like, and choose whether ALSC may quote it with your name, without it, or not at all.", Confidential: true},
			{ID: "certificate", Legend: "Your certificate of completion", Intro: "Once the survey closes, everyone who completed the " +
				"year can print a certificate of completion from their page. It names your partner only if you both say yes here."},
		}}
	RematchForm = &Definition{keyed: true, Name: "rematch", Action: "/api/rematch-requests", Submit: "Ask for a rematch",
		Problem: "There is a problem with your request", newForm: func() any { return &RematchRequest{} },
		Sections: []SpecSection{{ID: "request", Legend: "Your request", Confidential: true}}}
	WithdrawalForm = &Definition{keyed: true, Name: "withdrawal", Action: "/api/withdrawals", Submit: "Leave the program",
		Problem: "There is a problem with your notice", newForm: func() any { return &Withdrawal{} },
		Sections: []SpecSection{{ID: "withdrawal", Legend: "Leaving the program", Confidential: true}}}
	LinkForm = &Definition{Name: "link", Action: "/api/links", Thanks: "/participants/link-sent/", Submit: "Send me a new link",
		Problem: "There is a problem with your request", newForm: func() any { return &LinkRequest{} },
		Sections: []SpecSection{{ID: "link", Legend: "A new personal link"}}}
)

// SurveyStatement is shown at the top of the wrap-up survey.
const SurveyStatement = "Your answers are confidential: the ALSC staff liaison and the advisory task force read them " +
	"to write the program's annual report, which never names anyone. Your match does not see them."

// Definitions lists every form, applications first.
var Definitions = []*Definition{MentorForm, MenteeForm, GoalsForm, TrackerForm, SurveyForm, RematchForm, WithdrawalForm,
	CheckInForm, TipsForm, ContactForm, LinkForm}

// ForRole is the application form of role.
func ForRole(role Role) *Definition {
	if role == RoleMentor {
		return MentorForm
	}
	return MenteeForm
}

// goalSection begins the id of a goal's section: "goal-1" to "goal-<MaxGoals>".
const goalSection = "goal-"

// goalSections are one section per goal, "goal-1" to "goal-<MaxGoals>", each with the legend
// given for its goal's number.
func goalSections(legend func(i int) string) []SpecSection {
	out := make([]SpecSection, MaxGoals)
	for i := range out {
		out[i] = SpecSection{ID: goalSection + strconv.Itoa(i+1), Legend: legend(i + 1)}
	}
	return out
}

// Spec is the form as the site renders it.
func (d *Definition) Spec() Spec {
	spec := Spec{Name: d.Name, Action: d.Action, Thanks: d.Thanks, Submit: d.Submit, Problem: d.Problem}
	if role, ok := ParseRole(d.Name); ok {
		spec.Role, spec.Honeypot, spec.FillTime = role, FieldHoneypot, FieldFillTime
	}
	for _, sec := range d.Sections {
		for _, f := range fieldsOf(reflect.TypeOf(d.New())) {
			if f.section == sec.ID {
				sec.Fields = append(sec.Fields, f.spec())
			}
		}
		spec.Sections = append(spec.Sections, sec)
	}
	return spec
}
