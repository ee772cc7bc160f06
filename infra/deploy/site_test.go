package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSiteUpload runs site.sh on a small built site with testdata/aws standing in for the AWS
// CLI, and checks each upload's headers, the deletion and the invalidation.
func TestSiteUpload(t *testing.T) {
	site := t.TempDir()
	const css = "css/site.min.a571a93ec47c0cef098e8425298e96cf0eb097098c6253befd9f795f31e724bb.css"
	files := []string{"index.html", "about/index.html", "timeline/alsc-mentoring-program.ics", css, "robots.txt"}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Join(site, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	calls := filepath.Join(t.TempDir(), "calls")
	cmd := exec.Command("bash", "site.sh", "alsc-mentoring", "us-east-1", site)
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "AWS_CALLS="+calls)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("site.sh: %v\n%s", err, out)
	}
	b, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	var syncs [][]string
	var invalidated []string
	for _, c := range strings.Split(strings.TrimSuffix(string(b), "--\n"), "--\n") {
		args := strings.Split(strings.TrimSuffix(c, "\n"), "\n")
		switch strings.Join(args[:2], " ") {
		case "s3 sync":
			syncs = append(syncs, args)
		case "cloudfront create-invalidation":
			i := slices.Index(args, "--paths")
			for _, p := range args[i+1:] {
				if strings.HasPrefix(p, "--") {
					break
				}
				invalidated = append(invalidated, p)
			}
		}
	}
	if len(syncs) != 3 {
		t.Fatalf("%d uploads, want 3 (assets, calendar, the rest):\n%s", len(syncs), b)
	}
	value := func(args []string, flag string) string {
		if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
			return args[i+1]
		}
		return ""
	}
	if got := value(syncs[0], "--cache-control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("fingerprinted assets cached %q", got)
	}
	if got := value(syncs[1], "--content-type"); got != "text/calendar; charset=utf-8" {
		t.Errorf("the calendar is sent as %q", got)
	}
	for _, s := range syncs[1:] {
		if got := value(s, "--cache-control"); got != "public, max-age=300" {
			t.Errorf("pages cached %q, want five minutes", got)
		}
	}
	if !slices.Contains(syncs[2], "--delete") || slices.Contains(syncs[0], "--delete") {
		t.Error("only the pages' upload should delete what the build no longer has")
	}
	slices.Sort(invalidated)
	want := []string{"/about/index.html", "/gone.html", "/index.html", "/robots.txt", "/timeline/alsc-mentoring-program.ics"}
	if !slices.Equal(invalidated, want) {
		t.Errorf("invalidated %q, want %q (never the fingerprinted assets)", invalidated, want)
	}
	for _, line := range []string{"uploaded 5 files, deleted 1, to s3://test-bucket", "CloudFront invalidation I2TEST", "the site: https://d111.cloudfront.net"} {
		if !strings.Contains(string(out), line) {
			t.Errorf("the output does not say %q:\n%s", line, out)
		}
	}
}
