package yearreport

import (
	"context"
	"fmt"

	"github.com/ala-alsc/mentoring/functions/internal/report"
)

// Write builds every report of the cycle and stores each under <cycle>/ in files: the season
// report (season-report.html), the final report draft (final-report-draft.html and .md, to edit)
// and the CSV exports.
func Write(ctx context.Context, files report.Files, d *Data) ([]report.Link, error) {
	var list []report.File
	for _, doc := range []struct {
		name string
		doc  *report.Document
	}{{"season-report", Season(d)}, {"final-report-draft", FinalDraft(d)}} {
		page, err := doc.doc.HTML()
		if err != nil {
			return nil, err
		}
		list = append(list, report.File{Name: doc.name + ".html", ContentType: report.HTML, Body: page})
		if doc.name == "final-report-draft" {
			list = append(list, report.File{Name: doc.name + ".md", ContentType: "text/markdown; charset=utf-8", Body: []byte(doc.doc.Markdown())})
		}
	}
	for _, e := range Exports(d) {
		b, err := e.CSV()
		if err != nil {
			return nil, fmt.Errorf("yearreport: %s: %w", e.Name, err)
		}
		list = append(list, report.File{Name: e.Name, ContentType: report.CSVType, Body: b})
	}
	return report.Store(ctx, files, d.Cycle.ID, list)
}
