package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/ala-alsc/mentoring/functions/internal/report"
)

func TestCSVReadsBackAndNeutralisesFormulas(t *testing.T) {
	rows := [][]string{
		{"=HYPERLINK(\"http://evil.example\",\"click\")", "+1", "-2+3", "@SUM(A1)", "\tx"},
		{"Zoë, \"quoted\"", "line\nbreak", "plain", "", "ok"},
	}
	b, err := report.CSV([]string{"a", "b", "c", "d", "e"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Error("no UTF-8 byte order mark or CRLF line ends")
	}
	got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	for i, c := range got[1] {
		if c != "'"+rows[0][i] {
			t.Errorf("cell %q read back as %q, want it behind an apostrophe", rows[0][i], c)
		}
	}
	for i, c := range got[2] {
		if c != rows[1][i] {
			t.Errorf("cell %q read back as %q", rows[1][i], c)
		}
	}
}

func TestHTMLIsOnePrintablePageWithoutScripts(t *testing.T) {
	d := &report.Document{Title: "Season report 2026-27"}
	d.Printf("## Words\n\n> %s\n", report.Escape(`<script>alert(1)</script> [link](javascript:alert(1)) **bold** | pipe`))
	d.Table([]string{"Name", "Count"}, [][]string{{"<b>x</b> | y", "3"}})
	d.Chart("Applications by week", []report.Bar{{Label: "Week 1 <", Value: 4}, {Label: "Week 2", Value: 0}})
	b, err := d.HTML()
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, bad := range []string{"<script", "href=\"javascript:", "<a ", "<b>x", "onerror", "<strong>"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	for _, want := range []string{"<!doctype html>", `<html lang="en">`, "<title>Season report 2026-27</title>", "@media print",
		"<table>", "<svg", `role="img"`, "Week 1 &lt;: 4; Week 2: 0", "&lt;script&gt;alert(1)&lt;/script&gt;", "**bold**"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if md := d.Markdown(); !strings.HasPrefix(md, "# Season report 2026-27\n") || strings.Contains(md, "<svg") ||
		!strings.Contains(md, "\n| Applications by week | Number |\n| --- | --- |\n| Week 1 < | 4 |\n| Week 2 | 0 |\n") {
		t.Errorf("markdown: %.80q", md)
	}
}

func TestFolderKeepsFilesUnderItself(t *testing.T) {
	dir := t.TempDir()
	link, err := report.Folder{Dir: dir}.Put(context.Background(), "../2026-27/season.html", "text/html", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if link != filepath.Join(dir, "2026-27", "season.html") {
		t.Errorf("link %s", link)
	}
	if b, err := os.ReadFile(link); err != nil || string(b) != "x" {
		t.Errorf("%q %v", b, err)
	}
}

// TestBucketUploadsEncryptedAndLinksToTheConsole runs the S3 client against a local server that
// records the upload; the link is the file's page in the S3 console, which carries no
// credentials and so cannot expire before the file does.
func TestBucketUploadsEncryptedAndLinksToTheConsole(t *testing.T) {
	var mu sync.Mutex
	var put *http.Request
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPut {
			put = r
			body, _ = io.ReadAll(r.Body)
		}
	}))
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")})
	link, err := report.Bucket{Client: client, Name: "staff"}.Put(context.Background(),
		"2026-27/season.html", "text/html; charset=utf-8", []byte("<p>hi</p>"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if put == nil || put.URL.Path != "/staff/2026-27/season.html" || string(body) != "<p>hi</p>" ||
		put.Header.Get("X-Amz-Server-Side-Encryption") != "AES256" || put.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("upload: %+v %q", put, body)
	}
	const want = "https://console.aws.amazon.com/s3/object/staff?bucketType=general&prefix=2026-27%2Fseason.html&region=us-east-1"
	if link != want {
		t.Errorf("link %s, want %s", link, want)
	}
}

func TestFolderGet(t *testing.T) {
	ctx, f := context.Background(), report.Folder{Dir: t.TempDir()}
	if _, err := f.Put(ctx, "2026-27/decisions.csv", report.CSVType, []byte("a,b")); err != nil {
		t.Fatal(err)
	}
	if b, err := f.Get(ctx, "../2026-27/decisions.csv"); err != nil || string(b) != "a,b" {
		t.Fatalf("get: %q %v", b, err)
	}
	if _, err := f.Get(ctx, "2026-27/none.csv"); !errors.Is(err, report.ErrNoFile) {
		t.Fatalf("missing file: %v", err)
	}
}

// TestBucketGet downloads from a local server answering as S3 does, a missing key included.
func TestBucketGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/staff/2026-27/decisions.csv" {
			io.WriteString(w, "id,decision")
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
	}))
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")})
	b := report.Bucket{Client: client, Name: "staff"}
	if got, err := b.Get(context.Background(), "2026-27/decisions.csv"); err != nil || string(got) != "id,decision" {
		t.Fatalf("get: %q %v", got, err)
	}
	if _, err := b.Get(context.Background(), "2026-27/other.csv"); !errors.Is(err, report.ErrNoFile) {
		t.Fatalf("missing key: %v", err)
	}
}

