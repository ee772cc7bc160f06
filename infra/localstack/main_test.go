package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/browser"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// running is the local stack started as make run starts it, in its own folder.
type running struct {
	url, dir string
}

// build builds the commands the test runs, as go run builds them, into a temporary folder.
func build(t *testing.T, pkgs ...string) map[string]string {
	t.Helper()
	bin := t.TempDir()
	out := map[string]string{}
	for _, p := range pkgs {
		out[p] = filepath.Join(bin, filepath.Base(p))
		cmd := exec.Command("go", "build", "-o", out[p], p)
		cmd.Dir = devenv.Root()
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", p, err, b)
		}
	}
	return out
}

// start runs the local stack on dir's data with TODAY set to today ("" for none) and waits for
// its one line saying where to open it; the stack is stopped when the test ends.
func start(t *testing.T, bin, dir, today string) running {
	t.Helper()
	port, err := devenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-data", filepath.Join(dir, "dynalite"), "-outbox", filepath.Join(dir, "outbox"))
	cmd.Dir = devenv.Root()
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "TODAY="+today)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var logs strings.Builder
	cmd.Stderr = &logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	lines := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	url := fmt.Sprintf("http://localhost:%d", port)
	select {
	case line, ok := <-lines:
		if want := "ALSC Mentoring Program is running: open " + url; !ok || line != want {
			t.Fatalf("the stack printed %q, want %q; its log:\n%s", line, want, logs.String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("the stack did not say it was running within 90 s; its log:\n%s", logs.String())
	}
	return running{url: url, dir: dir}
}

// plain is a page's text: its tags removed, its spaces collapsed.
func plain(page string) string {
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page, "")), " ")
}

func (s running) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// pairPage opens a personal link as a browser does: the token for a cookie, then the pair's page.
func (s running) pairPage(t *testing.T, link string) string {
	t.Helper()
	res, _ := s.get(t, strings.TrimPrefix(link, s.url))
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
		t.Fatalf("the personal link answered %s with %d cookies", res.Status, len(res.Cookies()))
	}
	c := res.Cookies()[0]
	res, body := s.get(t, local.PairPath, "Cookie", c.Name+"="+c.Value)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the pair's page: %s", res.Status)
	}
	return body
}

