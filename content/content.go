// Package content reads the parts of the site's content that the functions also need: the
// program's seven objectives and the suggested activities, each from its page's front matter, so
// that forms offer exactly what the site shows.
package content

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed objectives/*/_index.md activities/*.md
var pages embed.FS

// Entry is one objective or activity: its key (the page's folder or file name, as the site's
// addresses use it), its title, a short name, and its order on the site.
type Entry struct {
	Key        string
	Title      string   `toml:"title"`
	Short      string   `toml:"short"`
	Weight     int      `toml:"weight"`
	Objectives []string `toml:"objectives"` // activities: the objectives they serve
}

// Objectives lists the program's seven objectives in the site's order.
func Objectives() []Entry { return objectives }

// Activities lists the suggested activities in the site's order.
func Activities() []Entry { return activities }

var (
	objectives = mustRead("objectives/*/_index.md", func(p string) string { return path.Base(path.Dir(p)) })
	activities = mustRead("activities/*.md", func(p string) string { return strings.TrimSuffix(path.Base(p), ".md") })
)

func mustRead(pattern string, key func(string) string) []Entry {
	names, err := fs.Glob(pages, pattern)
	if err != nil {
		panic(err)
	}
	var out []Entry
	for _, name := range names {
		if path.Base(name) == "_index.md" && path.Dir(name) == "activities" {
			continue
		}
		b, err := pages.ReadFile(name)
		if err != nil {
			panic(err)
		}
		e, err := frontMatter(b)
		if err != nil {
			panic(fmt.Sprintf("content: %s: %v", name, err))
		}
		e.Key = key(name)
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight < out[j].Weight })
	return out
}

// frontMatter decodes a page's TOML front matter (between +++ lines).
func frontMatter(b []byte) (Entry, error) {
	const fence = "+++\n"
	rest, ok := bytes.CutPrefix(b, []byte(fence))
	if !ok {
		return Entry{}, fmt.Errorf("no TOML front matter")
	}
	fm, _, ok := bytes.Cut(rest, []byte("\n"+fence))
	if !ok {
		return Entry{}, fmt.Errorf("front matter does not end")
	}
	var e Entry
	if err := toml.Unmarshal(fm, &e); err != nil {
		return Entry{}, err
	}
	if e.Title == "" {
		return Entry{}, fmt.Errorf("no title")
	}
	return e, nil
}
