// Package browser drives a real headless Chromium for tests and benchmarks: it starts the
// browser, checks a page with axe-core, weighs everything a page load fetches, and takes
// screenshots at a given width.
package browser

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path is where Debian's chromium package installs the browser.
const Path = "/usr/bin/chromium"

// OptOut is the environment variable that, set to "1", lets the browser tests be skipped where
// no Chromium is installed. Without it a missing browser fails the test: a run that skipped
// them must say so on purpose.
const OptOut = "SKIP_BROWSER_TESTS"

// Tab starts a fresh headless Chromium (its own profile in a temporary folder) and returns the
// context of its first tab; the browser stops when tb ends, and tb fails if any page loaded in
// that tab broke its Content-Security-Policy. Without Chromium, tb fails, or is skipped with a
// loud message when OptOut is set to "1" (never when CI is "true").
func Tab(tb testing.TB) context.Context {
	tb.Helper()
	if _, err := os.Stat(Path); err != nil {
		msg := "no Chromium at " + Path + " (Debian: apt-get install chromium)"
		if os.Getenv(OptOut) == "1" && os.Getenv("CI") != "true" {
			tb.Skip("BROWSER TESTS NOT RUN (" + OptOut + "=1): " + msg)
		}
		tb.Fatal(msg + "; to run the other tests without a browser, set " + OptOut + "=1")
	}
	ctx, stop, err := Start(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatalf("browser: %v", err)
	}
	tb.Cleanup(stop)
	csp, err := WatchCSP(ctx)
	if err != nil {
		tb.Fatalf("browser: %v", err)
	}
	tb.Cleanup(func() {
		for _, v := range csp.List() {
			tb.Errorf("Content-Security-Policy violation: %s", v)
		}
	})
	return ctx
}

// Start launches headless Chromium with a fresh profile in profileDir and returns the context of
// its first tab, and a func that closes the browser and waits for it to exit.
func Start(parent context.Context, profileDir string) (context.Context, func(), error) {
	if _, err := os.Stat(Path); err != nil {
		return nil, nil, errors.New("no Chromium at " + Path + " (Debian: apt-get install chromium)")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(Path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profileDir),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, err
	}
	stop := func() {
		chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
	}
	return ctx, stop, nil
}
