package e2e

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ala-alsc/mentoring/infra/browser"
)

// MaxPageBytes is the budget for a page with everything it loads, uncompressed.
const MaxPageBytes = 50_000

func timeout(t *testing.T, ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestAccessibility(t *testing.T) {
	ctx := browser.Tab(t)
	for _, p := range pages(t) {
		t.Run(p, func(t *testing.T) {
			ctx := timeout(t, ctx)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(siteURL+p)); err != nil {
				t.Fatal(err)
			}
			vs, err := browser.Axe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("axe: %s", v)
			}
		})
	}
}

// The phone menu works with the keyboard alone: Tab reaches the skip link, the site name, then
// the menu toggle;
// Space opens the menu; Tab then walks its links, each visible and visibly focused.
func TestMenuKeyboardOnPhone(t *testing.T) {
	ctx := timeout(t, browser.Tab(t))
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(siteURL+"/about/"),
	)
	if err != nil {
		t.Fatal(err)
	}
	focused := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
			const shown = r.width > 0 && r.height > 0 && r.right <= innerWidth + 1;
			const label = e.id ? document.querySelector('label[for="' + e.id + '"]') : null;
			const ring = getComputedStyle(label || e);
			const visibleFocus = ring.outlineStyle !== "none" || s.backgroundColor === "rgb(255, 221, 0)";
			return (e.id ? "#" + e.id : e.tagName.toLowerCase() + " " + e.textContent.trim()) +
				(shown || label ? "" : " (not visible)") + (visibleFocus ? "" : " (no focus indicator)");
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	menuShown := func() bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById("site-menu")).display !== "none"`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	press := func(key string, opts ...chromedp.KeyOption) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key, opts...)); err != nil {
			t.Fatal(err)
		}
	}
	shift := chromedp.KeyModifiers(chromedp.ModifierShift)

	if menuShown() {
		t.Fatal("menu is open before it is asked for")
	}
	press(kb.Tab)
	if got := focused(); got != "a Skip to main content" {
		t.Fatalf("first Tab focuses %q, want the skip link", got)
	}
	press(kb.Tab)
	if got := focused(); got != "a ALSC Mentoring Program" {
		t.Fatalf("second Tab focuses %q, want the site name (the home link)", got)
	}
	press(kb.Tab)
	if got := focused(); got != "#menu-toggle" {
		t.Fatalf("third Tab focuses %q, want the menu toggle", got)
	}
	press(" ")
	if !menuShown() {
		t.Fatal("Space on the toggle does not open the menu")
	}
	want := []string{"Home", "About", "How it works", "Timeline", "Activities", "Resources", "Apply", "Matched pairs"}
	for _, name := range want {
		press(kb.Tab)
		if got := focused(); got != "a "+name {
			t.Fatalf("Tab focuses %q, want the menu link %q", got, name)
		}
	}
	for range want { // back through the links to the toggle, to close the menu
		press(kb.Tab, shift)
	}
	if got := focused(); got != "#menu-toggle" {
		t.Fatalf("Shift+Tab back from the first link focuses %q, want the toggle", got)
	}
	press(" ")
	if menuShown() {
		t.Error("Space on the toggle does not close the menu")
	}
}

// On a wide screen the menu is simply there: no toggle to pass.
func TestMenuOnDesktop(t *testing.T) {
	ctx := timeout(t, browser.Tab(t))
	err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(siteURL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
		getComputedStyle(document.getElementById("site-menu")).display,
		getComputedStyle(document.querySelector(".menu-button")).display]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] == "none" || got[1] != "none" {
		t.Errorf("at 1280 px: menu display %q, toggle display %q; want the menu shown and no toggle", got[0], got[1])
	}
}

func TestPageWeight(t *testing.T) {
	ctx := browser.Tab(t)
	for _, p := range pages(t) {
		t.Run(p, func(t *testing.T) {
			load, err := browser.Weigh(timeout(t, ctx), siteURL+p)
			if err != nil {
				t.Fatal(err)
			}
			if n := load.Bytes(); n > MaxPageBytes {
				t.Errorf("%d bytes with %d requests, budget %d", n, len(load.Requests), MaxPageBytes)
			}
			if f := load.Foreign(); len(f) > 0 {
				t.Errorf("requests to other origins: %v", f)
			}
			for _, r := range load.Requests {
				if r.Failed != "" || r.Status != 200 {
					t.Errorf("%s: status %d %s", r.URL, r.Status, r.Failed)
				}
			}
		})
	}
}

// Screenshots of a few pages on a phone, a desktop and paper, for people to look at: each is a
// picture of the whole page exactly as wide as the window (nothing runs off the side), with
// more than a handful of colours (the page drew). They are written to the test's artefact
// folder (make test keeps them in test-results/).
func TestScreenshots(t *testing.T) {
	ctx := browser.Tab(t)
	dir := t.ArtifactDir()
	shots := []struct {
		page  string
		width int64
		media string
	}{
		{"/", 360, "screen"}, {"/", 1280, "screen"}, {"/", 1280, "print"},
		{"/timeline/", 360, "screen"}, {"/timeline/", 1280, "screen"},
		{"/activities/", 360, "screen"}, {"/activities/", 1280, "screen"},
		{"/objectives/competencies/", 360, "screen"},
		{"/how-it-works/", 1280, "screen"}, {"/how-it-works/", 1280, "print"},
		{"/resources/", 360, "screen"},
		{"/apply/mentor/", 360, "screen"},
		{"/no-such-page/", 360, "screen"},
	}
	for _, s := range shots {
		name := strings.Trim(strings.ReplaceAll(s.page, "/", "-"), "-")
		if name == "" {
			name = "home"
		}
		name = fmt.Sprintf("%s-%d-%s.png", name, s.width, s.media)
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			if err := browser.Screenshot(timeout(t, ctx), siteURL+s.page, s.width, s.media, file); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("the screenshot is not a PNG: %v", err)
			}
			b := img.Bounds()
			if b.Dx() != int(s.width) || b.Dy() < 400 {
				t.Errorf("the page is %d×%d px in a window %d px wide; want exactly its width (nothing wider) and a page's height", b.Dx(), b.Dy(), s.width)
			}
			colours := map[[4]uint32]bool{}
			for y := b.Min.Y; y < b.Max.Y && len(colours) <= 16; y += 7 {
				for x := b.Min.X; x < b.Max.X && len(colours) <= 16; x += 3 {
					r, g, bl, a := img.At(x, y).RGBA()
					colours[[4]uint32{r, g, bl, a}] = true
				}
			}
			if len(colours) <= 16 {
				t.Errorf("the screenshot has %d colours: the page drew next to nothing", len(colours))
			}
		})
	}
	t.Logf("screenshots in %s", dir)
}

// A form's submit button speaks at the size of the text around it, on every page with a form.
func TestSubmitButtonsTakeTheBodyFontSize(t *testing.T) {
	ctx := browser.Tab(t)
	for _, p := range []string{"/apply/mentor/", "/apply/mentee/", "/participants/"} {
		t.Run(p, func(t *testing.T) {
			ctx := timeout(t, ctx)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(siteURL+p)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
				getComputedStyle(document.body).fontSize,
				getComputedStyle(document.querySelector("form.program-form button[type=submit]")).fontSize]`))
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != "17px" || got[1] != got[0] {
				t.Errorf("body text %s, submit button %s; want both 17px", got[0], got[1])
			}
		})
	}
}
