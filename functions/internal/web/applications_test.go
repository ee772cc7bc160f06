package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// extraSecrets are further values the log check looks for.
var extraSecrets = []string{"Zhōu <b>Wěi</b>", "zhou.wei@example.net"}

// Mentee is a valid mentee application whose personal values are distinctive enough to find.
func Mentee() map[string]any {
	return map[string]any{
		"role": "mentee", "name": "Ngozi Adébáyọ̀-Quillfeather", "email": "Ngozi.Quillfeather@Example.org",
		"organisation": "Lakeside Public Library", "position": "Library assistant", "city": "Quillbrook Falls",
		"region": "IL", "country": "USA", "time_zone": "America/Chicago",
		"connection": "I lead toddler story time at Quillbrook.", "situation": "early_career",
		"hopes": "Confidence in planning Quillbrook programs.", "interests": []string{"programming", "outreach"},
		"communication": []string{"email", "video"}, "in_person": "no",
		"geo_preference": "preferred", "gender": "self_describe", "gender_self": "Demigirl (quillcheck)",
		"gender_preference": "required", "race_ethnicity": []string{"self_describe"},
		"race_ethnicity_self": "Yoruba-Cree (quillcheck)", "race_preference": "preferred", "consent": true,
	}
}

// Mentor is a valid mentor application.
func Mentor() map[string]any {
	return map[string]any{
		"role": "mentor", "name": "Márta Oyelaran-Fenwhistle", "email": "marta.fenwhistle@example.com",
		"organisation": "Fenwhistle County Library", "position": "Youth services manager", "city": "Fenwhistle Harbor",
		"country": "Canada", "time_zone": "America/Halifax", "alsc_member": "yes", "years_experience": 17,
		"expertise": []string{"materials", "administration"}, "committees": "Notable Children's Books, 2019–2021",
		"capacity": 2, "communication": []string{"phone"}, "in_person": "conferences",
		"geo_preference": "none", "gender": "woman", "gender_preference": "preferred",
		"race_ethnicity": []string{"hispanic", "white"}, "race_preference": "none", "consent": true,
	}
}

// firstCycle is the built-in calendar's first cycle, and inWindow a moment when its applications
// are open: noon on their tenth day.
var (
	firstCycle = &program.DefaultCalendar().Cycles[0]
	inWindow   = firstCycle.Window(program.Applications).Opens.AddDate(0, 0, 9).Add(12 * time.Hour)
)

var tables atomic.Int64

type harness struct {
	h        http.Handler
	store    *store.Store
	outbox   string
	now      time.Time
	lastSend error // what the sender said after the last post
}

// newHarness builds the handler on a fresh table of the shared dynalite, with an outbox folder.
func newHarness(t *testing.T, opts ...web.ApplyOption) *harness {
	t.Helper()
	db := store.Local(endpoint)
	table := fmt.Sprintf("apply-%d", tables.Add(1))
	if err := store.EnsureTable(context.Background(), db, table); err != nil {
		t.Fatal(err)
	}
	h := &harness{store: store.New(db, table), outbox: t.TempDir(), now: inWindow}
	opts = append([]web.ApplyOption{web.WithClock(func() time.Time { return h.now })}, opts...)
	h.h = web.NewApply(program.DefaultCalendar(), h.store, nil, opts...)
	return h
}

// post sends the form, then has the sender send what it owes (as the table's stream would).
func (h *harness) post(contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/api/applications", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	r.RemoteAddr = "192.0.2.1:5555"
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, r)
	h.lastSend = h.send()
	return w
}

// send sends every email owed now into the harness's outbox folder.
func (h *harness) send() error {
	s := &outbox.Sender{Store: h.store, Mail: notify.Outbox{Dir: h.outbox, From: "mentoring@example.org"}, Now: func() time.Time { return h.now }}
	_, err := s.Sweep(context.Background(), h.now.Add(time.Second))
	return err
}

func (h *harness) count(t *testing.T) int {
	t.Helper()
	n := 0
	for _, role := range forms.Roles {
		list, err := h.store.Applications(context.Background(), firstCycle.ID, role)
		if err != nil {
			t.Fatal(err)
		}
		n += len(list)
	}
	return n
}

func (h *harness) emails(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(h.outbox, "*.eml"))
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func idOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.ID == "" {
		t.Fatalf("no id in %d %q", w.Code, w.Body)
	}
	return body.ID
}

