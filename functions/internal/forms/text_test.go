package forms

import (
	"reflect"
	"testing"
)

func TestOneAddressOneNormalForm(t *testing.T) {
	same := []string{
		"ana@bücher.example",
		"ana@xn--bcher-kva.example",
		"ANA@BÜCHER.EXAMPLE",
		" Ana@Xn--Bcher-Kva.Example ",
		"ａｎａ@bücher.example",             // fullwidth letters
		"an\u200ba@bücher.example",       // a zero-width space
		"\ufeffana@bücher.example\u200d", // a byte-order mark and a zero-width joiner
	}
	want := "ana@xn--bcher-kva.example"
	for _, s := range same {
		if got := NormalEmail(s); got != want {
			t.Errorf("NormalEmail(%q) = %q, want %q", s, got, want)
		}
	}
	if got := CleanEmail("Ana.Lee@Example.org"); got != "Ana.Lee@Example.org" {
		t.Errorf("CleanEmail changed an ASCII address: %q", got)
	}
	if NormalEmail("ana@example.org") == NormalEmail("anna@example.org") {
		t.Error("two addresses became one")
	}
}

// The text rules hold for every form: each one-line answer is refused with its field named, and
// longer answers keep their line breaks.
func TestTextRulesOnEveryForm(t *testing.T) {
	for _, d := range []*Definition{MentorForm, MenteeForm, GoalsForm, TrackerForm, SurveyForm, RematchForm, WithdrawalForm, LinkForm} {
		n := 0
		for _, f := range fieldsOf(reflectType(d)) {
			if !f.oneLine() {
				continue
			}
			n++
			for _, bad := range []string{"a\nb", "a\rb", "a\tb", "a\u202eb", "a\u200bb", "a\u2028b", "a\x00b", "a\xffb"} {
				got := checkText(with(d, f.name, bad))
				if got[f.name] == "" {
					t.Errorf("%s.%s accepts %q", d.Name, f.name, bad)
				}
			}
			if got := checkText(with(d, f.name, "Zoë O'Brien-Ngọc (she/her), 2nd floor")); got[f.name] != "" {
				t.Errorf("%s.%s refuses plain text: %s", d.Name, f.name, got[f.name])
			}
		}
		for _, f := range fieldsOf(reflectType(d)) {
			if f.kind != "textarea" {
				continue
			}
			if got := checkText(with(d, f.name, "first line\r\nsecond\tline")); got[f.name] != "" {
				t.Errorf("%s.%s refuses line breaks in a longer answer: %s", d.Name, f.name, got[f.name])
			}
			if got := checkText(with(d, f.name, "a\u202eb")); got[f.name] == "" {
				t.Errorf("%s.%s accepts a bidirectional override", d.Name, f.name)
			}
		}
		if d == LinkForm || d == MentorForm || d == MenteeForm {
			if n == 0 {
				t.Errorf("%s has no one-line field checked", d.Name)
			}
		}
	}
}

func reflectType(d *Definition) reflect.Type { return reflect.TypeOf(d.New()) }

// with is d's empty answers with the string field name set to v.
func with(d *Definition, name, v string) any {
	answers := d.New()
	for _, f := range fieldsOf(reflect.TypeOf(answers)) {
		if f.name == name {
			reflect.ValueOf(answers).Elem().FieldByIndex(f.index).SetString(v)
		}
	}
	return answers
}
