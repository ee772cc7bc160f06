package season

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Decision is one change the review spreadsheet asks for, as it is listed back to staff.
type Decision struct {
	Row    int        `json:"row"` // the spreadsheet's row, the heading being row 1
	Name   string     `json:"name"`
	Role   forms.Role `json:"role"`
	Change string     `json:"change"`
}

// sheetRow is what one row of the review spreadsheet asks for.
type sheetRow struct {
	row       int
	app       *store.Application
	status    store.Status // the new decision, or "" for none
	leaveOut  bool
	pinWith   *store.Application
	corrected forms.Form // nil when no answer changes
}

// decisions reads the review spreadsheet staff filled in (ev.File in r.Files), lists every change
// it asks for by name and, when the event confirms them, stores the decisions and corrections and
// makes a proposal with the rows left out and pinned. A malformed row refuses the whole file.
func (r *Runner) decisions(ctx context.Context, cy *program.Cycle, ev DecisionsRequest) (*Result, error) {
	if ev.File == "" {
		return nil, fmt.Errorf("%w: %s needs the filled-in spreadsheet's name, e.g. %q", ErrInput, Decisions, cy.ID+"/"+ReviewFile)
	}
	if r.Files == nil {
		return nil, fmt.Errorf("%w: no place for staff files is configured", ErrInput)
	}
	body, err := r.Files.Get(ctx, ev.File)
	if errors.Is(err, report.ErrNoFile) {
		return nil, fmt.Errorf("%w: there is no file %q among the staff files; upload the spreadsheet there first, then name it", ErrInput, ev.File)
	}
	if err != nil {
		return nil, err
	}
	life, err := lifecycle.Load(ctx, r.Store, cy, r.Now())
	if err != nil {
		return nil, err
	}
	rows, err := readSheet(body, life)
	if err != nil {
		return nil, fmt.Errorf("%w: nothing was changed: %s asks for what cannot be done. Correct the spreadsheet and hand it back.\n%v",
			ErrInput, ev.File, err)
	}
	res := &Result{Mode: Decisions, Cycle: cy.ID, Decided: &Decided{}}
	kept := 0 // changes stored on the applications, as opposed to those the proposal takes
	var exclude []string
	var pins [][2]string
	for _, row := range rows {
		a := row.app
		add := func(change string) {
			res.Decisions = append(res.Decisions, Decision{Row: row.row, Name: a.Form.Applicant().Name, Role: a.Role, Change: change})
		}
		if row.status != "" {
			add(statusWord(a.Status) + " → " + statusWord(row.status))
			kept++
		}
		if row.corrected != nil {
			for _, c := range forms.Changes(a.Form, row.corrected) {
				add(fmt.Sprintf("%s: %s → %s", c.Label, c.Was, c.Now))
				kept++
			}
		}
		if row.leaveOut {
			exclude = append(exclude, a.ID)
			add("left out of the proposal")
		}
		if w := row.pinWith; w != nil {
			pin := [2]string{w.ID, a.ID}
			if a.Role == forms.RoleMentor {
				pin = [2]string{a.ID, w.ID}
			}
			if !slices.Contains(pins, pin) {
				pins = append(pins, pin)
			}
			add("pinned with " + w.Form.Applicant().Name)
		}
	}
	if !ev.Confirm && len(res.Decisions) == 0 {
		res.Message = "The spreadsheet asks for no change; nothing is stored. Confirming it makes a proposal as things stand."
		return res, nil
	}
	if !ev.Confirm {
		res.Message = fmt.Sprintf("Nothing is stored yet. Check the %s the spreadsheet asks for, then confirm them "+
			"(the same file, with \"confirm\") to store them and make a proposal.", staffpages.Many(len(res.Decisions), "change"))
		return res, nil
	}
	done := 0
	for _, row := range rows {
		a := row.app
		if row.corrected != nil {
			if err := r.Store.CorrectAnswers(ctx, a, row.corrected); errors.Is(err, store.ErrChanged) {
				return nil, fmt.Errorf("%w: %s's application changed while the spreadsheet was read (row %d); %d rows were stored before it; hand the spreadsheet back again",
					ErrInput, a.Form.Applicant().Name, row.row, done)
			} else if err != nil {
				return nil, err
			}
		}
		if row.status != "" {
			if err := life.Decide(ctx, r.Store, a.ID, row.status); err != nil {
				return nil, err
			}
		}
		done++
	}
	r.Log.Info("decisions stored", "cycle", cy.ID, "changes", len(res.Decisions))
	prop, err := r.propose(ctx, cy, ProposeRequest{Mode: Propose, Objective: ev.Objective, Exclude: exclude, Pin: pins})
	if err != nil {
		return nil, fmt.Errorf("%w (the spreadsheet's %s were stored; only the proposal was not made)", err, staffpages.Many(len(res.Decisions), "change"))
	}
	prop.Decided, prop.Mode = res.Decided, Decisions
	stored := "Nothing new to store"
	if kept > 0 {
		stored = "Stored " + staffpages.Many(kept, "change")
	}
	prop.Message = fmt.Sprintf("%s; made proposal %s from the spreadsheet: %s, %s unpaired. Nothing is sent yet: read the "+
		"proposal's page, then commit proposal %s.", stored, prop.Proposal, staffpages.Many(prop.Summary.Pairs, "pair"),
		staffpages.Many(prop.Summary.Unpaired, "mentee"), prop.Proposal)
	return prop, nil
}