func TestAcceptedApplicationIsStoredAndConfirmed(t *testing.T) {
	cases := []struct {
		name, contentType string
		answers           map[string]any
		body              func(map[string]any) string
	}{
		{"mentee as JSON", forms.JSON, Mentee(), formstest.JSON},
		{"mentee from a plain form", forms.Encoded, Mentee(), formstest.Encoded},
		{"mentor as JSON", forms.JSON, Mentor(), formstest.JSON},
		{"mentor from a plain form", forms.Encoded, Mentor(), formstest.Encoded},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			w := h.post(c.contentType, c.body(c.answers))
			role := forms.Role(c.answers["role"].(string))
			if c.contentType == forms.Encoded {
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/apply/thanks/?role="+string(role) {
					t.Fatalf("got %d to %q, want 303 to the thank-you page", w.Code, w.Header().Get("Location"))
				}
			} else if w.Code != http.StatusCreated {
				t.Fatalf("got %d %s", w.Code, w.Body)
			}
			a, err := h.store.Application(context.Background(), firstCycle.ID, role, c.answers["email"].(string))
			if err != nil {
				t.Fatal(err)
			}
			if c.contentType == forms.JSON && a.ID != idOf(t, w) {
				t.Errorf("stored id %q, answered another", a.ID)
			}
			stored, _ := json.Marshal(a.Form)
			var got map[string]any
			json.Unmarshal(stored, &got)
			for k, want := range c.answers {
				if k == "role" {
					continue
				}
				if fmt.Sprint(got[k]) != fmt.Sprint(want) {
					t.Errorf("%s stored as %v, sent %v", k, got[k], want)
				}
			}
			if !a.Expires.Equal(firstCycle.Expiry()) || a.Status != store.StatusSubmitted {
				t.Errorf("expires %v (want %v), status %q", a.Expires, firstCycle.Expiry(), a.Status)
			}

			mails := h.emails(t)
			if len(mails) != 1 {
				t.Fatalf("%d emails in the outbox, want 1", len(mails))
			}
			mail := decodeQP(t, mails[0])
			for _, want := range []string{"To: " + c.answers["email"].(string), c.answers["name"].(string), string(role), firstCycle.ID, a.ID} {
				if !strings.Contains(mail, want) {
					t.Errorf("the email lacks %q", want)
				}
			}
			for _, f := range forms.ConfidentialFields(role) {
				if v, ok := c.answers[f].(string); ok && len(v) > 4 && strings.Contains(mail, v) {
					t.Errorf("the email repeats the confidential %s %q", f, v)
				}
			}
			for _, k := range []string{"city", "hopes", "connection", "committees"} {
				if v, ok := c.answers[k].(string); ok && strings.Contains(mail, v) {
					t.Errorf("the email repeats the answer %s", k)
				}
			}
		})
	}
}

