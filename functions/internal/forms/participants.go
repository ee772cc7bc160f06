package forms

import (
	"reflect"
	"strconv"
)

// The participant forms of the program year. Each is sent from the pair's page, reached through
// a personal link; the match (and the person) is always taken from that link, never from the
// form. As with the applications, each field's tags carry everything the site and the functions
// need, and the comment above each says why the program asks.

// MaxGoals is how many goals a pair may set.
const MaxGoals = 5

// Goals are the pair's goals for the year, built together with the program's seven objectives in
// mind. One set per pair; a later submission replaces the earlier one, and every version is kept.
type Goals struct {
	// The guide: "matches will build their own goals together" with the objectives in mind.
	Goal1       string   `json:"goal_1" validate:"required,max=1000" label:"The goal" kind:"textarea" section:"goal-1" help:"What the two of you want to achieve this year."`
	Objectives1 []string `json:"objectives_1" validate:"required,min=1,max=7,dive,in=objectives" label:"Program objectives this goal serves" options:"objectives" section:"goal-1"`
	Measure1    string   `json:"measure_1" validate:"required,max=1000" label:"How you will know it is met" kind:"textarea" section:"goal-1"`
	Goal2       string   `json:"goal_2,omitempty" validate:"required_with=Objectives2 Measure2,max=1000" label:"The goal" kind:"textarea" section:"goal-2"`
	Objectives2 []string `json:"objectives_2,omitempty" validate:"required_with=Goal2,max=7,dive,in=objectives" label:"Program objectives this goal serves" options:"objectives" section:"goal-2"`
	Measure2    string   `json:"measure_2,omitempty" validate:"required_with=Goal2,max=1000" label:"How you will know it is met" kind:"textarea" section:"goal-2"`
	Goal3       string   `json:"goal_3,omitempty" validate:"required_with=Objectives3 Measure3,max=1000" label:"The goal" kind:"textarea" section:"goal-3"`
	Objectives3 []string `json:"objectives_3,omitempty" validate:"required_with=Goal3,max=7,dive,in=objectives" label:"Program objectives this goal serves" options:"objectives" section:"goal-3"`
	Measure3    string   `json:"measure_3,omitempty" validate:"required_with=Goal3,max=1000" label:"How you will know it is met" kind:"textarea" section:"goal-3"`
	Goal4       string   `json:"goal_4,omitempty" validate:"required_with=Objectives4 Measure4,max=1000" label:"The goal" kind:"textarea" section:"goal-4"`
	Objectives4 []string `json:"objectives_4,omitempty" validate:"required_with=Goal4,max=7,dive,in=objectives" label:"Program objectives this goal serves" options:"objectives" section:"goal-4"`
	Measure4    string   `json:"measure_4,omitempty" validate:"required_with=Goal4,max=1000" label:"How you will know it is met" kind:"textarea" section:"goal-4"`
	Goal5       string   `json:"goal_5,omitempty" validate:"required_with=Objectives5 Measure5,max=1000" label:"The goal" kind:"textarea" section:"goal-5"`
	Objectives5 []string `json:"objectives_5,omitempty" validate:"required_with=Goal5,max=7,dive,in=objectives" label:"Program objectives this goal serves" options:"objectives" section:"goal-5"`
	Measure5    string   `json:"measure_5,omitempty" validate:"required_with=Goal5,max=1000" label:"How you will know it is met" kind:"textarea" section:"goal-5"`
}

// Goal is one of a pair's goals.
type Goal struct {
	Text       string
	Objectives []string
	Measure    string
}

// List is the goals set, in order.
func (g *Goals) List() []Goal {
	var out []Goal
	for _, x := range []Goal{
		{g.Goal1, g.Objectives1, g.Measure1}, {g.Goal2, g.Objectives2, g.Measure2},
		{g.Goal3, g.Objectives3, g.Measure3}, {g.Goal4, g.Objectives4, g.Measure4},
		{g.Goal5, g.Objectives5, g.Measure5},
	} {
		if x.Text != "" {
			out = append(out, x)
		}
	}
	return out
}