// readSheet reads the review spreadsheet back: a heading row of known columns, then a row per
// application (blank rows skipped, any order). Only rows that ask for a change are returned;
// every row that cannot be read is named in the error, one line each.
func readSheet(body []byte, life *lifecycle.Cycle) ([]sheetRow, error) {
	records, err := readRecords(body)
	if err != nil {
		return nil, err
	}
	h, err := readHeading(records[0])
	if err != nil {
		return nil, err
	}
	apps := life.List()
	seen := map[string]int{}
	var out []sheetRow
	var problems []string
	for i, rec := range records[1:] {
		n := i + 2
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		if len(rec) > len(records[0]) {
			problems = append(problems, fmt.Sprintf("row %d has more cells than the heading row", n))
			continue
		}
		a := life.Apps[h.cell(rec, colID)]
		if a == nil {
			problems = append(problems, fmt.Sprintf("row %d (%s): no application with the id %q in this cycle", n,
				cmp.Or(h.answers(rec)["name"], "no name"), h.cell(rec, colID)))
			continue
		}
		if before, twice := seen[a.ID]; twice {
			problems = append(problems, fmt.Sprintf("rows %d and %d are both %s's application", before, n, a.Form.Applicant().Name))
			continue
		}
		seen[a.ID] = n
		row, err := h.row(rec, a, apps)
		if err == nil && row.status != "" {
			err = life.CanDecide(a.ID, row.status)
		}
		asks := row.status != "" || row.leaveOut || row.pinWith != nil || row.corrected != nil
		stores := row.status != "" || row.corrected != nil
		if err == nil && stores && h.has(colVersion) && h.cell(rec, colVersion) != version(a) {
			err = fmt.Errorf("this row is older than %s's application: a decision or correction was stored after this "+
				"spreadsheet was made, and this row would undo it. Make a new review spreadsheet and write your changes there",
				a.Form.Applicant().Name)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("row %d (%s): %v", n, a.Form.Applicant().Name, err))
			continue
		}
		if asks {
			row.row = n
			out = append(out, row)
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

// version is a short fingerprint of an application's answers and decision, written on its row
// of the review spreadsheet: a row handed back with another fingerprint is older than the
// application.
func version(a *store.Application) string {
	sum := sha256.Sum256([]byte(appVersion(a)))
	return hex.EncodeToString(sum[:4])
}

// appVersion is an application's answers and decision as one string: any change to either
// changes it.
func appVersion(a *store.Application) string {
	return forms.Hash(a.Role, a.Form) + ":" + string(a.Status)
}

// readRecords reads a spreadsheet saved as CSV, in UTF-8 (a byte order mark allowed), its cells
// separated by commas or, as where the comma is the decimal sign, by semicolons.
func readRecords(body []byte) ([][]string, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	if !utf8.Valid(body) {
		return nil, errors.New("the file is not in UTF-8; save it again as CSV choosing UTF-8 (Excel: CSV UTF-8; LibreOffice: character set Unicode (UTF-8))")
	}
	rd := csv.NewReader(bytes.NewReader(body))
	rd.Comma = separator(body)
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		return nil, fmt.Errorf("line %d of the file cannot be read as a spreadsheet saved as CSV (%v); open it in the "+
			"spreadsheet program and save it again as CSV", pe.Line, pe.Err)
	case err != nil:
		return nil, err
	case len(records) == 0:
		return nil, errors.New("the file is empty")
	}
	return records, nil
}

// separator is the character between the cells of a CSV file: a comma, or a semicolon where
// the comma is the decimal sign. The heading row tells, since it starts with the id column
// (whose name has neither) and some headings hold commas.
func separator(body []byte) rune {
	first, _, _ := bytes.Cut(body, []byte("\n"))
	first = bytes.TrimLeft(first, "\"")
	if i := bytes.IndexAny(first, ",;"); i >= 0 && first[i] == ';' {
		return ';'
	}
	return ','
}

// heading is the review spreadsheet's heading row: where each column is, and which question each
// answer column holds.
type heading struct {
	col       map[string]int    // heading → column
	questions map[string]string // an answer column's heading → the question's field
}

// readHeading refuses a heading row with an unknown column, a column twice, or no id column.
func readHeading(cells []string) (heading, error) {
	h := heading{col: map[string]int{}, questions: map[string]string{}}
	for _, c := range forms.SheetColumns() {
		h.questions[c.Label] = c.Field
	}
	for i, name := range cells {
		name = strings.TrimSpace(name)
		if _, known := h.questions[name]; !known && !slices.Contains([]string{colID, colRole, colDecision, colLeaveOut, colPinWith, colVersion}, name) {
			return h, fmt.Errorf("row 1: %q is not a column of the review spreadsheet", name)
		}
		if _, twice := h.col[name]; twice {
			return h, fmt.Errorf("row 1: the column %q is there twice", name)
		}
		h.col[name] = i
	}
	if _, ok := h.col[colID]; !ok {
		return h, fmt.Errorf("row 1: the column %q is missing; start from the spreadsheet review wrote", colID)
	}
	return h, nil
}

// has reports whether the spreadsheet has the column.
func (h heading) has(column string) bool { _, ok := h.col[column]; return ok }

// cell is the row's cell in the named column, without the apostrophe put before a cell that
// could be read as a formula; "" when the row has no such cell.
func (h heading) cell(rec []string, column string) string {
	if j, ok := h.col[column]; ok && j < len(rec) {
		return report.Unneutralise(strings.TrimSpace(rec[j]))
	}
	return ""
}

// answers are the row's answer cells by field. A row cut short (some programs leave off
// trailing empty cells) has no answer in the columns it does not reach, so corrects nothing there.
func (h heading) answers(rec []string) map[string]string {
	out := map[string]string{}
	for column, field := range h.questions {
		if j, ok := h.col[column]; ok && j < len(rec) {
			out[field] = h.cell(rec, column)
		}
	}
	return out
}

// row reads what application a's row asks for, refusing a cell it cannot read.
func (h heading) row(rec []string, a *store.Application, apps []*store.Application) (sheetRow, error) {
	row := sheetRow{app: a}
	if role := strings.ToLower(h.cell(rec, colRole)); role != "" && role != string(a.Role) {
		return row, fmt.Errorf("the role cannot be changed (it is %s); ask the applicant to apply in the other role", a.Role)
	}
	switch strings.ToLower(h.cell(rec, colDecision)) {
	case "", decisionWord(a.Status):
	case "accept", "accepted", "yes":
		row.status = store.StatusAccepted
	case "decline", "declined", "no":
		row.status = store.StatusDeclined
	default:
		return row, fmt.Errorf("%s is %q; write accept or decline, or leave it empty", colDecision, h.cell(rec, colDecision))
	}
	if row.status == a.Status {
		row.status = ""
	}
	switch strings.ToLower(h.cell(rec, colLeaveOut)) {
	case "", "no":
	case "yes", "y", "x":
		row.leaveOut = true
	default:
		return row, fmt.Errorf("%s is %q; write yes, or leave it empty", colLeaveOut, h.cell(rec, colLeaveOut))
	}
	var err error
	if w := h.cell(rec, colPinWith); w != "" {
		if row.pinWith, err = partnerNamed(a, w, apps); err != nil {
			return row, err
		}
	}
	corrections, err := forms.SheetCorrections(a.Role, a.Form, h.answers(rec))
	if err != nil {
		return row, err
	}
	if string(corrections) != "{}" {
		if row.corrected, err = correct(a, corrections); err != nil {
			return row, errors.New(strings.TrimPrefix(err.Error(), ErrInput.Error()+": "))
		}
		if len(forms.Changes(a.Form, row.corrected)) == 0 { // the cells say what is stored, in other words
			row.corrected = nil
		}
	}
	return row, nil
}

// partnerNamed finds the application of the other role that a Pin with cell names, by id or by
// name.
func partnerNamed(a *store.Application, cell string, apps []*store.Application) (*store.Application, error) {
	other := forms.RoleMentor
	if a.Role == forms.RoleMentor {
		other = forms.RoleMentee
	}
	var found []*store.Application
	for _, b := range apps {
		if b.Role == other && (b.ID == cell || strings.EqualFold(strings.Join(strings.Fields(b.Form.Applicant().Name), " "),
			strings.Join(strings.Fields(cell), " "))) {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%s is %q, but no %s has that name or id", colPinWith, cell, other)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%s is %q, and %d %ss have that name; write the application id of the one you mean", colPinWith, cell, len(found), other)
}
