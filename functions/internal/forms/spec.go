package forms

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// Where the site sends applications and where it shows the thank-you page.
const (
	Action     = "/api/applications"
	ThanksPath = "/apply/thanks/"
)

// Spec is a form as the site renders it (site/data/forms/<role>.json).
type Spec struct {
	Role     Role          `json:"role"`
	Action   string        `json:"action"`
	Thanks   string        `json:"thanks"`
	Honeypot string        `json:"honeypot"`
	FillTime string        `json:"fill_time"`
	Sections []SpecSection `json:"sections"`
}

// SpecSection is a fieldset.
type SpecSection struct {
	ID           string      `json:"id"`
	Legend       string      `json:"legend"`
	Intro        string      `json:"intro,omitempty"`
	Confidential bool        `json:"confidential"`
	Fields       []SpecField `json:"fields"`
}

// SpecField is one question.
type SpecField struct {
	Name         string   `json:"name"`
	Label        string   `json:"label"`
	Help         string   `json:"help,omitempty"`
	Kind         string   `json:"kind"`
	Required     bool     `json:"required"`
	MaxLength    int      `json:"maxlength,omitempty"`
	Min          *int     `json:"min,omitempty"`
	Max          *int     `json:"max,omitempty"`
	Autocomplete string   `json:"autocomplete,omitempty"`
	Confidential bool     `json:"confidential"`
	Options      []Option `json:"options,omitempty"`
}

// ConfidentialityStatement is shown beside the confidential match preferences.
const ConfidentialityStatement = "These answers are confidential. Only the ALSC staff liaison sees them, " +
	"and only to make matches. They are never shared with your match or anyone else, and pairs are " +
	"never told why they were matched. Every question here is optional to answer about yourself; " +
	"choose “No preference” wherever it does not matter to you."

var sections = map[Role][]SpecSection{
	RoleMentor: {
		{ID: "about", Legend: "About you"},
		{ID: "experience", Legend: "Your experience", Intro: "Mentors must be ALSC members and should have experience in children's librarianship or children's literature."},
		{ID: "together", Legend: "Working together", Intro: "The program is virtual: pairs keep in touch at least twice a month by email, phone, video or chat."},
		{ID: "preferences", Legend: "Confidential match preferences", Intro: ConfidentialityStatement, Confidential: true},
		{ID: "consent", Legend: "Consent"},
	},
	RoleMentee: {
		{ID: "about", Legend: "About you"},
		{ID: "experience", Legend: "Where you are now", Intro: "Mentees need not be ALSC or ALA members; the one requirement is a connection to children's library service."},
		{ID: "together", Legend: "Working together", Intro: "The program is virtual: pairs keep in touch at least twice a month by email, phone, video or chat."},
		{ID: "preferences", Legend: "Confidential match preferences", Intro: ConfidentialityStatement, Confidential: true},
		{ID: "consent", Legend: "Consent"},
	},
}

// SpecFor returns the specification of role's form.
func SpecFor(role Role) Spec {
	spec := Spec{Role: role, Action: Action, Thanks: ThanksPath, Honeypot: FieldHoneypot, FillTime: FieldFillTime}
	for _, sec := range sections[role] {
		for _, f := range fieldsOf(reflect.TypeOf(New(role))) {
			if f.section != sec.ID {
				continue
			}
			_, required := f.rule("required")
			sf := SpecField{
				Name: f.name, Label: f.label, Help: f.help, Kind: f.kind, Required: required,
				Autocomplete: f.autocomplete, Confidential: f.confidential, Options: Lists[f.options],
			}
			if f.typ.Kind() == reflect.String {
				sf.MaxLength = atoi(f.rule("max"))
			}
			if f.kind == "number" {
				lo, hi := atoi(f.rule("min")), atoi(f.rule("max"))
				sf.Min, sf.Max = &lo, &hi
			}
			sec.Fields = append(sec.Fields, sf)
		}
		spec.Sections = append(spec.Sections, sec)
	}
	return spec
}

// SpecJSON is the generated file for role's form, byte for byte.
func SpecJSON(role Role) []byte {
	b, err := json.MarshalIndent(SpecFor(role), "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func atoi(s string, _ bool) int {
	n, _ := strconv.Atoi(s)
	return n
}
