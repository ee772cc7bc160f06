package links_test

import (
	"fmt"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/links"
)

// A link's page is one of the participant's own, or else their page: a link never leads elsewhere.
func TestNextStaysOnTheParticipantsPages(t *testing.T) {
	for next, want := range map[string]string{
		"":                                       "/api/pair",
		"/api/pair":                              "/api/pair",
		"/api/pair?with=m1":                      "/api/pair?with=m1",
		"/api/pair/checkin?how=fine&with=m1":     "/api/pair/checkin?how=fine&with=m1",
		"/api/pair/goals#sent":                   "/api/pair/goals",
		"https://elsewhere.example.com/api/pair": "/api/pair",
		"//elsewhere.example.com/api/pair":       "/api/pair",
		"/api/goals":                             "/api/pair",
		"/api/pairing":                           "/api/pair",
		"/api/pair/../links":                     "/api/pair",
		"javascript:alert(1)":                    "/api/pair",
	} {
		if got := links.Next(next); got != want {
			t.Errorf("Next(%q) = %q, want %q", next, got, want)
		}
	}
}

func ExampleURL() {
	fmt.Println(links.URL("https://mentoring.ala.org", "5e1f", "/api/pair/checkin?how=fine"))
	// Output: https://mentoring.ala.org/api/pair?token=5e1f&next=%2Fapi%2Fpair%2Fcheckin%3Fhow%3Dfine
}
