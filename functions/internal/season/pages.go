package season

import (
	"context"
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The pages and spreadsheets staff read (rendered by package staffpages). Review, propose,
// rematch and commit each write a printable page and a spreadsheet under the cycle's folder of
// r.Files, list them in the answer and email staff the links, so a scheduled run's proposal
// reaches a person too. The review spreadsheet is written here, beside the code that reads it back.

var staffFiles = notify.MustLoad("staff-files")

// The review spreadsheet's columns, and its name in the cycle's folder (the page is review.html).
const (
	colID       = staffpages.ColID
	colRole     = staffpages.ColRole
	colDecision = staffpages.ColDecision
	colLeaveOut = staffpages.ColLeaveOut
	colPinWith  = staffpages.ColPinWith
	colVersion  = staffpages.ColVersion
	ReviewFile  = staffpages.ReviewSheet
	reviewBase  = "review"
)

// publish stores files under the cycle's folder and emails staff the links, with what they are
// (what) and what to do next (next). Without a place for files it does nothing. An email the
// mail service refuses is a note in res, not a failure: the answer lists the same links.
func (r *Runner) publish(ctx context.Context, cy *program.Cycle, what, next string, files []report.File, res *Result) ([]report.Link, error) {
	if r.Files == nil {
		return nil, nil
	}
	links, err := report.Store(ctx, r.Files, cy.ID, files)
	if err != nil {
		return nil, err
	}
	_, err = r.sendLinks(ctx, cy, staffFiles, links, map[string]string{"What": what, "Next": next}, res)
	return links, err
}

// sendLinks emails each staff address the links, with text's words and fields, and says in a
// note of res whom it could not reach; it returns how many it sent.
//
// These emails are sent at once, not owed on the outbox: their links are the staff files' own
// addresses (in AWS, the staff bucket's objects, which it deletes after STAFF_FILE_DAYS), known
// only once the files are written and not tied to any item of the table; owed, they would put
// the addresses of confidential files in the table and its stream, and a late send could carry
// links to files already gone. The step's answer lists the same links, so an email that cannot be
// sent loses nothing: the note says so and the step still answers.
func (r *Runner) sendLinks(ctx context.Context, cy *program.Cycle, text *notify.Text, links []report.Link, fields map[string]string, res *Result) (int, error) {
	items := make([]markdown.Inline, len(links))
	for i, l := range links {
		items[i] = markdown.Link(l.Name, l.Link)
	}
	data := map[string]string{"Cycle": cy.ID, "Day": r.Calendar.Day(r.Now()), "Expiry": r.LinkNote}
	for k, v := range fields {
		data[k] = v
	}
	var failed []string
	for _, to := range r.Staff {
		m, err := text.Render(to, data, markdown.Blocks{"Links": markdown.List(items...)})
		if err != nil {
			return 0, err
		}
		if err := r.Mail.Send(ctx, m); err != nil {
			r.Log.Error("matcher: send staff the links", "error", err)
			failed = append(failed, to)
			continue
		}
	}
	if len(failed) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("The email with these files' links could not be sent to %s (the mail service "+
			"failed); the links are listed here.", strings.Join(failed, ", ")))
	}
	return len(r.Staff) - len(failed), nil
}

// statusWords are each status as the review spreadsheet's Decision column writes it and as the
// review page says it.
var statusWords = map[store.Status]struct{ decision, page string }{
	store.StatusSubmitted: {"", "waiting for a decision"},
	store.StatusAccepted:  {"accept", "accepted"},
	store.StatusDeclined:  {"decline", "declined"},
	store.StatusWithdrawn: {"withdrawn", "withdrawn"},
}

func decisionWord(s store.Status) string { return statusWords[s].decision }

func statusWord(s store.Status) string { return statusWords[s].page }

// reviewFiles are the review page and the spreadsheet staff record decisions in.
func (r *Runner) reviewFiles(cy *program.Cycle, res *Result, apps applications) ([]report.File, error) {
	header := []string{colID, colRole, colDecision, colLeaveOut, colPinWith}
	cols := forms.SheetColumns()
	for _, c := range cols {
		header = append(header, c.Label)
	}
	header = append(header, colVersion)
	var rows [][]string
	for _, e := range res.Applications {
		cells := forms.SheetRow(e.Role, e.Answers)
		row := []string{e.ID, string(e.Role), decisionWord(e.Status), "", ""}
		for _, c := range cols {
			row = append(row, cells[c.Field])
		}
		rows = append(rows, append(row, version(apps[e.ID])))
	}
	page := staffpages.Review{Cycle: cy.ID, Calendar: r.Calendar, Now: r.Now(), Apps: apps, Applications: res.Applications,
		Requests: res.Requests, Withdrawals: res.Withdrawals}
	return staffpages.Files(reviewBase, page.Document(), header, rows)
}

// proposalFiles are a proposal's page and spreadsheet.
func (r *Runner) proposalFiles(cy *program.Cycle, res *Result, p *pool, prop *proposal.Proposal) ([]report.File, error) {
	return staffpages.Proposal{ID: res.Proposal, Cycle: cy.ID, Rematch: res.Mode == Rematch, Calendar: r.Calendar, Now: r.Now(),
		Notes: res.Notes, Ends: res.Ends, Letters: res.Letters, Mentors: len(p.mentors), Mentees: len(p.mentees), Apps: p.apps,
		Proposal: prop}.Files()
}

// commitFiles are a commit's page and spreadsheet.
func (r *Runner) commitFiles(cy *program.Cycle, res *Result, prop *proposal.Proposal, apps applications) ([]report.File, error) {
	return staffpages.Matches{Proposal: res.Proposal, Cycle: cy.ID, Message: res.Message, Calendar: r.Calendar, Now: r.Now(),
		Pairs: prop.Pairs, Ends: res.Ends, Outcomes: res.Outcomes, Apps: apps}.Files()
}
