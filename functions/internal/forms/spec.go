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

// PrivacyPath is the site's privacy notice, which every form and its consent box link to.
const PrivacyPath = "/privacy/"

// privacyLink is the sentence that links a form to the privacy notice.
const privacyLink = `What is kept, who sees it, for how long, and how to have it corrected or deleted: <a href="` + PrivacyPath + `">the privacy notice</a>.`

// consentSection is the id of the applications' consent box.
const consentSection = "consent"

// Spec is a form as the site renders it (site/data/forms/<role>.json).
type Spec struct {
	Name     string        `json:"name"`
	Role     Role          `json:"role,omitempty"` // applications only
	Action   string        `json:"action"`
	Thanks   string        `json:"thanks,omitempty"`
	Submit   string        `json:"submit"`
	Problem  string        `json:"problem"`
	Honeypot string        `json:"honeypot,omitempty"`  // applications only
	FillTime string        `json:"fill_time,omitempty"` // applications only
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
	Goal         int      `json:"goal,omitempty"` // the pair's goal the question is about (1-based), if any
}

// ConfidentialityStatement is shown beside the confidential match preferences.
const ConfidentialityStatement = "These answers are confidential. Only the ALSC staff liaison sees them, " +
	"and only to make matches. They are never shared with your match or anyone else, and pairs are " +
	"never told why they were matched. The questions about yourself are optional. The three about your " +
	"match need an answer: choose “No preference” wherever it does not matter to you."

var sections = map[Role][]SpecSection{
	RoleMentor: {
		{ID: "about", Legend: "About you"},
		{ID: "experience", Legend: "Your experience", Intro: "Mentors must be ALSC members and should have experience in children's librarianship or children's literature."},
		{ID: "together", Legend: "Working together", Intro: "The program is virtual: pairs keep in touch at least twice a month by email, phone, video or chat."},
		{ID: "preferences", Legend: "Confidential match preferences", Intro: ConfidentialityStatement, Confidential: true},
		{ID: consentSection, Legend: "Consent"},
	},
	RoleMentee: {
		{ID: "about", Legend: "About you"},
		{ID: "experience", Legend: "Where you are now", Intro: "Mentees need not be ALSC or ALA members; the one requirement is a connection to children's library service."},
		{ID: "together", Legend: "Working together", Intro: "The program is virtual: pairs keep in touch at least twice a month by email, phone, video or chat."},
		{ID: "preferences", Legend: "Confidential match preferences", Intro: ConfidentialityStatement, Confidential: true},
		{ID: consentSection, Legend: "Consent"},
	},
}

// spec is the field as the site renders it.
func (f field) spec() SpecField {
	_, required := f.rule("required")
	sf := SpecField{
		Name: f.name, Label: f.label, Help: f.help, Kind: f.kind, Required: required,
		Autocomplete: f.autocomplete, Confidential: f.confidential, Options: Lists[f.options], Goal: f.goal(),
	}
	if f.typ.Kind() == reflect.String {
		sf.MaxLength = atoi(f.rule("max"))
	}
	if f.kind == "number" {
		lo, hi := atoi(f.rule("min")), atoi(f.rule("max"))
		sf.Min, sf.Max = &lo, &hi
	}
	return sf
}

// SiteForms are the forms the site's own pages show: the applications, and the request for a new
// personal link. The others are shown by the functions, on the pair's page.
var SiteForms = []*Definition{MentorForm, MenteeForm, LinkForm}

// SiteJSON is the generated file for a form the site shows (site/data/forms/<name>.json), byte
// for byte: its specification and its markup, empty.
func (d *Definition) SiteJSON() []byte {
	b, err := json.MarshalIndent(struct {
		Spec
		HTML string `json:"html"`
	}{d.Spec(), d.HTML(View{})}, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func atoi(s string, _ bool) int {
	n, _ := strconv.Atoi(s)
	return n
}
