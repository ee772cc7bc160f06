package notify_test

import (
	"fmt"
	"testing"

	"github.com/ala-alsc/mentoring/infra/browser"
)

func TestShots(t *testing.T) {
	ctx := browser.Tab(t)
	for _, n := range []string{"match-introduction", "staff-digest", "goals-copy", "new-link"} {
		for _, w := range []int64{390, 1280} {
			if err := browser.Screenshot(ctx, "file:///tmp/emails/"+n+".html", w, "screen", fmt.Sprintf("/tmp/emails-shots/%s-%d.png", n, w)); err != nil {
				t.Fatal(err)
			}
		}
	}
}
