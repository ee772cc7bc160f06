package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/ala-alsc/mentoring/infra/browser"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
	"github.com/ala-alsc/mentoring/infra/stack"
)

func init() { register("site", benchSite) }

const (
	buildRuns     = 9
	buildBudget   = 500 * time.Millisecond
	pageBudget    = 50_000 // bytes, a page with all its requests, uncompressed
	heaviestShown = 3
)

// benchSite times full Hugo builds of the site (median of buildRuns, beside the budget) and
// weighs every built page in headless Chromium: the uncompressed bodies of every response the
// page load fetched (document, stylesheet, anything else), summed from the browser's network
// events, and the number of requests.
func benchSite() error {
	tmp, err := os.MkdirTemp("", "alsc-bench-site-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(devenv.Root(), "site")
	dest := filepath.Join(tmp, "public")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	times := make([]time.Duration, buildRuns)
	for i := range times {
		start := time.Now()
		if err := sitebuild.Build(ctx, src, dest); err != nil {
			return err
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	fmt.Printf("| measure | value | budget |\n|---|---|---|\n")
	fmt.Printf("| full build (hugo --minify, median of %d; min %s, max %s) | %s | %s |\n",
		buildRuns, ms(times[0]), ms(times[len(times)-1]), ms(times[len(times)/2]), ms(buildBudget))

	pages, err := sitebuild.Pages(dest)
	if err != nil {
		return err
	}
	srv := httptest.NewServer(stack.Site(dest))
	defer srv.Close()
	tab, stop, err := browser.Start(ctx, filepath.Join(tmp, "profile"))
	if err != nil {
		return err
	}
	defer stop()
	type weighed struct {
		page            string
		bytes, requests int
	}
	var all []weighed
	for _, p := range pages {
		load, err := browser.Weigh(tab, srv.URL+p)
		if err != nil {
			return err
		}
		if f := load.Foreign(); len(f) > 0 {
			return fmt.Errorf("%s: requests to other origins: %v", p, f)
		}
		all = append(all, weighed{p, int(load.Bytes()), len(load.Requests)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].bytes > all[j].bytes })
	bytes := make([]int, len(all))
	reqs := make([]int, len(all))
	for i, w := range all {
		bytes[i], reqs[i] = w.bytes, w.requests
	}
	fmt.Printf("| page weight with all requests, max (%d pages) | %s | %s |\n", len(all), kb(slices.Max(bytes)), kb(pageBudget))
	fmt.Printf("| page weight with all requests, median | %s | %s |\n", kb(median(bytes)), kb(pageBudget))
	fmt.Printf("| requests per page, max | %d | |\n", slices.Max(reqs))
	fmt.Printf("| requests per page, median | %d | |\n", median(reqs))
	fmt.Printf("| requests to other origins | 0 | 0 |\n")
	for _, w := range all[:min(heaviestShown, len(all))] {
		fmt.Printf("| heaviest: %s | %s, %d requests | %s |\n", w.page, kb(w.bytes), w.requests, kb(pageBudget))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