// Tracker is the pair's mid-point tracker: progress on each of its own goals, how often the pair
// has been in touch, the suggested activities it tried, and whether the office should call.
type Tracker struct {
	// "A mid-point tracker form is also distributed to each match in order to help them evaluate
	// their progress": one answer per stored goal (CheckGoals says which are required).
	Progress1 Progress `json:"progress_1,omitempty" validate:"omitempty,in=progress" label:"Progress" options:"progress" section:"goal-1"`
	Note1     string   `json:"note_1,omitempty" validate:"max=1000" label:"What you have done, and what comes next (optional)" kind:"textarea" section:"goal-1"`
	Progress2 Progress `json:"progress_2,omitempty" validate:"omitempty,in=progress" label:"Progress" options:"progress" section:"goal-2"`
	Note2     string   `json:"note_2,omitempty" validate:"max=1000" label:"What you have done, and what comes next (optional)" kind:"textarea" section:"goal-2"`
	Progress3 Progress `json:"progress_3,omitempty" validate:"omitempty,in=progress" label:"Progress" options:"progress" section:"goal-3"`
	Note3     string   `json:"note_3,omitempty" validate:"max=1000" label:"What you have done, and what comes next (optional)" kind:"textarea" section:"goal-3"`
	Progress4 Progress `json:"progress_4,omitempty" validate:"omitempty,in=progress" label:"Progress" options:"progress" section:"goal-4"`
	Note4     string   `json:"note_4,omitempty" validate:"max=1000" label:"What you have done, and what comes next (optional)" kind:"textarea" section:"goal-4"`
	Progress5 Progress `json:"progress_5,omitempty" validate:"omitempty,in=progress" label:"Progress" options:"progress" section:"goal-5"`
	Note5     string   `json:"note_5,omitempty" validate:"max=1000" label:"What you have done, and what comes next (optional)" kind:"textarea" section:"goal-5"`
	// The program suggests being in touch at least twice a month.
	Contact ContactFrequency `json:"contact" validate:"required,in=contact" label:"How often have you been in touch?" options:"contact" section:"together" help:"The program suggests at least twice a month."`
	// Which of the site's suggested activities the pair has tried.
	Activities []string `json:"activities,omitempty" validate:"max=40,dive,in=activities" label:"Suggested activities you have tried (optional)" options:"activities" section:"together"`
	// What is working, in the pair's words.
	Working string `json:"working" validate:"required,max=2000" label:"What is working well?" kind:"textarea" section:"together"`
	// Working group members check in on goal progress; this asks for it.
	CallMe YesNo `json:"call_me" validate:"required,in=yes_no" label:"Would you like the ALSC office to get in touch with you?" options:"yes_no" section:"together"`
}

// GoalProgress is the tracker's answer about one goal: how far it has come, and the pair's note
// of what they have done and what comes next.
type GoalProgress struct {
	Progress Progress
	Note     string
}

// PerGoal is the tracker's answers about each goal, goal 1 first: MaxGoals of them, those about
// goals the pair has not set empty.
func (t *Tracker) PerGoal() []GoalProgress {
	return []GoalProgress{{t.Progress1, t.Note1}, {t.Progress2, t.Note2}, {t.Progress3, t.Note3}, {t.Progress4, t.Note4},
		{t.Progress5, t.Note5}}
}

// progress returns the progress answer of goal i (1-based).
func (t *Tracker) progress(i int) (name, value string) {
	return goalField("progress", i), string(t.PerGoal()[i-1].Progress)
}

// CheckGoals returns a message for each of the first n goals without a progress answer, and for
// any answer given for a goal the pair has not set.
func (t *Tracker) CheckGoals(n int) map[string]string {
	out := map[string]string{}
	for i := 1; i <= MaxGoals; i++ {
		name, v := t.progress(i)
		switch {
		case i <= n && v == "":
			out[name] = "Choose how far this goal has come."
		case i > n && v != "":
			out[name] = "Your pair has no such goal."
		}
	}
	if len(out) == 0 {
		return nil
	}
	numbered(reflect.TypeOf(t), out)
	return out
}

