package forms

// The two small forms of the monthly tips message, both on the pair's page: the working group's
// check-in and the tips opt-out.

// HowGoing is a participant's answer to the monthly check-in.
type HowGoing string

// The check-in's three answers; HowNeedHelp reaches staff in the weekly digest.
const (
	HowFine          HowGoing = "fine"
	HowCouldBeBetter HowGoing = "could_be_better"
	HowNeedHelp      HowGoing = "need_help"
)

// CheckIn is one person's monthly answer to "How is it going?": nothing more is asked.
type CheckIn struct {
	// Working group members "check in on goal progress"; a "need help" answer reaches staff.
	HowGoing HowGoing `json:"how_going" validate:"required,in=how_going" label:"How is it going?" options:"how_going" section:"checkin" help:"One answer a month is enough. The ALSC office reads it; your match does not."`
}

// TipsOff is one person's request to receive no more monthly tips; deadline notes still go.
type TipsOff struct {
	// Tips are a courtesy; people may turn them off.
	Confirm bool `json:"stop_tips" validate:"required" label:"Send me no more monthly tips. (Notes about due dates still come.)" kind:"checkbox" section:"tips" msg:"required=Tick the box to turn off the monthly tips."`
}

// The check-in and the tips opt-out.
var (
	CheckInForm = &Definition{keyed: true, Name: "checkin", Action: "/api/check-ins", Submit: "Send my answer",
		Problem: "There is a problem with your answer", newForm: func() any { return &CheckIn{} },
		Sections: []SpecSection{{ID: "checkin", Legend: "How is it going?"}}}
	TipsForm = &Definition{keyed: true, Name: "tips", Action: "/api/tips", Submit: "Turn off tips",
		Problem: "There is a problem with your request", newForm: func() any { return &TipsOff{} },
		Sections: []SpecSection{{ID: "tips", Legend: "Monthly tips"}}}
)

var checkInOptions = []Option{
	option(HowFine, "Fine"),
	option(HowCouldBeBetter, "Could be better"),
	option(HowNeedHelp, "We need help"),
}