// decodeQP undoes the quoted-printable encoding of an email file's parts (its headers need none).
func decodeQP(t *testing.T, s string) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(s)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOneApplicationPerPersonRoleAndCycle(t *testing.T) {
	cases := []struct {
		name                 string
		firstType, firstBody string
		againType, again     string
		wantStatus           int
		wantItems            int
		wantSameID           bool
		wantExplained        bool // the address is emailed that the second application changed nothing
	}{
		{"double click (JSON)", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(Mentee()), http.StatusOK, 1, true, false},
		{"retry from a plain form", forms.Encoded, formstest.Encoded(Mentee()), forms.Encoded, formstest.Encoded(Mentee()), http.StatusSeeOther, 1, false, false},
		{"same answers, other encoding", forms.JSON, formstest.JSON(Mentee()), forms.Encoded, formstest.Encoded(Mentee()), http.StatusSeeOther, 1, false, false},
		{"same person, other answers", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(formstest.With(Mentee(), "hopes", "Something else")), http.StatusCreated, 1, false, true},
		{"same answers, address capitalised", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "NGOZI.QUILLFEATHER@EXAMPLE.ORG")), http.StatusOK, 1, true, false},
		{"same answers, address in fullwidth letters with a zero-width space", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "Ｎgozi.Quill\u200bfeather@Example.org")), http.StatusOK, 1, true, false},
		{"same person, address typed differently", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", " NGOZI.QUILLFEATHER@example.org", "hopes", "x")), http.StatusCreated, 1, false, true},
		{"conflict from a plain form", forms.JSON, formstest.JSON(Mentee()), forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "in_person", "yes")), http.StatusSeeOther, 1, false, true},
		{"same person, other role", forms.JSON, formstest.JSON(Mentee()), forms.JSON, formstest.JSON(formstest.With(Mentor(), "email", Mentee()["email"])), http.StatusCreated, 2, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			first := h.post(c.firstType, c.firstBody)
			if first.Code != http.StatusCreated && first.Code != http.StatusSeeOther {
				t.Fatalf("first: %d %s", first.Code, first.Body)
			}
			w := h.post(c.againType, c.again)
			if w.Code != c.wantStatus {
				t.Fatalf("second: %d %s, want %d", w.Code, w.Body, c.wantStatus)
			}
			if c.wantSameID && idOf(t, w) != idOf(t, first) {
				t.Error("the replay answered another id")
			}
			if c.wantExplained && c.againType == forms.JSON && idOf(t, w) == idOf(t, first) {
				t.Error("the second application's answer gives the first one's id")
			}
			if n := h.count(t); n != c.wantItems {
				t.Errorf("%d items stored, want %d", n, c.wantItems)
			}
			emails := h.emails(t)
			wantEmails := c.wantItems
			if c.wantExplained {
				wantEmails++
			}
			if len(emails) != wantEmails {
				t.Fatalf("%d emails sent, want %d", len(emails), wantEmails)
			}
			if last := strings.Join(strings.Fields(decodeQP(t, emails[len(emails)-1])), " "); c.wantExplained && (!strings.Contains(last, "Subject: Your mentee application was not changed") ||
				!strings.Contains(last, "A second application cannot replace the first, so nothing was changed") || !strings.Contains(last, "To: Ngozi.Quillfeather@Example.org Subject")) {
				t.Errorf("the explanation is not what was sent last:\n%s", last)
			}
			if c.wantExplained { // a third try the same day explains nothing more
				if w := h.post(c.againType, strings.Replace(c.again, "Something", "Anything", 1)); w.Code != c.wantStatus {
					t.Fatalf("third: %d %s", w.Code, w.Body)
				}
				if n := len(h.emails(t)); n != wantEmails {
					t.Errorf("%d emails after a third application the same day, want still %d", n, wantEmails)
				}
			}
			a, err := h.store.Application(context.Background(), firstCycle.ID, forms.RoleMentee, Mentee()["email"].(string))
			if err != nil {
				t.Fatal(err)
			}
			if a.Form.(*forms.Mentee).Hopes != Mentee()["hopes"] {
				t.Error("the second submission changed the first")
			}
		})
	}
}

// Nothing in the answer tells who has applied: a second application from an address, with other
// answers, is answered exactly as a first application from an address nobody used (status,
// headers, the body's shape and its id's form), with JSON and with a plain form alike.
func TestSecondApplicationAnswersAsAFirstOne(t *testing.T) {
	shape := func(w *httptest.ResponseRecorder) string {
		var keys []string
		for k, v := range w.Header() {
			if k != "X-Request-Id" {
				keys = append(keys, k+": "+strings.Join(v, ", "))
			}
		}
		slices.Sort(keys)
		body := w.Body.String()
		var decoded map[string]string
		if json.Unmarshal(w.Body.Bytes(), &decoded) == nil {
			body = regexp.MustCompile(`^[a-z2-7]{16}$`).ReplaceAllString(decoded["id"], "<id>")
			body = fmt.Sprintf("%d keys, id %s", len(decoded), body)
		}
		return fmt.Sprintf("%d\n%s\n%s", w.Code, strings.Join(keys, "\n"), body)
	}
	for _, enc := range []struct {
		name string
		typ  string
		body func(map[string]any) string
	}{{"JSON", forms.JSON, formstest.JSON}, {"plain form", forms.Encoded, formstest.Encoded}} {
		t.Run(enc.name, func(t *testing.T) {
			h := newHarness(t)
			if w := h.post(enc.typ, enc.body(Mentee())); w.Code != http.StatusCreated && w.Code != http.StatusSeeOther {
				t.Fatalf("first application: %d %s", w.Code, w.Body)
			}
			second := h.post(enc.typ, enc.body(formstest.With(Mentee(), "hopes", "Something else")))
			fresh := h.post(enc.typ, enc.body(formstest.With(Mentee(), "email", "someone.new@example.org")))
			if a, b := shape(second), shape(fresh); a != b {
				t.Errorf("a second application is answered\n%s\nand a first one\n%s", a, b)
			}
			if h.count(t) != 2 {
				t.Errorf("%d applications stored, want the two first ones", h.count(t))
			}
		})
	}
}

