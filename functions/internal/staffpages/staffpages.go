// Package staffpages renders what the matcher writes for the staff liaison to read: the review
// of a cycle's applications, a proposal and the matches a commit stored, each a printable page
// in plain words with, for a proposal and a commit, a spreadsheet beside it. The modes that
// gather what they show are package season's; the review spreadsheet, which staff fill in and
// hand back, is read and written there too.
package staffpages

import (
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Apps are a cycle's applications by id.
type Apps map[string]*store.Application

// Name is the applicant's name for an application id, or the id when unknown.
func (apps Apps) Name(id string) string {
	if a := apps[id]; a != nil {
		return a.Form.Applicant().Name
	}
	return id
}

// Email is the applicant's address for an application id, or "" when unknown.
func (apps Apps) Email(id string) string {
	if a := apps[id]; a != nil {
		return a.Email
	}
	return ""
}

// Entry is one application as staff review it, confidential answers included.
type Entry struct {
	ID        string          `json:"id"`
	Role      forms.Role      `json:"role"`
	Email     string          `json:"email"`
	Status    store.Status    `json:"status"`
	State     lifecycle.State `json:"state"` // where the person stands this year
	Submitted time.Time       `json:"submitted"`
	Answers   forms.Form      `json:"answers"`
	// An email to this person that did not arrive (bounced, marked as spam, rejected), if any.
	MailProblem *store.MailProblem `json:"mail_problem,omitempty"`
}

// RequestEntry is one rematch request as staff review it; Key is what accepting it takes.
type RequestEntry struct {
	Key     string              `json:"key"`
	Mentor  string              `json:"mentor"`
	Mentee  string              `json:"mentee"`
	From    forms.Role          `json:"from"`
	Reason  string              `json:"reason"`
	Status  store.RematchStatus `json:"status"`
	Created time.Time           `json:"created"`
}

// WithdrawalEntry is one participant's notice that they can no longer take part, as staff review
// it: the match, who left, when, and the reason (staff only).
type WithdrawalEntry struct {
	Mentor string     `json:"mentor"`
	Mentee string     `json:"mentee"`
	From   forms.Role `json:"from"`
	Reason string     `json:"reason"`
	Sent   time.Time  `json:"sent"`
}

// Letter is what committing a proposal writes to one person, in words: the proposal's page lists
// every letter before the commit, and the commit's answer the same list.
type Letter struct {
	Name   string     `json:"name"`
	Role   forms.Role `json:"role"`
	Letter string     `json:"letter"`
}

// OutcomeEntry tells staff which outcome email an applicant was sent.
type OutcomeEntry struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Role    forms.Role    `json:"role"`
	Outcome store.Outcome `json:"outcome"`
	// When: "on its way" (owed by this commit), or "written by an earlier commit".
	When string `json:"when"`
}

// The values of OutcomeEntry.When: SentNow and SentBefore as commits wrote them before the
// outbox; OwedNow and OwedBefore since (the email is owed by the commit and the sender sends it).
const (
	SentNow    = "sent now"
	SentBefore = "sent before"
	OwedNow    = "on its way"
	OwedBefore = "written by an earlier commit"
)

// The review spreadsheet's own columns, which its page explains; the questions of the forms
// follow them, and the version column ends each row.
const (
	ColID       = "Application id"
	ColRole     = "Role"
	ColDecision = "Decision"
	ColLeaveOut = "Leave out"
	ColPinWith  = "Pin with"
	ColVersion  = "Version (leave as it is)"
)

// ReviewSheet is the review spreadsheet's name in the cycle's folder, beside review.html.
const ReviewSheet = "review.csv"

// Many is a count and a noun, made plural unless the count is one.
func Many(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "s"):
		return strconv.Itoa(n) + " " + noun + "es"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Files are a run's page (base.html) and spreadsheet (base.csv).
func Files(base string, d *report.Document, header []string, rows [][]string) ([]report.File, error) {
	page, err := d.HTML()
	if err != nil {
		return nil, err
	}
	sheet, err := report.CSV(header, rows)
	if err != nil {
		return nil, err
	}
	return []report.File{{Name: base + ".html", ContentType: report.HTML, Body: page},
		{Name: base + ".csv", ContentType: report.CSVType, Body: sheet}}, nil
}

// section adds a heading and a table, or the sentence empty when there are no rows.
func section(d *report.Document, heading string, header []string, rows [][]string, empty string) {
	d.Printf("## %s\n", heading)
	if len(rows) == 0 {
		d.Printf("\n%s\n\n", empty)
		return
	}
	d.Table(header, rows)
}

// sides orders a pair's two names as the one who acted (from) and the partner.
func sides(mentee, mentor string, from forms.Role) (self, partner string) {
	if from == forms.RoleMentor {
		return mentor, mentee
	}
	return mentee, mentor
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
