package notify_test

import (
	"context"
	"html"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/content/emails"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

func data(name string) map[string]string {
	return map[string]string{"Name": name, "Role": "mentee", "Cycle": "2026-27", "ID": "abc123",
		"Closes": "September 30, 2026", "NotifyBy": "November 1, 2026", "Starts": "November 2, 2026"}
}

func TestConfirmationRendersToTextAndHTML(t *testing.T) {
	cases := []struct {
		name, applicant, inText, inHTML, notInHTML string
	}{
		{"plain name", "Ana Souza", "Dear Ana Souza,", "Dear Ana Souza,", ""},
		{"accents and scripts", "Zoë 李", "Dear Zoë 李,", "Dear Zoë 李,", ""},
		{"markup is shown, not obeyed", "<b>Bo</b>", "Dear <b>Bo</b>,", "Dear &lt;b&gt;Bo&lt;/b&gt;,", "<b>Bo"},
		{"Markdown is shown, not obeyed", "*Kim* [x](http://e.example)", "Dear *Kim* [x](http://e.example),", "*Kim* [x](http://e.example)", "<em>"},
	}
	text := notify.MustLoad("application-received")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := text.Render("a@example.org", data(c.applicant))
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != "We received your mentee application" {
				t.Errorf("subject %q", m.Subject)
			}
			if !strings.Contains(m.Text, c.inText) || !strings.Contains(m.Text, "November 1, 2026") {
				t.Errorf("text lacks %q:\n%s", c.inText, m.Text)
			}
			if !strings.Contains(m.HTML, c.inHTML) || !regexp.MustCompile(`<h2 style="[^"]*">What happens next</h2>`).MatchString(m.HTML) {
				t.Errorf("HTML lacks %q:\n%s", c.inHTML, m.HTML)
			}
			if c.notInHTML != "" && strings.Contains(m.HTML, c.notInHTML) {
				t.Errorf("HTML contains %q", c.notInHTML)
			}
		})
	}
}

func TestTheHeaderAndFooterAreNoEmails(t *testing.T) {
	for _, name := range []string{"header", "footer"} {
		if _, err := notify.Load(name); err == nil || !strings.Contains(err.Error(), "part of every email") {
			t.Errorf("Load(%q): %v", name, err)
		}
	}
}

func TestMissingPlaceholderIsAnError(t *testing.T) {
	d := data("x")
	delete(d, "NotifyBy")
	if _, err := notify.MustLoad("application-received").Render("a@example.org", d); err == nil {
		t.Fatal("rendered without a value for a placeholder")
	}
}

func TestOutboxWritesReadableEML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	m, _ := notify.MustLoad("application-received").Render("zoë@example.org", data("Zoë"))
	if err := (notify.Outbox{Dir: dir, From: "ALSC Mentoring <mentoring@example.org>"}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != m.Subject || msg.Header.Get("To") != "zoë@example.org" {
		t.Errorf("headers %v", msg.Header)
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Error(err)
	}
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mt != "multipart/alternative" {
		t.Fatalf("type %q", mt)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var parts []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // quoted-printable is decoded by the reader
		parts = append(parts, p.Header.Get("Content-Type")+"\n"+strings.ReplaceAll(string(b), "\r\n", "\n"))
	}
	if len(parts) != 2 || !strings.Contains(parts[0], "text/plain") || !strings.Contains(parts[0], m.Text) ||
		!strings.Contains(parts[1], "text/html") || !strings.Contains(parts[1], m.HTML) {
		t.Fatalf("parts %q", parts)
	}
}