// An internationalised domain is accepted as before (and kept in its ASCII form), with an ASCII
// local part.
func TestInternationalDomainAccepted(t *testing.T) {
	h := newHarness(t)
	if w := h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "siobhan.ni@bücher.example"))); w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	a, err := h.store.Application(context.Background(), firstCycle.ID, forms.RoleMentee, "siobhan.ni@xn--bcher-kva.example")
	if err != nil || a.Email != "siobhan.ni@xn--bcher-kva.example" {
		t.Fatalf("stored %+v, %v", a, err)
	}
}

func TestRefusals(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
		says                    string // part of the answer (never empty)
		field                   string // a field the JSON answer names
	}{
		{"plain text", "text/plain", formstest.JSON(Mentee()), http.StatusUnsupportedMediaType, "application/json", ""},
		{"multipart form", "multipart/form-data; boundary=b", "--b--", http.StatusUnsupportedMediaType, "application/json", ""},
		{"over 64 KiB", forms.JSON, formstest.JSON(formstest.With(Mentee(), "hopes", strings.Repeat("ä", 40000))), http.StatusRequestEntityTooLarge, "64 KiB", ""},
		{"broken JSON", forms.JSON, `{"role":"mentee"`, http.StatusBadRequest, "not a JSON object", ""},
		{"unknown field", forms.JSON, formstest.JSON(formstest.With(Mentee(), "is_admin", true)), http.StatusBadRequest, "is_admin", ""},
		{"unknown form field", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "is_admin", "1")), http.StatusBadRequest, "is_admin", ""},
		{"unknown role", forms.JSON, formstest.JSON(formstest.With(Mentee(), "role", "staff")), http.StatusUnprocessableEntity, "as a mentor or as a mentee", "role"},
		{"mentor who is not a member", forms.JSON, formstest.JSON(formstest.With(Mentor(), "alsc_member", "no")), http.StatusUnprocessableEntity, "mentees need not be", "alsc_member"},
		{"too long a name", forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", strings.Repeat("名", 201))), http.StatusUnprocessableEntity, "at most 200", "name"},
		{"accented letters before the @", forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "siobhán.ní@example.org")), http.StatusUnprocessableEntity, "cannot deliver to an address with accented or other non-English letters before the @", "email"},
		{"accented letters before the @, plain form", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "email", "siobhán.ní@example.org")), http.StatusUnprocessableEntity, "cannot deliver to an address with accented", ""},
		{"several problems", forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "nope", "consent", false)), http.StatusUnprocessableEntity, "name@example.org", "consent"},
		{"a paragraph hidden in the name", forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", "Dr. Eve\r\n\r\nURGENT from ALSC: your link expired")), http.StatusUnprocessableEntity, "one line", "name"},
		{"a line break in a plain form's name", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "name", "Dr. Eve\nURGENT")), http.StatusUnprocessableEntity, "one line", ""},
		{"a bidirectional override in the organisation", forms.JSON, formstest.JSON(formstest.With(Mentee(), "organisation", "Library \u202egnp.exe")), http.StatusUnprocessableEntity, "one line", "organisation"},
		{"a zero-width space in the city", forms.JSON, formstest.JSON(formstest.With(Mentee(), "city", "Quill\u200bbrook")), http.StatusUnprocessableEntity, "one line", "city"},
		{"a tab in the pronouns", forms.JSON, formstest.JSON(formstest.With(Mentee(), "pronouns", "she\ther")), http.StatusUnprocessableEntity, "one line", "pronouns"},
		{"a control character in the self-description", forms.JSON, formstest.JSON(formstest.With(Mentee(), "gender_self", "x\x07y")), http.StatusUnprocessableEntity, "one line", "gender_self"},
		{"an override in a longer answer", forms.JSON, formstest.JSON(formstest.With(Mentee(), "hopes", "line one\nline \u202etwo")), http.StatusUnprocessableEntity, "control character", "hopes"},
		{"invalid UTF-8 in JSON", forms.JSON, strings.Replace(formstest.JSON(Mentee()), "Quillbrook Falls", "Quill\xffbrook", 1), http.StatusUnprocessableEntity, "not valid text", "city"},
		{"invalid UTF-8 in a plain form", forms.Encoded, strings.Replace(formstest.Encoded(Mentee()), "Quillbrook+Falls", "Quill%FFbrook", 1), http.StatusUnprocessableEntity, "not valid text", ""},
		{"a fill time beyond any bound", forms.JSON, formstest.JSON(formstest.With(Mentee(), "fill_ms", int64(10_000_000_000_000))), http.StatusBadRequest, "fill_ms", ""},
		{"a negative fill time", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "fill_ms", "-5")), http.StatusBadRequest, "fill_ms", ""},
		{"plain form with problems", forms.Encoded, formstest.Encoded(formstest.With(Mentor(), "email", "nope", "capacity", "many", "alsc_member", "no")), http.StatusUnprocessableEntity, "Are you a current ALSC member?", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.says == "" {
				t.Fatal("the case names nothing the answer must say")
			}
			h := newHarness(t)
			w := h.post(c.contentType, c.body)
			if w.Code != c.status {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, c.status)
			}
			if !strings.Contains(w.Body.String(), c.says) {
				t.Errorf("the answer does not say %q: %s", c.says, w.Body)
			}
			if c.contentType == forms.Encoded {
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("a plain form got %q", ct)
				}
			} else {
				var body struct {
					Error  string
					Fields map[string]string
				}
				if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error == "" {
					t.Fatalf("not a JSON error: %s", w.Body)
				}
				if c.field != "" && body.Fields[c.field] == "" {
					t.Errorf("no message for %s: %v", c.field, body.Fields)
				}
			}
			if n := h.count(t); n != 0 {
				t.Errorf("%d items stored", n)
			}
			if n := len(h.emails(t)); n != 0 {
				t.Errorf("%d emails sent", n)
			}
		})
	}
}

