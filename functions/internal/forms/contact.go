package forms

// InTouch records that a pair was in touch: the day only, never what was said. Either person
// sends it, with one click, from their page or from an email; the first one confirms the pair's
// first contact.
type InTouch struct {
	// The program guide asks pairs to be in touch at least twice a month.
	InTouch bool `json:"in_touch" validate:"required" label:"We have been in touch" kind:"checkbox" section:"contact" msg:"required=Tick the box to record that you have been in touch."`
}

// ContactForm is the one-click record that the pair was in touch.
var ContactForm = &Definition{keyed: true, Name: "contact", Action: "/api/contacts", Submit: "Record that we have been in touch",
	Problem: "There is a problem with your answer", newForm: func() any { return &InTouch{} },
	Sections: []SpecSection{{ID: "contact", Legend: "We have been in touch"}}}