// Survey is one person's wrap-up survey: confidential to staff, read by the advisory task force
// for its annual report.
type Survey struct {
	// The guide: "each participant will discuss the positives and negatives of the program".
	Worked    string `json:"worked" validate:"required,max=3000" label:"What worked well for you this year?" kind:"textarea" section:"reflection" confidential:"true"`
	NotWorked string `json:"not_worked" validate:"required,max=3000" label:"What did not work, or could be better?" kind:"textarea" section:"reflection" confidential:"true"`
	// Ratings on one fixed scale, so that years can be compared.
	RatingOverall Rating `json:"rating_overall" validate:"required,in=rating" label:"Your year in the program overall" options:"rating" section:"ratings" confidential:"true"`
	RatingMatch   Rating `json:"rating_match" validate:"required,in=rating" label:"How well your match suited you" options:"rating" section:"ratings" confidential:"true"`
	RatingSupport Rating `json:"rating_support" validate:"required,in=rating" label:"Support from the ALSC office and the working group" options:"rating" section:"ratings" confidential:"true"`
	// Which of the seven objectives the year served.
	Objectives []string `json:"objectives,omitempty" validate:"max=7,dive,in=objectives" label:"Program objectives you made progress on (optional)" options:"objectives" section:"ratings" confidential:"true"`
	// Whether the person would come back, and in which role.
	Again Again `json:"again" validate:"required,in=again" label:"Would you take part again?" options:"again" section:"ratings" confidential:"true"`
	// The advisory task force's final report may quote stories, only as their authors allow.
	Story string `json:"story,omitempty" validate:"max=2000" label:"A short story of your year (optional)" kind:"textarea" section:"story" confidential:"true" help:"A moment, a program you ran together, something you learned. ALSC uses it only as you choose below."`
	// How the story may be used: with the author's name, without it, or not at all.
	StoryConsent StoryConsent `json:"story_consent,omitempty" validate:"required_with=Story,omitempty,in=story_consent" label:"May ALSC quote your story?" options:"story_consent" section:"story" confidential:"true" msg:"required_with=Choose how ALSC may use your story, or leave the story empty."`
	// The certificate of completion names the partner only when both partners say yes here.
	PartnerOnCertificate YesNo `json:"partner_on_certificate,omitempty" validate:"omitempty,in=yes_no" label:"May your certificate name your partner, and your partner's name you? (optional)" options:"yes_no" section:"certificate"`
}

// NamesPartner reports whether the person agreed that their certificate of completion may
// name their partner, and their partner's them.
func (s *Survey) NamesPartner() bool { return s.PartnerOnCertificate == Yes }

// RematchRequest is one person's request for a new match, within the rematch window.
type RematchRequest struct {
	// For the staff liaison only; never shown to the partner.
	Reason string `json:"reason" validate:"required,max=2000" label:"What is not working?" kind:"textarea" section:"request" confidential:"true" help:"Only the ALSC staff liaison reads this. Your match is not told your reasons."`
}

// Withdrawal is one person's notice that they can no longer take part.
type Withdrawal struct {
	// For the staff liaison only; the partner is told kindly, without it.
	Reason string `json:"reason,omitempty" validate:"max=2000" label:"Would you like to tell us why? (optional)" kind:"textarea" section:"withdrawal" confidential:"true" help:"Only the ALSC staff liaison reads this."`
	// A withdrawal cannot be undone by the participant, so it is confirmed.
	Confirm bool `json:"confirm" validate:"required" label:"I can no longer take part in the program this year." kind:"checkbox" section:"withdrawal" msg:"required=Tick the box to confirm that you are leaving the program."`
}

// LinkRequest asks for a new personal link, sent to a participant's address.
type LinkRequest struct {
	// Only the address a participant applied with gets a link.
	Email string `json:"email" validate:"required,max=254,email" label:"Your email address" autocomplete:"email" kind:"email" section:"link" help:"The address you applied with."`
}

func goalField(prefix string, i int) string { return prefix + "_" + strconv.Itoa(i) }
