package notify_test

import (
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// An email text rendered for one person: the subject, and the same words as HTML and as plain
// text (here their first paragraphs); a value is shown as typed, never read as Markdown or HTML.
func ExampleText_Render() {
	m, err := notify.MustLoad("new-link").Render("casey.morgan@example.org", map[string]string{
		"Name": "Casey <Morgan>", "Cycle": "2026-27", "Link": "https://mentoring.example.org/api/pair?token=t"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("To:", m.To)
	fmt.Println("Subject:", m.Subject)
	fmt.Println(strings.SplitN(m.HTML, "\n", 2)[0])
	fmt.Println(strings.Join(strings.SplitN(m.Text, "\n\n", 4)[:3], "\n\n"))
	// Output:
	// To: casey.morgan@example.org
	// Subject: Your new link to your pair's page
	// <p>Dear Casey &lt;Morgan&gt;,</p>
	// Dear Casey <Morgan>,
	//
	// Here is a new personal link to your pair's page in the ALSC Mentoring Program for 2026-27,
	// as you asked:
	//
	// https://mentoring.example.org/api/pair?token=t
}
