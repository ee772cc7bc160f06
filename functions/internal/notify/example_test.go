package notify_test

import (
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// An email text rendered for one person: the subject, and the same words in plain text and in an
// HTML document (here the greeting and the link); a value is shown as typed, never read as
// Markdown or HTML, and the text's link takes the URL it is given.
func ExampleText_Render() {
	m, err := notify.MustLoad("new-link").Render("casey.morgan@example.org", map[string]string{
		"Name": "Casey <Morgan>", "Cycle": "2026-27", "LinkURL": "https://mentoring.example.org/api/pair?token=t"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("To:", m.To)
	fmt.Println("Subject:", m.Subject)
	for _, part := range []string{m.Text, m.HTML} {
		for _, line := range strings.Split(part, "\n") {
			if strings.Contains(line, "Casey") || strings.Contains(line, "pair's page (") || strings.Contains(line, "token=t\"") {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// To: casey.morgan@example.org
	// Subject: Your new link to your pair's page
	// Dear Casey <Morgan>,
	// Open your pair's page (https://mentoring.example.org/api/pair?token=t)
	// <p style="margin:0 0 16px">Dear Casey &lt;Morgan&gt;,</p>
	// <p style="margin:0 0 16px"><a style="color:#0a5a8c;text-decoration:underline" href="https://mentoring.example.org/api/pair?token=t">Open your pair's page</a></p>
}
