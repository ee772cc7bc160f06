package notify_test

import (
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// An email text rendered for one person: the subject, and the same words as plain text (here its
// first paragraphs) and in an HTML document; a value is shown as typed, never read as Markdown or
// HTML, and the text's link takes the URL it is given.
func ExampleText_Render() {
	m, err := notify.MustLoad("new-link").Render("casey.morgan@example.org", map[string]string{
		"Name": "Casey <Morgan>", "Cycle": "2026-27", "Link": "https://mentoring.example.org/api/pair?token=t"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("To:", m.To)
	fmt.Println("Subject:", m.Subject)
	fmt.Println(strings.Join(strings.SplitN(m.Text, "\n\n", 4)[:3], "\n\n"))
	for _, line := range strings.Split(m.HTML, "\n") {
		if strings.Contains(line, "Casey") || strings.Contains(line, "href") && !strings.Contains(line, "ALSC") {
			fmt.Println(line)
		}
	}
	// Output:
	// To: casey.morgan@example.org
	// Subject: Your new link to your pair's page
	// Dear Casey <Morgan>,
	//
	// Here is a new personal link to your pair's page in the ALSC Mentoring Program for 2026-27. It replaces the link you had before, which no longer works:
	//
	// Open your pair's page (https://mentoring.example.org/api/pair?token=t)
	// <p style="margin:0 0 16px">Dear Casey &lt;Morgan&gt;,</p>
	// <p style="margin:0 0 16px"><a style="color:#0a5a8c;text-decoration:underline" href="https://mentoring.example.org/api/pair?token=t">Open your pair's page</a></p>
}
