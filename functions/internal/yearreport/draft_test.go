package yearreport_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/ala-alsc/mentoring/functions/internal/cohorttest"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/yearreport"
)

// TestTheDraftIsMarkdownToEdit writes the final report draft for a year in which everyone
// answered the survey — the mentor of three mentees once for each pair, rating it "very poor"
// before "excellent" — with answers that hold percentages, commas, a formula, list and emphasis
// marks, and names written every way a person writes them. The Markdown has every section of the
// page, each chart as a table; it shows what people typed without stray escapes; no name is
// left; and everyone is counted once.
func TestTheDraftIsMarkdownToEdit(t *testing.T) {
	c := cohorttest.Matched(t)
	ctx := context.Background()
	m := c.Matches
	survey := c.Cycle.Window(program.Survey).Opens.Add(24 * time.Hour)
	mentees := map[string]int{}
	for _, mt := range m {
		mentees[mt.Mentor]++
	}
	answers := []string{
		"siobhan ni bhriain was a wonderful mentor", "Thanks to Siobhán Ní Bhriain and Bo", "bo li helped with le monde of programs",
		"ZOE O'CONNOR-MCCARTHY's ideas; Mai Lê and I met", "51% of our meetings were online", "Yes, as a mentor",
		"=SUM(A1:A9)", "- we met weekly; *really* | often", "Zoe O Connor Mc Carthy and J. Siobhan",
		"An Tran wrote an email",
	}
	n := 0
	for i, mt := range m {
		for _, role := range forms.Roles {
			s := &forms.Survey{Worked: answers[n%len(answers)], NotWorked: "Nothing", RatingOverall: forms.Rating5, RatingMatch: forms.Rating4,
				RatingSupport: forms.Rating5, Objectives: []string{"skills"}, Again: forms.AgainEither}
			n++
			at := survey.Add(time.Duration(i) * time.Hour)
			if role == forms.RoleMentor && mentees[mt.Mentor] == 3 {
				// The mentor of three answers on each pair's page; the last answer is her own word.
				mentees[mt.Mentor]--
				if mentees[mt.Mentor] > 0 {
					s.RatingOverall = forms.Rating1
				}
			}
			c.Add(t, mt, store.KindSurvey, role, at, s, 0)
		}
	}
	d, err := yearreport.Load(ctx, c.Store, c.Calendar, c.Cycle, c.Cycle.Span().Closes.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	rename := map[string]string{m[0].Mentor: "Siobhán Ní Bhriain", m[1].Mentee: "Bo Li", m[2].Mentee: "Zoë O'Connor-McCarthy",
		m[4].Mentee: "Mai Lê", m[5].Mentee: "An Tran"}
	for _, apps := range d.Apps {
		for _, a := range apps {
			if name, ok := rename[a.ID]; ok {
				a.Form.Applicant().Name = name
			}
		}
	}
	doc := yearreport.FinalDraft(d)
	md := doc.Markdown()
	page, err := doc.HTML()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("final-report-draft.md:\n%s", md)

	mentors := len(mentees) // each mentor once, however many mentees
	people := mentors + len(m)
	for _, want := range []string{
		"## Who answered", "| Mentors | " + strconv.Itoa(mentors) + " | " + strconv.Itoa(mentors) + " | 100% |",
		"| Mentees | " + strconv.Itoa(len(m)) + " | " + strconv.Itoa(len(m)) + " | 100% |", "| Everyone | " + strconv.Itoa(people) + " | " + strconv.Itoa(people) + " | 100% |",
		"## Ratings", "| The year in the program overall (everyone) | Number |", "| 5 – Excellent | " + strconv.Itoa(people) + " |",
		"| 1 – Very poor | 0 |", "| How well the match suited them (mentor) | Number |", "| Support from the ALSC office and the working group (mentee) | Number |",
		"## Objectives people made progress on", "| Objectives people made progress on (everyone) | Number |",
		"| Skills and confidence | " + strconv.Itoa(people) + " |", "## Would they take part again?",
		"## What worked, in their own words", "## What did not work, or could be better, in their own words",
		"> “[name] was a wonderful mentor”", "> “Thanks to [name] and [name]”", "> “[name] helped with le monde of programs”",
		"> “[name]'s ideas; [name] and I met”", "> “[name] and [name]”", "> “[name] wrote an email”",
		"> “51% of our meetings were online”", "> “Yes, as a mentor”", "> “=SUM(A1:A9)”", "> “- we met weekly; \\*really\\* \\| often”",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	for _, bad := range []string{`51\%`, `Yes\, as`, `\=SUM`, `\(A1`, `\:A9`, `[name] Ní [name]`, "[name] [name]", "Ní", "Bhriain",
		"Siobh", "Bo Li", "Li helped", "Zo", "O'Connor", "McCarthy", "Mai", "Lê", "<svg"} {
		if strings.Contains(md, bad) {
			t.Errorf("the draft holds %q", bad)
		}
	}
	// Every section of the page is in the Markdown, and the Markdown renders to what people typed.
	for _, h := range []string{"Who answered", "Ratings", "Objectives people made progress on", "Would they take part again?"} {
		if !bytes.Contains(page, []byte("<h2>"+h+"</h2>")) {
			t.Errorf("the page lacks the section %q", h)
		}
	}
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "<blockquote>\n<p>“- we met weekly; *really* | often”</p>\n</blockquote>") {
		t.Errorf("the Markdown does not render the answer as typed:\n%s", out.String())
	}
}
