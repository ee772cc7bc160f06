package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// certificateSurvey is a wrap-up survey, saying whether the certificates may name the partners.
func certificateSurvey(names string) map[string]any {
	s := map[string]any{"worked": "The calls.", "not_worked": "Little.", "rating_overall": "5", "rating_match": "4",
		"rating_support": "4", "again": "mentor"}
	if names != "" {
		s["partner_on_certificate"] = names
	}
	return s
}

// The certificate of completion: only for the signed-in person who completed the year by the
// rule, only once the survey has closed, naming the partner only when both agreed.
func TestTheCertificateOfCompletion(t *testing.T) {
	f := newPairs(t)
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	otherMentee, otherMentor := f.tokenOf["b/mentee"], f.tokenOf["b/mentor"]
	send := func(token, path string, answers map[string]any) {
		t.Helper()
		if w := f.postJSON(path, token, answers); w.Code != http.StatusCreated {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body)
		}
	}
	// Pair a sends everything, each saying yes to the names; pair b sends its goals and surveys
	// but no tracker, its mentee saying yes and its mentor no.
	f.now = goalsOpen
	send(mentee, forms.GoalsForm.Action, goals("Host a family literacy night"))
	send(otherMentee, forms.GoalsForm.Action, goals("Start a teen book club"))
	f.now = trackerDay
	send(mentor, forms.TrackerForm.Action, map[string]any{"progress_1": "under_way", "contact": "twice_monthly", "working": "Talking often.", "call_me": "no"})
	f.now = surveyDay
	send(mentee, forms.SurveyForm.Action, certificateSurvey("yes"))
	send(mentor, forms.SurveyForm.Action, certificateSurvey("yes"))
	send(otherMentee, forms.SurveyForm.Action, certificateSurvey("yes"))
	send(otherMentor, forms.SurveyForm.Action, certificateSurvey("no"))

	refused := func(token, want string) {
		t.Helper()
		w := f.do("GET", web.CertificatePath, token, "", "")
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), want) || strings.Contains(w.Body.String(), `class="certificate"`) {
			t.Errorf("the certificate page: %d, want 403 saying %q:\n%s", w.Code, want, w.Body)
		}
	}
	// While the survey is open: no certificate yet, and no link to one.
	refused(mentee, "can be printed from September 1, 2027, once the wrap-up survey has closed.")
	if page := f.page(t, mentee); strings.Contains(page, web.CertificatePath) {
		t.Error("the overview links to the certificate while the survey is open")
	}

	f.now = cycle.Certificates().Opens.Add(10 * time.Hour)
	page := f.page(t, mentee)
	if !strings.Contains(page, `href="`+web.CertificatePath+`"`) || !strings.Contains(page, "Open your certificate of completion") {
		t.Errorf("after the survey closed, the eligible person's overview has no link to the certificate:\n%s", page)
	}
	cert := f.get(t, mentee, web.CertificatePath)
	for _, want := range []string{"Certificate of completion", "Rafael Souza", "completed the ALSC Mentoring Program 2026-27 as a mentee",
		"with mentor Imani Okoro", "August 31, 2027", "because you both agreed"} {
		if !strings.Contains(cert, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, cert)
		}
	}
	if c := f.get(t, mentor, web.CertificatePath); !strings.Contains(c, "Imani Okoro") || !strings.Contains(c, "as a mentor") || !strings.Contains(c, "with mentee Rafael Souza") {
		t.Errorf("the mentor's certificate:\n%s", c)
	}
	// Pair b sent no tracker: neither gets one, and each is told why; neither overview links to it.
	refused(otherMentee, "the ALSC office did not receive the mid-point tracker.")
	if page := f.page(t, otherMentee); strings.Contains(page, web.CertificatePath) {
		t.Error("the overview of a person without a certificate links to one")
	}
	// Without a session, the page offers a new link, as every participant page does.
	if w := f.do("GET", web.CertificatePath, "", "", ""); w.Code != http.StatusUnauthorized || strings.Contains(w.Body.String(), "Rafael Souza") {
		t.Errorf("without a session: %d\n%s", w.Code, w.Body)
	}

	// Staff issue pair b's mentee one by hand: the certificate appears, without the mentor's
	// name, since he said no.
	ctx := context.Background()
	life, err := lifecycle.Load(ctx, f.store, cycle, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := life.IssueCertificate(ctx, f.store, "eb", f.now); err != nil {
		t.Fatal(err)
	}
	c := f.get(t, otherMentee, web.CertificatePath)
	if !strings.Contains(c, "Liam O&#39;Brien") || strings.Contains(c, "Keiko Tanaka") || !strings.Contains(c, "this time it does not") {
		t.Errorf("the certificate issued by hand, whose partner said no to the names:\n%s", c)
	}
	refused(otherMentor, "the ALSC office did not receive the mid-point tracker.")

	// Once the certificates' window has closed, links and sessions no longer work.
	f.now = cycle.Certificates().Closes.Add(time.Minute)
	if w := f.do("GET", web.CertificatePath, mentee, "", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("after the certificates' window: %d", w.Code)
	}
}

// Only both partners' yes names the partner: one yes is not enough.
func TestTheCertificateNamesThePartnerOnlyWithBothConsents(t *testing.T) {
	f := newPairs(t)
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	f.now = goalsOpen
	f.postJSON(forms.GoalsForm.Action, mentee, goals("Host a family literacy night"))
	f.now = trackerDay
	f.postJSON(forms.TrackerForm.Action, mentor, map[string]any{"progress_1": "met", "contact": "weekly", "working": "Calls.", "call_me": "no"})
	f.now = surveyDay
	f.postJSON(forms.SurveyForm.Action, mentee, certificateSurvey("yes"))
	f.postJSON(forms.SurveyForm.Action, mentor, certificateSurvey("")) // no answer: no consent
	f.now = cycle.Certificates().Opens.Add(time.Hour)
	y, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil || y.Surveys[forms.RoleMentee] == nil || y.Surveys[forms.RoleMentor] == nil || y.Tracker == nil {
		t.Fatalf("the pair's year was not stored: %v", err)
	}
	for _, token := range []string{mentee, mentor} {
		c := f.get(t, token, web.CertificatePath)
		if strings.Contains(c, "certificate-partner") || strings.Contains(c, "with mentor") || strings.Contains(c, "with mentee") {
			t.Errorf("a certificate names the partner with one consent:\n%s", c)
		}
	}
}