// TestTheStackRunsAsOfTODAY starts the local stack as make run does, first without TODAY on a
// fresh demo, then again on the same data with TODAY set to a day of the mid-point tracker, and
// checks each time that the pages (as built and as the script restates them in Chromium), the
// emails (their dates, their files' names, the outbox page), the pair's page and the remind
// command run on the stack's settings all say the same day, and that the demo's calendar stayed
// the one its data was made with.
func TestTheStackRunsAsOfTODAY(t *testing.T) {
	bins := build(t, "./infra/localstack", "./functions/remind")
	dir := t.TempDir()
	cal, err := local.ClockOn(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	realDay := cal.Today()
	var tracker string // the pairs' tracker's first day, read from the demo's kept calendar
	ctx := browser.Tab(t)

	for _, c := range []struct{ name, today string }{{"without TODAY", ""}, {"on a day of the tracker", "tracker"}} {
		t.Run(c.name, func(t *testing.T) {
			today, day := c.today, realDay
			if today == "tracker" {
				d, _ := time.Parse(time.DateOnly, tracker)
				today = d.AddDate(0, 0, 3).Format(time.DateOnly)
				day = today
			}
			s := start(t, bins["./infra/localstack"], dir, today)
			d, _ := time.Parse(time.DateOnly, day)
			inWords := d.Format("January 2, 2006")

			var kept struct {
				TimeZone string `toml:"time_zone"`
				Cycles   []struct {
					ID     string
					Events []struct{ Key, Opens string }
				}
			}
			b, err := os.ReadFile(filepath.Join(dir, "demo-calendar.toml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := toml.Unmarshal(b, &kept); err != nil {
				t.Fatal(err)
			}
			for _, cy := range kept.Cycles {
				for _, e := range cy.Events {
					if cy.ID == local.DemoYear && e.Key == "tracker" {
						if tracker != "" && e.Opens != tracker {
							t.Errorf("the demo's tracker moved from %s to %s", tracker, e.Opens)
						}
						tracker = e.Opens
					}
				}
			}

			zone, err := time.LoadLocation(kept.TimeZone)
			if err != nil {
				t.Fatal(err)
			}

			// The pages, as built and as their script restates them on the stack's day.
			if _, home := s.get(t, "/"); !strings.Contains(plain(home), "(As of "+inWords+".)") {
				t.Errorf("the home page is not as of %s:\n%s", inWords, plain(home))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS(".status .as-of"))); err != nil {
				t.Fatal(err)
			}
			asOf, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".status .as-of").textContent`))
			if err != nil {
				t.Fatal(err)
			}
			if asOf != "(As of "+inWords+".)" {
				t.Errorf("in the browser, the home page says %q, want as of %s", asOf, inWords)
			}

			// A new personal link asked for: its email is dated the stack's day.
			res, err := http.Post(s.url+"/api/links", "application/json", strings.NewReader(`{"email": "theo.park@demo.example.org"}`))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode >= 300 {
				t.Fatalf("asking for a new link: %s", res.Status)
			}
			// The emails: each introduction is dated the day it was sent, named for its reader,
			// and listed on the outbox page.
			mails, err := local.ReadOutboxFiles(filepath.Join(dir, "outbox"))
			if err != nil || len(mails) < 6 {
				t.Fatalf("%d emails in the outbox (%v), want the demo pairs' six introductions", len(mails), err)
			}
			if got := mails[0].Date.In(zone).Format(time.DateOnly); got != realDay {
				t.Errorf("the first introduction is dated %s, want the demo's first day %s", got, realDay)
			}
			last := mails[len(mails)-1]
			if got := last.Date.In(zone).Format(time.DateOnly); got != day || last.To != "theo.park@demo.example.org" {
				t.Errorf("the last email went to %s on %s, want the new link to theo.park@demo.example.org on %s", last.To, got, day)
			}
			_, outbox := s.get(t, stack.OutboxPath)
			for _, m := range mails {
				if strings.Contains(m.Subject+m.Text, local.DemoYear) {
					t.Errorf("the email %q to %s names the year by its id %s, not as pages do", m.Subject, m.To, local.DemoYear)
				}
				if !strings.Contains(m.File, m.To) || !strings.Contains(m.File, strings.Fields(m.Subject)[0]) || !strings.HasSuffix(m.File, ".eml") {
					t.Errorf("the file %q does not name its recipient %s and subject %q", m.File, m.To, m.Subject)
				}
				for _, want := range []string{m.To, html.EscapeString(m.Subject), stack.OutboxPath + url.PathEscape(m.File), m.Date.In(zone).Format("January 2, 2006, 3:04 PM")} {
					if !strings.Contains(outbox, want) {
						t.Errorf("the outbox page does not list %q", want)
					}
				}
			}
			if _, page := s.get(t, stack.OutboxPath+url.PathEscape(last.File)); !strings.Contains(page, "<h1>"+html.EscapeString(last.Subject)+"</h1>") ||
				!strings.Contains(page, `src="`+stack.OutboxPath+url.PathEscape(last.File)+`?html"`) {
				t.Errorf("the page of the email %q does not show it:\n%s", last.File, page)
			}
			if _, part := s.get(t, stack.OutboxPath+url.PathEscape(last.File)+"?html"); part != strings.Replace(last.HTML, "<head>", "<head>\n<base target=\"_top\">", 1) {
				t.Errorf("the frame of the email %q does not hold its HTML part:\n%s", last.File, part)
			}
			// The links point at the port the stack had when they were sent.
			link := regexp.MustCompile(`http://localhost:\d+(` + regexp.QuoteMeta(local.PairPath) + `\?token=[0-9a-f]{64})`)
			var pair string
			for _, m := range mails {
				if l := link.FindStringSubmatch(m.Text); l != nil && strings.HasPrefix(m.To, "casey.morgan@") {
					pair = s.pairPage(t, s.url+l[1])
				}
			}
			wantNow := map[string]string{"": "Matches agree how to communicate and submit their goals", "tracker": "Mid-point tracker"}[c.today]
			if !strings.Contains(pair, "Now: <strong>"+wantNow+"</strong>") {
				t.Errorf("the pair's page does not say the year is at %q:\n%s", wantNow, pair)
			}

			// The remind command, on the settings the stack wrote for the commands, runs as of its day.
			cmd := exec.Command("sh", "-c", `set -a && . "$1" && set +a && exec "$2" -event '{}'`, "sh", filepath.Join(dir, "local.env"), bins["./functions/remind"])
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("remind: %v\n%s", err, out)
			}
			var ran struct{ Day string }
			if err := json.Unmarshal(out, &ran); err != nil || ran.Day != inWords {
				t.Errorf("remind ran as of %q (%v), want %s", ran.Day, err, inWords)
			}
		})
	}
}
