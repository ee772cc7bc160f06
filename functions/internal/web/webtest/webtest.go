// Package webtest signs tests in to the participants' pages.
package webtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// SessionFrom opens a personal link (a full address, or just its token) on the participants'
// handler and returns the session cookie it sets, failing the test if it sets none.
func SessionFrom(tb testing.TB, h http.Handler, link string) *http.Cookie {
	tb.Helper()
	target := link
	if u, err := url.Parse(link); err != nil || u.RawQuery == "" {
		target = forms.PairPath + "?token=" + link
	} else {
		target = u.RequestURI()
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	for _, c := range w.Result().Cookies() {
		if c.Name == web.SessionCookie && c.Value != "" {
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	tb.Fatalf("opening the personal link %s answered %d without a session: %s", target, w.Code, w.Body)
	return nil
}