// Every email's plain-text part is prose: no Markdown marks, the headings and words kept, the
// placeholders' values in place in both parts.
func TestPlainTextPartIsProse(t *testing.T) {
	checked, texts := 0, 0
	for _, name := range textNames(t) {
		texts++
		t.Run(name, func(t *testing.T) {
			s, m := rendered(t, name)
			for _, mark := range []string{"**", "__", "## ", "`", "](", "<p", "<strong>", "\\"} {
				if strings.Contains(m.Text, mark) {
					t.Errorf("the plain text holds %q:\n%s", mark, m.Text)
				}
			}
			for k, v := range s.data {
				if !strings.Contains(m.HTML, html.EscapeString(v)) || !strings.Contains(m.Subject+m.Text, v) {
					t.Errorf("%s (%q) is missing from the HTML part, or from both the subject and the plain text", k, v)
				}
			}
			if slices.Contains(notify.MustLoad(name).Placeholders(), "Name") && !strings.HasPrefix(m.Text, "Dear «Name»,\n\n") {
				t.Errorf("the plain text starts %.40q", m.Text)
			}
			checked++
		})
	}
	if checked != texts || texts < 22 {
		t.Errorf("%d email texts checked of %d in content/emails, want every one (22 when this test was written)", checked, texts)
	}
}

// textNames are the email texts in content/emails: every file but the header, the footer and
// the section's own page.
func textNames(tb testing.TB) []string {
	tb.Helper()
	files, err := fs.Glob(emails.FS, "*.md")
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, f := range files {
		if name := strings.TrimSuffix(f, ".md"); !strings.HasPrefix(name, "_") && name != "header" && name != "footer" {
			names = append(names, name)
		}
	}
	return names
}

// sample is a text's values for a test: each placeholder's name in «», a URL for each whose name
// says it is one, an email address for each whose name ends in Email, and headings, a list and
// a link for those whose values are blocks.
type sample struct {
	data   map[string]string
	blocks markdown.Blocks
	urls   []string // every URL in data and blocks
	mails  []string // every email address in data
}

// blockValues are the placeholders whose values callers give as Blocks.
var blockValues = []string{"Body", "Goals", "Links", "Resource"}

// rendered is the email text called name rendered with its sample values.
func rendered(t *testing.T, name string) (sample, notify.Message) {
	t.Helper()
	text := notify.MustLoad(name)
	s := sampleOf(text)
	m, err := text.Render("a@example.org", s.data, s.blocks)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s, m
}

// sampleOf is the sample values of text.
func sampleOf(text *notify.Text) sample {
	s := sample{data: map[string]string{}, blocks: markdown.Blocks{}}
	for _, k := range text.Placeholders() {
		switch {
		case k == "Link" || strings.HasSuffix(k, "URL"):
			u := "https://mentoring.example.org/" + strings.ToLower(k) + "/?token=0a1b&from=" + k
			s.data[k] = u
			s.urls = append(s.urls, u)
		case strings.HasSuffix(k, "Email"):
			a := strings.ToLower(k) + "@example.org"
			s.data[k] = a
			s.mails = append(s.mails, a)
		case slices.Contains(blockValues, k):
			u := "https://console.aws.amazon.com/s3/object/reports?prefix=" + k + "%2Freview.html&region=us-east-1"
			s.blocks[k] = markdown.Join(markdown.Heading(markdown.Plain("Pairs asking for help in «"+k+"»")),
				markdown.List(markdown.Plain("Jordan Avery (mentee) with Rosa Delgado (mentor): the mentee answered \"we need help\""),
					markdown.Link("The review page for «"+k+"»", u)),
				markdown.Paragraph(markdown.Strong("Objectives:"), markdown.Plain(" Skills and confidence, Connections")))
			s.urls = append(s.urls, u)
		default:
			s.data[k] = "«" + k + "»"
		}
	}
	return s
}

