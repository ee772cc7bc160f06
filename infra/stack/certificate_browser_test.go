package stack_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/browser"
)

// sendAs sends a participant form as a plain form with the session that opening link gives,
// as a browser with scripts off would.
func (s *pairsStack) sendAs(t *testing.T, link, action string, answers url.Values) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session *http.Cookie
	for _, c := range res.Cookies() {
		session = c
	}
	if session == nil {
		t.Fatalf("opening the link gave no session: %s", res.Status)
	}
	req, _ := http.NewRequest(http.MethodPost, s.url+action, strings.NewReader(answers.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.url)
	req.AddCookie(&http.Cookie{Name: session.Name, Value: session.Value})
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: %s", action, res.Status)
	}
}

// pdfPages counts the pages of a PDF Chromium printed (its page objects) and gives the first
// page's size in millimetres, from its MediaBox.
func pdfPages(t *testing.T, pdf []byte) (int, string) {
	t.Helper()
	n := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
	count := regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`).FindSubmatch(pdf)
	if count == nil {
		t.Fatal("the PDF has no page tree with a count")
	}
	if c, _ := strconv.Atoi(string(bytes.TrimSpace(append(count[1], count[2]...)))); c != n {
		t.Errorf("the PDF's page tree counts %d pages, its page objects %d", c, n)
	}
	size := ""
	if box := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`).FindSubmatch(pdf); box != nil {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		size = fmt.Sprintf("%.1f × %.1f mm", w/72*25.4, h/72*25.4)
	}
	return n, size
}

// printsOnOnePage prints the tab's page to PDF on A4 and on US Letter, keeps each PDF in dir
// (its name after prefix), and checks each is exactly one page.
func printsOnOnePage(t *testing.T, ctx context.Context, dir, prefix string) {
	t.Helper()
	for _, paper := range []struct {
		name string
		size chromedp.PaperSize
	}{{"A4", chromedp.PaperSize{Width: 210 / 25.4, Height: 297 / 25.4}}, {"Letter", chromedp.PaperLetter}} {
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper.size), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "certificate-"+prefix+paper.name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		pages, size := pdfPages(t, pdf)
		if pages != 1 {
			t.Errorf("the certificate (%s) prints on %d pages of %s (%s), want exactly 1", strings.TrimSuffix(cmp.Or(prefix, "as sent-"), "-"), pages, paper.name, size)
		} else {
			t.Logf("the certificate (%s) prints on 1 page of %s (%s), %d bytes", strings.TrimSuffix(cmp.Or(prefix, "as sent-"), "-"), paper.name, size, len(pdf))
		}
	}
}

// TestTheCertificateOfCompletionPrintsOnOnePage follows a demo pair through its year (goals,
// tracker, both surveys agreeing to the names), then, after the survey has closed, opens the
// mentee's certificate from her page: axe-core finds nothing on screen at 390 and 1280 px, and
// the browser's print to PDF gives exactly one page on A4 and on US Letter.
func TestTheCertificateOfCompletionPrintsOnOnePage(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	s := newPairsStack(t)
	casey, beatriz := s.links["casey.morgan@demo.example.org"], s.links["beatriz.ramos@demo.example.org"]
	if casey == "" || beatriz == "" {
		t.Fatalf("no demo links for Casey Morgan and Beatriz Ramos: %v", s.links)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 844), chromedp.Navigate(casey), chromedp.WaitVisible(chromedp.CSS("article.pair h1")),
		chromedp.Navigate(s.url+local.PairPath+"/goals"), chromedp.WaitVisible(chromedp.CSS("#form-goals")), fillForm("goals")); err != nil {
		t.Fatal(err)
	}
	s.moveTo(t, "tracker")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath+"/tracker"), chromedp.WaitVisible(chromedp.CSS("#form-tracker")), fillForm("tracker")); err != nil {
		t.Fatal(err)
	}
	s.moveTo(t, "survey")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath+"/survey"), chromedp.WaitVisible(chromedp.CSS("#form-survey")),
		chromedp.Click(chromedp.CSS(`#form-survey input[name="partner_on_certificate"][value="yes"]`)), fillForm("survey")); err != nil {
		t.Fatal(err)
	}
	s.sendAs(t, beatriz, "/api/surveys", url.Values{"worked": {"The calls."}, "not_worked": {"Time zones."}, "rating_overall": {"5"},
		"rating_match": {"5"}, "rating_support": {"4"}, "again": {"mentor"}, "partner_on_certificate": {"yes"}})

	s.moveAfter(t, "survey")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath), chromedp.WaitVisible(chromedp.CSS("article.pair h1")),
		chromedp.Click(chromedp.CSS(`a[href="`+local.PairPath+`/certificate"]`)), chromedp.WaitVisible(chromedp.CSS(".certificate h1"))); err != nil {
		t.Fatal(err)
	}
	text := evaluate[string](t, ctx, `document.querySelector(".certificate").innerText`)
	for _, want := range []string{"Certificate of completion", "Casey Morgan", "as a mentee", "with mentor Beatriz Ramos"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, text)
		}
	}
	dir := t.ArtifactDir()
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		noAxeViolations(t, ctx, fmt.Sprintf("the certificate at %d px", width))
		if w := evaluate[float64](t, ctx, `document.documentElement.scrollWidth`); w > float64(width) {
			t.Errorf("the certificate is %.0f px wide in a %d px window", w, width)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("certificate-%d.png", width)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	printsOnOnePage(t, ctx, dir, "")
	// Names as long as the page prints at its full size (web's longName and longPartners), and
	// the longest the forms take (200 characters) with a mentor's three mentees, as words and as
	// one unbroken string, which the page prints smaller (certificate-long): put in place of the
	// pair's, each still fits one page, nothing cut off or wider than the window.
	words := func(n int) string {
		return strings.TrimSpace(strings.Repeat("Maximiliana Oyelaran-Castellanos ", 1+n/33))[:n]
	}
	unbroken := strings.Repeat("W", 200)
	for _, long := range []struct {
		name, person, partners string
		smaller                bool
	}{
		{"longest-at-full-size", words(60), "with mentees " + words(62) + " and " + words(60), false},
		{"longest-words", words(200), "with mentees " + words(200) + ", " + words(200) + " and " + words(200), true},
		{"longest-unbroken", unbroken, "with mentor " + unbroken, true},
	} {
		evaluate[bool](t, ctx, fmt.Sprintf(`document.querySelector(".certificate-name").textContent = %q;
			document.querySelector(".certificate-partner").textContent = %q;
			document.querySelector(".certificate").classList.toggle("certificate-long", %t)`, long.person, long.partners, long.smaller))
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844)); err != nil {
				t.Fatal(err)
			}
			if w := evaluate[float64](t, ctx, `document.documentElement.scrollWidth`); w > float64(width) {
				t.Errorf("with %s names the certificate is %.0f px wide in a %d px window", long.name, w, width)
			}
		}
		printsOnOnePage(t, ctx, dir, long.name+"-")
	}
	// What the paper shows: the print media type, as a picture beside the PDFs.
	if err := browser.Screenshot(ctx, s.url+local.PairPath+"/certificate", 794, "print", filepath.Join(dir, "certificate-print.png")); err != nil {
		t.Fatal(err)
	}
}
