package forms_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func TestGeneratedSpecsAreCurrent(t *testing.T) {
	for _, d := range forms.SiteForms {
		t.Run(d.Name, func(t *testing.T) {
			path := filepath.Join("..", "..", "..", "site", "data", "forms", d.Name+".json")
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, d.SiteJSON()) {
				t.Fatalf("%s is stale: run go generate ./functions/internal/forms", path)
			}
		})
	}
}

func TestEveryFieldIsDescribedAndBounded(t *testing.T) {
	for _, role := range forms.Roles {
		for _, sec := range forms.ForRole(role).Spec().Sections {
			if len(sec.Fields) == 0 {
				t.Errorf("%s: section %q has no fields", role, sec.ID)
			}
			for _, f := range sec.Fields {
				t.Run(string(role)+"/"+f.Name, func(t *testing.T) {
					if f.Label == "" {
						t.Error("no label")
					}
					switch f.Kind {
					case "text", "email", "textarea":
						if f.MaxLength == 0 {
							t.Error("a free-text field without a length limit")
						}
					case "radio", "select", "checkboxes":
						if len(f.Options) == 0 {
							t.Error("a choice without options")
						}
					case "number":
						if f.Min == nil || f.Max == nil {
							t.Error("a number without bounds")
						}
					case "checkbox":
					default:
						t.Errorf("unknown kind %q", f.Kind)
					}
					if f.Confidential != (sec.ID == "preferences") {
						t.Errorf("confidential=%v in section %q", f.Confidential, sec.ID)
					}
				})
			}
		}
	}
}

func TestConfidentialFieldsAreThePreferences(t *testing.T) {
	want := []string{"geo_preference", "gender", "gender_self", "gender_preference", "race_ethnicity", "race_ethnicity_self", "race_preference"}
	for _, role := range forms.Roles {
		if got := forms.ConfidentialFields(role); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: confidential fields %v, want %v", role, got, want)
		}
	}
}

// Mentee is a valid mentee application as JSON-ready values.
func Mentee() map[string]any {
	return map[string]any{
		"role": "mentee", "name": "Ngozi Adébáyọ̀", "email": "Ngozi@Example.org", "organisation": "Lagos Public Library",
		"position": "Library assistant", "city": "Chicago", "region": "IL", "country": "USA", "time_zone": "America/Chicago",
		"connection": "I run toddler story time.", "situation": "early_career", "hopes": "Confidence in programming.",
		"interests": []string{"programming", "outreach"}, "communication": []string{"email", "video"}, "in_person": "no",
		"geo_preference": "none", "gender": "woman", "gender_preference": "preferred", "race_ethnicity": []string{"black"},
		"race_preference": "required", "consent": true,
	}
}