// Every email, to applicants, pairs and staff alike, opens with ALSC's header and closes with
// ALSC's site and the office's address from the one office file, in both parts; no text may fill
// them in itself.
func TestEveryEmailHasTheHeaderAndClosesWithTheOffice(t *testing.T) {
	office := program.TheOffice
	closing := "----\n\nThe ALSC Mentoring Program, of the Association for Library Service to Children (" + office.ALSCURL + ").\n" +
		"Questions, corrections, or a request to delete your answers: write to the ALSC office at " + office.Email +
		" (a placeholder address for the demo).\n"
	header := `<strong style="font-size:20px">ALSC Mentoring Program</strong><br>` + "\nAssociation for Library Service to Children</p>\n</div>"
	footer := `of the <a style="color:#0a5a8c;text-decoration:underline" href="` + office.ALSCURL + `">Association for Library Service to Children</a>.<br>` +
		"\nQuestions, corrections, or a request to delete your answers: write to the ALSC office at " +
		`<a style="color:#0a5a8c;text-decoration:underline" href="mailto:` + office.Email + `">` + office.Email + "</a> (a placeholder address for the demo).</p>\n</div>\n</div>\n</body>\n</html>\n"
	checked := 0
	for _, name := range textNames(t) {
		text := notify.MustLoad(name)
		s := sampleOf(text)
		s.data["OfficeEmail"] = "someone@example.com"
		m, err := text.Render("a@example.org", s.data, s.blocks)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasSuffix(m.Text, "\n\n"+closing) {
			t.Errorf("%s: the plain text ends %q, want the closing lines %q", name, m.Text[max(0, len(m.Text)-300):], closing)
		}
		if strings.Count(m.HTML, header) != 1 || !strings.HasSuffix(m.HTML, footer) || strings.Contains(m.HTML, "someone@example.com") {
			t.Errorf("%s: the HTML part lacks the header or the footer:\n%s", name, m.HTML)
		}
		if !strings.HasPrefix(m.HTML, "<!DOCTYPE html>\n<html lang=\"en\">\n") || !strings.Contains(m.HTML, "<title>"+html.EscapeString(m.Subject)+"</title>") {
			t.Errorf("%s: the HTML part is not a document in English titled by its subject:\n%.400s", name, m.HTML)
		}
		checked++
	}
	if !office.Placeholder || checked < 22 {
		t.Errorf("%d emails checked (want every one, 22 or more); the built-in office address is a placeholder: %v", checked, office.Placeholder)
	}
}

func TestPlainTextOfMarkdown(t *testing.T) {
	m, err := notify.MustLoad("application-received").Render("a@example.org", data("Ana"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Thank you for applying to be a mentee in the ALSC Mentoring Program for 2026-27. Your application reference is abc123.\n\n",
		"What happens next\n-----------------\n\n1. Applications are accepted until September 30, 2026.\n2. The ALSC staff liaison reviews every application and makes the matches. We write",
		"\n\nWith thanks,\nThe ALSC Mentoring Program\n\n----\n\n"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the plain text lacks %q:\n%s", want, m.Text)
		}
	}
}

// TestOutboxNamesFilesForPeople sends two messages on a clock and checks each file is named by
// the time sent, the recipient and the subject, reads back with its date, in the order sent; and
// that a write that fails names the folder, never the recipient.
func TestOutboxNamesFilesForPeople(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	at := time.Date(2027, 3, 1, 15, 4, 5, 6000, time.UTC)
	clock := func() time.Time { at = at.Add(time.Second); return at }
	box := notify.Outbox{Dir: dir, From: "mentoring@example.org", Now: clock}
	for _, to := range []string{"zoë@example.org", "ama/../x@example.org"} {
		if err := box.Send(context.Background(), notify.Message{To: to, Subject: "Your goals: due soon?", Text: "t", HTML: "<p>t</p>"}); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := notify.ReadOutboxFiles(dir)
	if err != nil || len(stored) != 2 {
		t.Fatalf("%d messages read back (%v)", len(stored), err)
	}
	for i, want := range []string{"2027-03-01T15.04.06.000006+0000 zoë@example.org Your goals due soon ", "2027-03-01T15.04.07.000006+0000 ama .. x@example.org Your goals due soon "} {
		s := stored[i]
		if !strings.HasPrefix(s.File, want) || !regexp.MustCompile(`^[^/]* [0-9a-f]{4}\.eml$`).MatchString(s.File) {
			t.Errorf("file %d is %q, want %q and four hex digits", i, s.File, want)
		}
		if !s.Date.Equal(at.Add(time.Duration(i-1) * time.Second).Truncate(time.Second)) {
			t.Errorf("file %d is dated %v", i, s.Date)
		}
	}
	box.Dir = filepath.Join(dir, stored[0].File) // a file, where a folder should be
	err = box.Send(context.Background(), notify.Message{To: "secret.person@example.org", Subject: "s", Text: "t", HTML: "t"})
	if err == nil || strings.Contains(err.Error(), "secret.person") || !strings.Contains(err.Error(), box.Dir) {
		t.Errorf("a failed write says %v; want the folder named and the recipient not", err)
	}
}
