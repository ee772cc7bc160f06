package browser

import (
	"context"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// Violations collects what the browser reports, in one tab, as refused by the page's
// Content-Security-Policy (an inline script or style, a foreign request…).
type Violations struct {
	mu   sync.Mutex
	list []string
}

// List returns the violations reported so far, each as the browser words it.
func (v *Violations) List() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.list...)
}

// WatchCSP starts collecting the tab ctx's Content-Security-Policy violations, on every page
// it loads from now on.
func WatchCSP(ctx context.Context) (*Violations, error) {
	v := &Violations{}
	err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*cdplog.EventEntryAdded)
		if !ok || !strings.Contains(e.Entry.Text, "Content Security Policy") {
			return
		}
		v.mu.Lock()
		v.list = append(v.list, e.Entry.URL+": "+e.Entry.Text)
		v.mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	return v, err
}