func Mentor() map[string]any {
	m := Mentee()
	for _, k := range []string{"connection", "situation", "hopes", "interests"} {
		delete(m, k)
	}
	m["role"], m["alsc_member"], m["years_experience"], m["expertise"], m["capacity"] = "mentor", "yes", 12, []string{"materials"}, 2
	return m
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		code                    forms.Code
		field, message          string // a field expected in error, and part of its message
	}{
		{"mentee as JSON", forms.JSON, formstest.JSON(Mentee()), 0, "", ""},
		{"mentee form-encoded", forms.Encoded, formstest.Encoded(Mentee()), 0, "", ""},
		{"mentor as JSON", forms.JSON, formstest.JSON(Mentor()), 0, "", ""},
		{"mentor form-encoded", forms.Encoded, formstest.Encoded(Mentor()), 0, "", ""},
		{"JSON with charset", forms.JSON + "; charset=utf-8", formstest.JSON(Mentee()), 0, "", ""},
		{"plain text", "text/plain", formstest.JSON(Mentee()), forms.Unsupported, "", ""},
		{"multipart", "multipart/form-data; boundary=x", "--x--", forms.Unsupported, "", ""},
		{"no content type", "", formstest.JSON(Mentee()), forms.Unsupported, "", ""},
		{"over 64 KiB", forms.JSON, formstest.JSON(formstest.With(Mentee(), "hopes", strings.Repeat("a", 70000))), forms.TooLarge, "", ""},
		{"broken JSON", forms.JSON, `{"role": "mentee",`, forms.Malformed, "", ""},
		{"JSON array", forms.JSON, `[1]`, forms.Malformed, "", ""},
		{"two JSON values", forms.JSON, formstest.JSON(Mentee()) + "{}", forms.Malformed, "", ""},
		{"unknown JSON field", forms.JSON, formstest.JSON(formstest.With(Mentee(), "salary", "1")), forms.Malformed, "", ""},
		{"unknown form field", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "salary", "1")), forms.Malformed, "", ""},
		{"mentor field on mentee form", forms.JSON, formstest.JSON(formstest.With(Mentee(), "capacity", 2)), forms.Malformed, "", ""},
		{"repeated single form field", forms.Encoded, formstest.Encoded(Mentee()) + "&name=Other", forms.Malformed, "", ""},
		{"bad form encoding", forms.Encoded, "name=%zz", forms.Malformed, "", ""},
		{"unknown role", forms.JSON, formstest.JSON(formstest.With(Mentee(), "role", "admin")), forms.Invalid, "role", "mentor or as a mentee"},
		{"missing role", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "role", nil)), forms.Invalid, "role", "mentor or as a mentee"},
		{"mentor not an ALSC member", forms.JSON, formstest.JSON(formstest.With(Mentor(), "alsc_member", "no")), forms.Invalid, "alsc_member", "must be current ALSC members"},
		{"mentor membership unanswered", forms.Encoded, formstest.Encoded(formstest.With(Mentor(), "alsc_member", nil)), forms.Invalid, "alsc_member", "Choose an answer"},
		{"name missing", forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", nil)), forms.Invalid, "name", "Fill in"},
		{"name too long", forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", strings.Repeat("é", 201))), forms.Invalid, "name", "at most 200 characters"},
		{"bad email", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "email", "ngozi at example")), forms.Invalid, "email", "name@example.org"},
		{"accented letters before the @", forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "siobhán.ní@example.org")), forms.Invalid, "email", "Our email service cannot deliver to an address with accented or other non-English letters before the @"},
		{"non-Latin letters before the @, fullwidth @ folded", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "email", "пример＠example.org")), forms.Invalid, "email", "cannot deliver"},
		{"option not listed", forms.JSON, formstest.JSON(formstest.With(Mentee(), "situation", "retired")), forms.Invalid, "situation", "listed answers"},
		{"interest not listed", forms.JSON, formstest.JSON(formstest.With(Mentee(), "interests", []string{"programming", "juggling"})), forms.Invalid, "interests", "listed answers"},
		{"no interests", forms.JSON, formstest.JSON(formstest.With(Mentee(), "interests", []string{})), forms.Invalid, "interests", "at least one"},
		{"capacity zero", forms.JSON, formstest.JSON(formstest.With(Mentor(), "capacity", 0)), forms.Invalid, "capacity", "Fill in"},
		{"capacity too high", forms.Encoded, formstest.Encoded(formstest.With(Mentor(), "capacity", 9)), forms.Invalid, "capacity", "from 1 to 3"},
		{"capacity not a number", forms.Encoded, formstest.Encoded(formstest.With(Mentor(), "capacity", "two")), forms.Invalid, "capacity", "whole number"},
		{"capacity of the wrong JSON type", forms.JSON, formstest.JSON(formstest.With(Mentor(), "capacity", "two")), forms.Invalid, "capacity", "wrong kind"},
		{"years missing", forms.JSON, formstest.JSON(formstest.With(Mentor(), "years_experience", nil)), forms.Invalid, "years_experience", "Fill in"},
		{"zero years is an answer", forms.JSON, formstest.JSON(formstest.With(Mentor(), "years_experience", 0)), 0, "", ""},
		{"no consent", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "consent", false)), forms.Invalid, "consent", "Tick the box to agree"},
		{"self-described gender left empty", forms.JSON, formstest.JSON(formstest.With(Mentee(), "gender", "self_describe")), forms.Invalid, "gender_self", "own words"},
		{"gender required but not given", forms.JSON, formstest.JSON(formstest.With(Mentee(), "gender", nil, "gender_preference", "required")), forms.Invalid, "gender_preference", "tell us your gender"},
		{"race required but not given", forms.JSON, formstest.JSON(formstest.With(Mentee(), "race_ethnicity", nil)), forms.Invalid, "race_preference", "tell us yours"},
		{"self-described race suffices", forms.JSON, formstest.JSON(formstest.With(Mentee(), "race_ethnicity", nil, "race_ethnicity_self", "Métis")), 0, "", ""},
		{"preference missing", forms.JSON, formstest.JSON(formstest.With(Mentee(), "geo_preference", nil)), forms.Invalid, "geo_preference", "Choose an answer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/applications", strings.NewReader(c.body))
			if c.contentType != "" {
				r.Header.Set("Content-Type", c.contentType)
			}
			s, err := forms.Decode(r)
			if c.code == 0 {
				if err != nil {
					t.Fatalf("refused: %v %v", err, err.(*forms.Error).Fields)
				}
				if got, want := forms.Values(s.Answers), sentValues(t, c.contentType, c.body); !reflect.DeepEqual(got, want) {
					t.Errorf("decoded answers differ from those sent:\n got %v\nwant %v", got, want)
				}
				if !strings.Contains(c.body, string(s.Role)) || s.Role == "" {
					t.Errorf("decoded role %q", s.Role)
				}
				return
			}
			fe, ok := err.(*forms.Error)
			if !ok || fe.Code != c.code {
				t.Fatalf("got %#v, want code %d", err, c.code)
			}
			if c.field != "" && !strings.Contains(fe.Fields[c.field], c.message) {
				t.Fatalf("fields %v: want %s to say %q", fe.Fields, c.field, c.message)
			}
		})
	}
}

