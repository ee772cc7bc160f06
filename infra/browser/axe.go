package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// WCAG is the set of axe-core tags checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
var WCAG = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Violation is one axe-core rule that the page breaks, with the elements that break it.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         []string `json:"target"`
		HTML           string   `json:"html"`
		FailureSummary string   `json:"failureSummary"`
	} `json:"nodes"`
}

// String describes the violation and each offending element on its own line.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s %s\n      %s", strings.Join(n.Target, " "), n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "; "))
	}
	return b.String()
}

// axeSource is axe-core as pinned in infra/package-lock.json, installed in infra/node_modules.
var axeSource = sync.OnceValues(func() (string, error) {
	path := filepath.Join(devenv.Root(), "infra", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core: %w (run: npm ci --prefix infra)", err)
	}
	return string(b), nil
})

// Axe runs axe-core on the page loaded in ctx and returns its WCAG 2.2 A and AA violations.
func Axe(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	tags, _ := json.Marshal(WCAG)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => r.violations)`, tags)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		return nil, fmt.Errorf("axe-core: inject: %w", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe-core: run: %w", err)
	}
	return v, nil
}