func TestErrorPageListsEveryProblemInPlainWords(t *testing.T) {
	h := newHarness(t)
	w := h.post(forms.Encoded, formstest.Encoded(formstest.With(Mentor(), "name", "", "email", "nope", "capacity", "9", "alsc_member", "no")))
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("got %d", w.Code)
	}
	body := w.Body.String()
	items := regexp.MustCompile(`<li><a href="#f-([a-z_]+)(?:-0)?">([^<]+)</a></li>`).FindAllStringSubmatch(body, -1)
	want := []string{"name Your name: fill in this field.", "email Email address: enter an email address such as name@example.org.",
		"alsc_member Are you a current ALSC member? Mentors must be current ALSC members. Join ALSC before applying, or apply as a mentee: mentees need not be members.",
		"capacity How many mentees could you take this year? Enter a number from 1 to 3."}
	if len(items) != len(want) {
		t.Fatalf("%d problems listed, want %d: %s", len(items), len(want), body)
	}
	for i, it := range items {
		if got := it[1] + " " + strings.ReplaceAll(it[2], "&#39;", "'"); got != want[i] {
			t.Errorf("problem %d is %q, want %q (in the form's order, linked to its field)", i+1, got, want[i])
		}
	}
	// The answers given are kept, each message stands beside its field, and the form is sent again
	// from the same page.
	for _, want := range []string{`name="email" id="f-email" aria-describedby="h-email e-email" required aria-invalid="true" type="email" maxlength="254" autocomplete="email" value="nope"`,
		`<p class="error" id="e-capacity">Enter a number from 1 to 3.</p>`, `value="9"`, `action="/api/applications"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

func TestMarkupAndScriptsAreData(t *testing.T) {
	name := "Zhōu <b>Wěi</b><script>alert(1)</script>"
	h := newHarness(t)
	w := h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "name", name, "email", "zhou.wei@example.net")))
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	a, _ := h.store.Application(context.Background(), firstCycle.ID, forms.RoleMentee, "zhou.wei@example.net")
	if a.Form.Applicant().Name != name {
		t.Fatalf("stored %q", a.Form.Applicant().Name)
	}
	_, mail, _ := strings.Cut(decodeQP(t, h.emails(t)[0]), "Content-Type: text/html")
	if strings.Contains(mail, "<script>") || strings.Contains(mail, "<b>W") {
		t.Error("the email's HTML part carries the name's markup unescaped")
	}
	if !strings.Contains(mail, "&lt;b&gt;Wěi&lt;/b&gt;") {
		t.Error("the email's HTML part does not show the name as typed")
	}
}

// A trap may fool a bot (the honeypot answers as if stored), but never a person: a form sent too
// fast to have been typed, as a browser's autofill can, is refused with a request to send it again.
func TestTrapsFoolBotsButNeverAPerson(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
		stored                  bool
	}{
		{"honeypot filled (JSON)", forms.JSON, formstest.JSON(formstest.With(Mentee(), "website", "http://spam.example")), http.StatusCreated, false},
		{"honeypot filled (plain form)", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "website", "x")), http.StatusSeeOther, false},
		{"sent half a second after showing", forms.JSON, formstest.JSON(formstest.With(Mentee(), "fill_ms", 500)), http.StatusUnprocessableEntity, false},
		{"autofilled and sent at once (plain form)", forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "fill_ms", "900")), http.StatusUnprocessableEntity, false},
		{"sent after two minutes", forms.JSON, formstest.JSON(formstest.With(Mentee(), "fill_ms", 120000)), http.StatusCreated, true},
		{"fill time unknown", forms.Encoded, formstest.Encoded(Mentee()), http.StatusSeeOther, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			w := h.post(c.contentType, c.body)
			if w.Code != c.status {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, c.status)
			}
			switch {
			case c.status == http.StatusUnprocessableEntity:
				if !strings.Contains(w.Body.String(), "send it again") || !strings.Contains(w.Body.String(), "Nothing was saved") {
					t.Errorf("a too-fast form is not told plainly to send it again: %s", w.Body)
				}
			case c.contentType == forms.JSON:
				idOf(t, w)
			}
			if got := h.count(t) == 1; got != c.stored {
				t.Errorf("stored = %v, want %v", got, c.stored)
			}
			if got := len(h.emails(t)) == 1; got != c.stored {
				t.Errorf("emailed = %v, want %v", got, c.stored)
			}
		})
	}
}

func TestApplicationWindow(t *testing.T) {
	cal := program.DefaultCalendar()
	first, next, last := cal.Cycles[0], cal.Cycles[1], cal.Cycles[len(cal.Cycles)-1]
	w := first.Window(program.Applications)
	cases := []struct {
		name   string
		at     time.Time
		status int
		says   string
	}{
		{"before the first window", w.Opens.Add(-time.Minute), http.StatusForbidden, "open on " + cal.Day(w.Opens)},
		{"first minute", w.Opens, http.StatusCreated, ""},
		{"last minute", w.Closes.Add(-time.Minute), http.StatusCreated, ""},
		{"just closed", w.Closes, http.StatusForbidden, "closed on " + cal.LastDay(w)},
		{"between cycles", w.Closes.AddDate(0, 5, 0), http.StatusForbidden,
			"Applications for " + next.ID + " open on " + cal.Day(next.Window(program.Applications).Opens)},
		{"after the last cycle's window", last.Window(program.Applications).Closes.AddDate(0, 0, 4), http.StatusForbidden, "not yet published"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.now = c.at
			w := h.post(forms.JSON, formstest.JSON(Mentee()))
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.says) {
				t.Fatalf("got %d %s, want %d saying %q", w.Code, w.Body, c.status, c.says)
			}
			if c.status == http.StatusForbidden && h.count(t) != 0 {
				t.Error("stored while closed")
			}
		})
	}
}

func TestTooManyRequests(t *testing.T) {
	h := newHarness(t, web.WithClientLimit(0.01, 2))
	var codes []int
	for i := 0; i < 3; i++ {
		codes = append(codes, h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", fmt.Sprintf("r%d@example.org", i)))).Code)
	}
	if codes[0] != http.StatusCreated || codes[1] != http.StatusCreated || codes[2] != http.StatusTooManyRequests {
		t.Fatalf("statuses %v, want 201 201 429", codes)
	}
	// One request every 100 s: the next is allowed 100 s after the burst was spent.
	w := h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "r9@example.org")))
	if ra := w.Header().Get("Retry-After"); w.Code != http.StatusTooManyRequests || (ra != "100" && ra != "99") {
		t.Errorf("got %d with Retry-After %q, want 429 with the limiter's own wait (100 s)", w.Code, ra)
	}
	if h.count(t) != 2 {
		t.Errorf("%d stored", h.count(t))
	}
}

func TestOwnFaultsGiveA5xxWithoutInternals(t *testing.T) {
	h := newHarness(t)
	h.h = web.Apply(web.ApplyConfig{
		Calendar: program.DefaultCalendar(), Store: store.New(store.Local(endpoint), "no-such-table"),
		Now: func() time.Time { return inWindow },
	})
	for _, ct := range []string{forms.JSON, forms.Encoded} {
		w := h.post(ct, formstest.JSON(Mentee()))
		if ct == forms.Encoded {
			w = h.post(ct, formstest.Encoded(Mentee()))
		}
		if w.Code != http.StatusInternalServerError {
			t.Fatalf("%s: got %d", ct, w.Code)
		}
		for _, internal := range []string{"no-such-table", "ResourceNotFound", "dynamodb", "DynamoDB", "127.0.0.1"} {
			if strings.Contains(w.Body.String(), internal) {
				t.Errorf("%s: the answer shows %q", ct, internal)
			}
		}
	}
}

// An application is acknowledged after its one write, which owes its receipt: while the mail
// service is down the receipt stays owed on it (and a double click or a retry owes nothing more);
// once the service is back, it goes, once.
func TestReceiptOwedThroughAMailOutageGoesOnce(t *testing.T) {
	dir := t.TempDir()
	blocked := filepath.Join(dir, "outbox")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil { // a file where the folder should be
		t.Fatal(err)
	}
	h := newHarness(t)
	h.outbox = blocked
	if w := h.post(forms.JSON, formstest.JSON(Mentee())); w.Code != http.StatusCreated {
		t.Fatalf("got %d", w.Code)
	}
	if h.lastSend == nil || !strings.Contains(h.lastSend.Error(), "receipt-") {
		t.Errorf("the sender did not fail on the receipt: %v", h.lastSend)
	}
	email := Mentee()["email"].(string)
	a, err := h.store.Application(context.Background(), firstCycle.ID, forms.RoleMentee, email)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Owes) != 1 || a.Owes[0].ID != "receipt-"+a.ID || a.Owes[0].Text != "application-received" {
		t.Fatalf("the application owes %+v, want its receipt", a.Owes)
	}
	if names, err := filepath.Glob(filepath.Join(dir, "*")); err != nil || len(names) != 1 {
		t.Errorf("the failed email left files behind: %v %v", names, err)
	}
	for i := range 2 { // a double click, then a retry a minute later, still in the outage
		if w := h.post(forms.JSON, formstest.JSON(Mentee())); w.Code != http.StatusOK {
			t.Fatalf("replay %d: got %d %s", i+1, w.Code, w.Body)
		}
		h.now = h.now.Add(time.Minute)
	}
	if err := os.Remove(blocked); err != nil {
		t.Fatal(err)
	}
	if err := h.send(); err != nil {
		t.Fatal(err)
	}
	if w := h.post(forms.JSON, formstest.JSON(Mentee())); w.Code != http.StatusOK {
		t.Fatalf("replay after the outage: got %d %s", w.Code, w.Body)
	}
	if n := len(h.emails(t)); n != 1 {
		t.Errorf("%d receipts sent, want exactly 1", n)
	}
	if a, err = h.store.Application(context.Background(), firstCycle.ID, forms.RoleMentee, email); err != nil || len(a.Owes) != 0 {
		t.Errorf("the application still owes %+v (%v)", a.Owes, err)
	}
}

func TestResponsesNeverEchoConfidentialAnswers(t *testing.T) {
	h := newHarness(t)
	bodies := []string{
		h.post(forms.JSON, formstest.JSON(Mentee())).Body.String(),
		h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "hopes", "changed"))).Body.String(),
		h.post(forms.JSON, formstest.JSON(formstest.With(Mentee(), "email", "x@example.org", "gender_self", strings.Repeat("Demigirl (quillcheck)", 10)))).Body.String(),
		h.post(forms.Encoded, formstest.Encoded(formstest.With(Mentee(), "email", "y@example.org", "race_ethnicity", []string{"self_describe"}, "race_ethnicity_self", "", "gender_self", "Demigirl (quillcheck)", "name", ""))).Body.String(),
	}
	for i, b := range bodies {
		secrets := []string{"quillcheck", "Quillbrook", "Ngozi"}
		if i == 3 { // a plain form shown again keeps the answers that are not confidential
			secrets = secrets[:1]
			if !strings.Contains(b, "Quillbrook") || !strings.Contains(b, forms.KeptNote) {
				t.Errorf("the plain form was not shown again with its other answers and the note: %s", b)
			}
		}
		for _, secret := range secrets {
			if strings.Contains(b, secret) {
				t.Errorf("answer %d echoes %q: %s", i+1, secret, b)
			}
		}
	}
}
