package yearreport

import (
	"context"
	"fmt"

	"github.com/ala-alsc/mentoring/functions/internal/report"
)

// Link is a written file and where staff open it.
type Link struct {
	Name string `json:"name"`
	Link string `json:"link"`
}

// Write builds every report of the cycle and stores each under <cycle>/ in files: the season
// report (season-report.html), the final report draft (final-report-draft.html and .md, to edit)
// and the CSV exports.
func Write(ctx context.Context, files report.Files, d *Data) ([]Link, error) {
	var out []Link
	put := func(name, contentType string, body []byte) error {
		link, err := files.Put(ctx, d.Cycle.ID+"/"+name, contentType, body)
		if err != nil {
			return err
		}
		out = append(out, Link{Name: name, Link: link})
		return nil
	}
	for _, doc := range []struct {
		name string
		doc  *report.Document
	}{{"season-report", Season(d)}, {"final-report-draft", FinalDraft(d)}} {
		page, err := doc.doc.HTML()
		if err != nil {
			return out, err
		}
		if err := put(doc.name+".html", "text/html; charset=utf-8", page); err != nil {
			return out, err
		}
		if doc.name == "final-report-draft" {
			if err := put(doc.name+".md", "text/markdown; charset=utf-8", []byte(doc.doc.Markdown())); err != nil {
				return out, err
			}
		}
	}
	for _, e := range Exports(d) {
		b, err := e.CSV()
		if err != nil {
			return out, fmt.Errorf("yearreport: %s: %w", e.Name, err)
		}
		if err := put(e.Name, "text/csv; charset=utf-8", b); err != nil {
			return out, err
		}
	}
	return out, nil
}
