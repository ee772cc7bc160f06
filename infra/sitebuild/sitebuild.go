// Package sitebuild builds the Hugo site as `make site` does, into any folder, for the site's
// tests and benchmarks.
package sitebuild

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// HugoVersion is the pinned Hugo release the Makefile builds; a test keeps the two equal.
const HugoVersion = "v0.165.0"

// Flags are what `make site` passes Hugo besides its folders and --quiet: clean the
// destination, minify, and fail on any warning. A test keeps the Makefile's equal. (--quiet
// would also silence the errors a failed build's caller needs.)
var Flags = []string{"--cleanDestinationDir", "--minify", "--panicOnWarning"}

// Hugo is the Hugo binary: $HUGO (set by the Makefile), else .bin/hugo-v0.165.0 under the
// module's root.
func Hugo() (string, error) {
	bin := os.Getenv("HUGO")
	if bin == "" {
		bin = filepath.Join(devenv.Root(), ".bin", "hugo-"+HugoVersion)
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("no Hugo at %s (run: make site)", bin)
	}
	return bin, nil
}

// Build builds the Hugo project in siteDir (normally the module root's site folder) into dest
// with the Flags `make site` uses, without a build lock (tests build at once), plus extra
// arguments. On failure the error holds Hugo's output.
func Build(ctx context.Context, siteDir, dest string, extra ...string) error {
	bin, err := Hugo()
	if err != nil {
		return err
	}
	args := append([]string{"--source", siteDir, "--destination", dest}, Flags...)
	args = append(append(args, "--noBuildLock"), extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("hugo: %w\n%s", err, out)
	}
	return nil
}

// Pages lists the URL path of every HTML page built into dir, sorted ("/", "/about/",
// "/404.html", …).
func Pages(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		return nil
	})
	sort.Strings(out)
	return out, err
}
