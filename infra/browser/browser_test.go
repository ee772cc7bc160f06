package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/browser"
)

const css = "body { color: #111; }\n"

func page(body string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>` +
		`<link rel="icon" href="data:,"><link rel="stylesheet" href="/a.css"></head>` +
		`<body><main><h1>Test</h1>` + body + `</main></body></html>`
}

func serve(t *testing.T, pages map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a.css" {
			w.Header().Set("Content-Type", "text/css")
			w.Write([]byte(css))
			return
		}
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(p))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAxe(t *testing.T) {
	ctx := browser.Tab(t)
	srv := serve(t, map[string]string{
		"/clean":   page(`<p>Hello.</p>`),
		"/no-alt":  page(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`),
		"/no-name": page(`<a href="/x"></a>`),
	})
	tests := []struct {
		name, path string
		want       []string // rule ids
	}{
		{"clean page has no violations", "/clean", nil},
		{"image without alt text", "/no-alt", []string{"image-alt"}},
		{"link without a name", "/no-name", []string{"link-name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+tt.path)); err != nil {
				t.Fatal(err)
			}
			vs, err := browser.Axe(tctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, v.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("violations = %v, want %v\n%v", got, tt.want, vs)
			}
		})
	}
}

func TestWeigh(t *testing.T) {
	ctx := browser.Tab(t)
	html := page(`<p>Weighed.</p>`)
	srv := serve(t, map[string]string{"/": html})
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	load, err := browser.Weigh(tctx, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range load.Requests {
		got = append(got, strings.TrimPrefix(r.URL, srv.URL))
	}
	if !slices.Equal(got, []string{"/", "/a.css"}) {
		t.Fatalf("requests = %v, want the page and its stylesheet (the data: icon is not a request)", got)
	}
	if want := int64(len(html) + len(css)); load.Bytes() != want {
		t.Errorf("bytes = %d, want %d (page %d + stylesheet %d)", load.Bytes(), want, len(html), len(css))
	}
	if f := load.Foreign(); len(f) != 0 {
		t.Errorf("foreign requests = %v, want none", f)
	}
}

func TestWeighReportsOtherOrigins(t *testing.T) {
	ctx := browser.Tab(t)
	other := serve(t, nil)
	// 127.0.0.1 and localhost are different origins for the browser, though the same server.
	foreign := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + "/a.css"
	srv := serve(t, map[string]string{"/": page(`<link rel="stylesheet" href="` + foreign + `">`)})
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	load, err := browser.Weigh(tctx, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if got := load.Foreign(); !slices.Equal(got, []string{foreign}) {
		t.Errorf("foreign requests = %v, want [%s]", got, foreign)
	}
}
