// Package forms defines every form of the program once, in Go.
//
// Everything else follows from that definition: the applications, the pair's forms (goals,
// tracker, survey, rematch, withdrawal, check-in, tips) and the new-link form; decoding a request
// body (JSON or form-encoded, within size limits); validation with messages a person
// understands; the canonical hash that tells a replay from a different submission; and the
// specification the site renders each form from.
package forms

//go:generate go run ./gen -out ../../../site/data/forms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Role is the part an applicant applies for.
type Role string

// The two roles.
const (
	RoleMentor Role = "mentor"
	RoleMentee Role = "mentee"
)

// Roles lists every role in the order the site shows them.
var Roles = []Role{RoleMentor, RoleMentee}

// ParseRole returns the role named s, if there is one.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Form is a decoded application: a *Mentor or a *Mentee.
type Form interface {
	// Applicant is the person who applied.
	Applicant() *Person
	// Confidential is the applicant's confidential match preferences.
	Confidential() *Preferences
}

// Applicant is the person who applied.
func (m *Mentor) Applicant() *Person { return &m.Person }

// Confidential is the mentor's confidential match preferences.
func (m *Mentor) Confidential() *Preferences { return &m.Preferences }

// Applicant is the person who applied.
func (m *Mentee) Applicant() *Person { return &m.Person }

// Confidential is the mentee's confidential match preferences.
func (m *Mentee) Confidential() *Preferences { return &m.Preferences }

// New returns an empty form for role.
func New(role Role) Form {
	if role == RoleMentor {
		return &Mentor{}
	}
	return &Mentee{}
}

// Hash is a digest of the canonical submission: the same answers give the same hash whether
// they came as JSON or form-encoded, and whatever the case of the address.
func Hash(role Role, f Form) string {
	c := New(role)
	reflect.ValueOf(c).Elem().Set(reflect.ValueOf(f).Elem())
	c.Applicant().Email = NormalEmail(c.Applicant().Email)
	return HashAnswers(string(role), c)
}

// HashAnswers is a digest of answers (a pointer to a form's struct) sent as the named form.
func HashAnswers(name string, answers any) string {
	b, err := json.Marshal(answers)
	if err != nil {
		panic("forms: decoded answers always marshal: " + err.Error())
	}
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// field is one input of a form, read from the struct definition.
type field struct {
	name         string
	index        []int
	typ          reflect.Type
	validate     string
	label        string
	help         string
	kind         string
	options      string
	section      string
	autocomplete string
	confidential bool
	msgs         map[string]string
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the inputs of a form type in the order the form shows them.
func fieldsOf(t reflect.Type) []field {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v, ok := fieldCache.Load(t); ok {
		return v.([]field)
	}
	var out []field
	for _, sf := range reflect.VisibleFields(t) {
		if sf.Anonymous || !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		f := field{
			name:         name,
			index:        sf.Index,
			typ:          sf.Type,
			validate:     sf.Tag.Get("validate"),
			label:        sf.Tag.Get("label"),
			help:         sf.Tag.Get("help"),
			kind:         sf.Tag.Get("kind"),
			options:      sf.Tag.Get("options"),
			section:      sf.Tag.Get("section"),
			autocomplete: sf.Tag.Get("autocomplete"),
			confidential: sf.Tag.Get("confidential") == "true",
			msgs:         map[string]string{},
		}
		for _, m := range strings.Split(sf.Tag.Get("msg"), ";") {
			if rule, text, ok := strings.Cut(m, "="); ok {
				f.msgs[rule] = text
			}
		}
		if f.kind == "" {
			f.kind = defaultKind(f)
		}
		out = append(out, f)
	}
	fieldCache.Store(t, out)
	return out
}

func defaultKind(f field) string {
	switch {
	case f.typ.Kind() == reflect.Slice:
		return "checkboxes"
	case f.options != "":
		return "radio"
	case f.typ.Kind() == reflect.Bool:
		return "checkbox"
	default:
		return "text"
	}
}

// ConfidentialFields names the fields of role's form that only the staff liaison may see.
func ConfidentialFields(role Role) []string {
	var out []string
	for _, f := range fieldsOf(reflect.TypeOf(New(role))) {
		if f.confidential {
			out = append(out, f.name)
		}
	}
	return out
}

// rule returns the parameter of a validate rule in f (for example "200" for max=200) and
// whether the rule is there before any dive.
func (f field) rule(name string) (string, bool) {
	before, _, _ := strings.Cut(f.validate, "dive")
	for _, r := range strings.Split(before, ",") {
		n, p, _ := strings.Cut(r, "=")
		if n == name {
			return p, true
		}
	}
	return "", false
}

// goal is the pair's goal the field is about (its section is "goal-<i>"), or 0.
func (f field) goal() int {
	n, _ := strconv.Atoi(strings.TrimPrefix(f.section, goalSection))
	return n
}

// subject is how messages name the field (see SpecField).
func (f field) subject() string { return subject(f.label, f.goal()) }

// numbered puts the goal's name and the question first in each message about a question of one
// of the pair's goals (fields of answers of type t), so that no two goals' messages read alike.
func numbered(t reflect.Type, msgs map[string]string) {
	for _, f := range fieldsOf(t) {
		if msg, ok := msgs[f.name]; ok && f.goal() > 0 {
			msgs[f.name] = Named(f.subject(), msg)
		}
	}
}

func (f field) String() string { return fmt.Sprintf("%s (%s)", f.name, f.kind) }
