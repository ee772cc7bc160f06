package forms_test

import (
	"errors"
	"fmt"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// A pair's goals sent as a plain HTML form: decoded into the form's struct, or refused with one
// plain message per field.
func ExampleDecodeAs() {
	send := func(body string) (*forms.Submission, error) {
		r := httptest.NewRequest("POST", forms.GoalsForm.Action, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return forms.DecodeAs(r, forms.GoalsForm)
	}
	sub, err := send("goal_1=Host+a+family+literacy+night&objectives_1=connections&measure_1=It+happens+by+April.")
	if err != nil {
		fmt.Println(err)
		return
	}
	g := sub.Answers.(*forms.Goals)
	fmt.Printf("%q, for %v, measured by %q\n", g.Goal1, g.Objectives1, g.Measure1)

	_, err = send("goal_1=Host+a+family+literacy+night")
	var refused *forms.Error
	if errors.As(err, &refused) {
		fmt.Println(refused.Message)
		for _, name := range slices.Sorted(maps.Keys(refused.Fields)) {
			fmt.Printf("%s: %s\n", name, refused.Fields[name])
		}
	}
	// Output:
	// "Host a family literacy night", for [connections], measured by "It happens by April."
	// Some answers need correcting before the form can be sent.
	// measure_1: Goal 1 — how you will know it is met: fill in this field.
	// objectives_1: Goal 1 — program objectives this goal serves: tick at least one answer.
}