// sentValues is what a body sends, as a browser's form values (lists repeated, ticked boxes
// "on"), without the role, which is not an answer.
func sentValues(t *testing.T, contentType, body string) url.Values {
	t.Helper()
	if strings.HasPrefix(contentType, forms.JSON) {
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			if list, ok := v.([]any); ok {
				strs := make([]string, len(list))
				for i, x := range list {
					strs[i] = fmt.Sprint(x)
				}
				m[k] = strs
			}
		}
		body = formstest.Encoded(m)
	}
	v, err := url.ParseQuery(body)
	if err != nil {
		t.Fatal(err)
	}
	v.Del("role")
	return v
}

func TestSameAnswersSameHashWhateverTheEncoding(t *testing.T) {
	decode := func(ct, body string) *forms.Submission {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		s, err := forms.Decode(r)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := decode(forms.JSON, formstest.JSON(Mentor()))
	b := decode(forms.Encoded, formstest.Encoded(Mentor()))
	c := decode(forms.JSON, formstest.JSON(formstest.With(Mentor(), "capacity", 1)))
	if forms.Hash(a.Role, a.Form) != forms.Hash(b.Role, b.Form) {
		t.Error("JSON and form-encoded copies of one application hash differently")
	}
	if forms.Hash(a.Role, a.Form) == forms.Hash(c.Role, c.Form) {
		t.Error("different answers hash the same")
	}
}

func TestTextIsKeptExactly(t *testing.T) {
	for _, text := range []string{"Zoë Ñúñez-Ōkubo", "李小龍", "<script>alert(1)</script>", "O'Brien & \"Sons\"", "مكتبة"} {
		t.Run(text, func(t *testing.T) {
			for _, body := range []struct{ ct, b string }{{forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", text))}, {forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "name", text))}} {
				r := httptest.NewRequest("POST", "/", strings.NewReader(body.b))
				r.Header.Set("Content-Type", body.ct)
				s, err := forms.Decode(r)
				if err != nil {
					t.Fatal(err)
				}
				if got := s.Form.Applicant().Name; got != text {
					t.Fatalf("%s: stored %q, sent %q", body.ct, got, text)
				}
			}
		})
	}
}

// Every form the program shows, on the site or on the pair's page, links the privacy notice
// once, and the applications' consent box links it again.
func TestEveryFormLinksThePrivacyNotice(t *testing.T) {
	for _, d := range forms.Definitions {
		page := d.HTML(forms.View{})
		want := 1
		if strings.Contains(page, `id="section-consent"`) {
			want = 2
		}
		if n := strings.Count(page, `<a href="`+forms.PrivacyPath+`">the privacy notice</a>`); n != want {
			t.Errorf("%s: %d links to the privacy notice, want %d", d.Name, n, want)
		}
		if (d == forms.MentorForm || d == forms.MenteeForm) && want != 2 {
			t.Errorf("%s: no consent box", d.Name)
		}
	}
}

// Definitions lists every form: one for each route a form is posted to (both applications post
// to one), and nothing else; the switch of sessions is a button holding no answers.
func TestDefinitionsListEveryForm(t *testing.T) {
	actions := map[string]int{}
	for _, d := range forms.Definitions {
		actions[d.Action]++
	}
	for _, r := range web.Routes {
		if r.Method != "POST" || r.Path == web.SessionPath {
			continue
		}
		want := 1
		if r.Path == forms.MentorForm.Action {
			want = 2
		}
		if actions[r.Path] != want {
			t.Errorf("%s: %d forms in Definitions, want %d", r.Path, actions[r.Path], want)
		}
		delete(actions, r.Path)
	}
	for a := range actions {
		t.Errorf("Definitions has a form posted to %s, which no route serves", a)
	}
}