// A cell read back from a spreadsheet is the cell as written.
func TestUnneutraliseUndoesNeutralise(t *testing.T) {
	for _, c := range []string{"=1+1", "+x", "-3", "@a", "\tx", "plain", "'quoted", "'", ""} {
		if got := report.Unneutralise(report.Neutralise(c)); got != c {
			t.Errorf("%q came back as %q", c, got)
		}
	}
}

// Neutralise puts an apostrophe before what a spreadsheet could read as a formula, and only
// there; Unneutralise takes exactly that apostrophe off again.
func TestNeutraliseIsUndoneExactly(t *testing.T) {
	for _, tc := range []struct{ cell, written string }{
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"}, {"+1", "'+1"}, {"-5 drafts", "'-5 drafts"}, {"@here", "'@here"}, {"\tx", "'\tx"},
		{"'=SUM(A1)", "''=SUM(A1)"}, {"''-2", "'''-2"}, // an answer that itself begins with apostrophes
		{"'Tis the season", "'Tis the season"}, {"'", "'"}, {"''", "''"}, {"", ""}, {"plain = text", "plain = text"}, {"Zoë", "Zoë"},
	} {
		if got := report.Neutralise(tc.cell); got != tc.written {
			t.Errorf("Neutralise(%q) = %q, want %q", tc.cell, got, tc.written)
		}
		if got := report.Unneutralise(tc.written); got != tc.cell {
			t.Errorf("Unneutralise(%q) = %q, want %q", tc.written, got, tc.cell)
		}
	}
}

// A line break typed as CRLF or as a lone CR reads back as a line break, not as nothing.
func TestCSVKeepsEveryLineBreak(t *testing.T) {
	b, err := report.CSV([]string{"answer"}, [][]string{{"one\r\ntwo\rthree\nfour"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got[1][0] != "one\ntwo\nthree\nfour" {
		t.Errorf("read back %q", got[1][0])
	}
}

// Escape leaves text as it was typed wherever Markdown would not read markup in it, and escapes
// just enough elsewhere that the rendered text is the typed text, character for character.
func TestEscapeOnlyWhatMarkdownNeeds(t *testing.T) {
	for _, plain := range []string{"51%", "Yes, as a mentor", "=SUM(A1:A9)", "[name] was kind", "Q&A", "#hashtag", "-5 degrees",
		"snake_case_name", `C:\Users\x`, "a < b > c", "(see: the guide); \"quoted\" 'single' @home $5 ^ {x} 3/4 ok? wow!", "Zoë Ní Bhriain"} {
		if got := report.Escape(plain); got != plain {
			t.Errorf("Escape(%q) = %q, want it unchanged", plain, got)
		}
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	for _, s := range append([]string{"*bold* and _it_", "a ` tick", `\*not*`, "[link](http://x)", "![img](x)", "[a][b]", "<b>x</b>",
		"</p>", "<!-- c -->", "&amp; &#38; &#x26;", "# heading", "- item", "+ plus", "1. first", "2026. a year", "1) one", "> quote",
		"---", "===", "a | b", "~~strike~~", "__init__", "[ ] task", "trailing\\"}, "51%", "=SUM(A1:A9)", "Q&A") {
		var out bytes.Buffer
		if err := md.Convert([]byte(report.Escape(s)), &out); err != nil {
			t.Fatal(err)
		}
		inner, ok := strings.CutPrefix(out.String(), "<p>")
		inner, ok2 := strings.CutSuffix(inner, "</p>\n")
		if !ok || !ok2 || html.UnescapeString(inner) != s {
			t.Errorf("%q escaped as %q renders as %q", s, report.Escape(s), out.String())
		}
	}
}
