package remind_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

var personalLink = regexp.MustCompile(`https://mentoring\.example\.org(/api/pair\?token=[0-9a-f]{64}[^\s<>"()]*)`)

// Every email of a year to a participant carries personal links of its own, each of which
// signs the browser in as that person, and a one-click answer's link records nothing by itself.
func TestEveryEmailOfTheYearOpensItsPersonsPage(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	var now time.Time
	pages := web.Participants(web.ParticipantsConfig{Calendar: y.cal, Store: y.st, SiteURL: "https://mentoring.example.org",
		Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
	names := map[string]string{} // address → name
	for _, role := range forms.Roles {
		apps, err := y.st.Applications(ctx, y.cy.ID, role)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			names[a.Email] = a.Form.Applicant().Name
		}
	}
	emails, links, oneClick := 0, 0, 0
	for d := y.cy.Span().Opens; d.Before(y.cy.Span().Closes); d = d.AddDate(0, 0, 1) {
		now = y.at(d)
		if len(remind.DueOn(y.cal, now)) == 0 {
			continue
		}
		before := len(y.mail.sent)
		if _, err := y.run(t, now); err != nil {
			t.Fatal(err)
		}
		for _, s := range y.mail.sent[before:] {
			name, participant := names[s.msg.To]
			if !participant {
				continue
			}
			emails++
			found := personalLink.FindAllStringSubmatch(s.msg.Text, -1)
			if len(found) == 0 {
				t.Errorf("%s: %q to %s carries no personal link", s.day, s.msg.Subject, name)
			}
			for _, l := range found {
				links++
				w := httptest.NewRecorder()
				pages.ServeHTTP(w, httptest.NewRequest(http.MethodGet, l[1], nil))
				var session *http.Cookie
				for _, c := range w.Result().Cookies() {
					if c.Name == web.SessionCookie {
						session = &http.Cookie{Name: c.Name, Value: c.Value}
					}
				}
				next := w.Header().Get("Location")
				if w.Code != http.StatusSeeOther || session == nil {
					t.Fatalf("%s: a link of %q to %s: %d %s", s.day, s.msg.Subject, name, w.Code, w.Body)
				}
				u, _ := url.Parse(next)
				r := httptest.NewRequest(http.MethodGet, next, nil)
				r.AddCookie(session)
				w = httptest.NewRecorder()
				pages.ServeHTTP(w, r)
				page := w.Body.String()
				switch {
				case u.Path == remind.ContactPage:
					oneClick++
					if w.Code != http.StatusOK || !regexp.MustCompile(`<input type="checkbox" name="in_touch"[^>]* checked`).MatchString(page) || !strings.Contains(page, `type="submit"`) {
						t.Errorf("%s: the one-click contact of %q to %s opens %s: %d, without its box ticked and its button", s.day, s.msg.Subject, name, next, w.Code)
					}
				case u.Path == remind.CheckInPage:
					// A one-click answer opens the check-in with the answer chosen; its button sends it.
					oneClick++
					how := u.Query().Get("how")
					if strings.Contains(page, "<h1>Your pairs</h1>") { // a mentor of several chooses the pair, the answer kept
						if strings.Count(page, "how="+how+"&amp;with=") < 2 {
							t.Errorf("%s: the one-click answer %q to %s, who has several pairs, lists them without the answer:\n%s", s.day, how, name, page)
						}
						continue
					}
					if w.Code != http.StatusOK || !regexp.MustCompile(`value="`+how+`"[^>]* checked`).MatchString(page) || !strings.Contains(page, `type="submit"`) {
						t.Errorf("%s: the one-click answer %q of %q to %s opens %s: %d, without the answer chosen and its button", s.day, how, s.msg.Subject, name, next, w.Code)
					}
				case w.Code != http.StatusOK || !strings.Contains(page, html.EscapeString(name)):
					t.Errorf("%s: a link of %q to %s opens %s: %d, not their page", s.day, s.msg.Subject, name, next, w.Code)
				}
			}
		}
	}
	checkIns, err := y.st.Entries(ctx, y.cy.ID, store.KindCheckIn)
	if err != nil {
		t.Fatal(err)
	}
	if len(checkIns) != 0 {
		t.Errorf("opening one-click answers' links recorded %d check-ins; a link alone must record nothing", len(checkIns))
	}
	if emails < 100 || oneClick == 0 {
		t.Errorf("%d emails to participants with %d links, %d of them one-click answers: the year sent too few to tell", emails, links, oneClick)
	}
	t.Logf("%d emails to participants, %d personal links (%d one-click answers), every one opening its person's page", emails, links, oneClick)
}
