package origin_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/origin"
)

func TestGuard(t *testing.T) {
	var seen []string
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get(origin.Header))
		w.WriteHeader(http.StatusCreated)
	})
	cases := []struct {
		name, secret, header string
		status               int
	}{
		{"through CloudFront", "s3cret", "s3cret", http.StatusCreated},
		{"direct, no header", "s3cret", "", http.StatusForbidden},
		{"direct, wrong header", "s3cret", "guess", http.StatusForbidden},
		{"direct, prefix of the secret", "s3cret", "s3c", http.StatusForbidden},
		{"no secret configured", "", "", http.StatusCreated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seen = nil
			r := httptest.NewRequest(http.MethodPost, "/api/applications", nil)
			if c.header != "" {
				r.Header.Set(origin.Header, c.header)
			}
			w := httptest.NewRecorder()
			origin.Guard(c.secret, next).ServeHTTP(w, r)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if c.status == http.StatusForbidden && len(seen) != 0 {
				t.Error("the handler ran for a refused request")
			}
			if c.status != http.StatusForbidden && (len(seen) != 1 || seen[0] != "") {
				t.Errorf("the handler saw the secret header: %q", seen)
			}
		})
	}
}
