package content

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:embed resources.md
var resourcesPage string

// Resource is one reading the resources page recommends: its words as plain text and, for
// online ones with a checked address, where it is.
type Resource struct {
	Text string
	URL  string
}

// Resources lists the resources page's readings in its order.
func Resources() []Resource { return resources }

var resources = readResources(resourcesPage)

var (
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	htmlSpan = regexp.MustCompile(`(?s)<span[^>]*>.*?</span>`)
)

// readResources takes the page's list items ("- …" with their continuation lines), each as
// plain text: a link becomes its words and address, emphasis and notes in HTML are dropped.
func readResources(page string) []Resource {
	var items []string
	open := false // the last line belongs to an item
	for _, line := range strings.Split(page, "\n") {
		switch {
		case strings.HasPrefix(line, "- "):
			items, open = append(items, strings.TrimPrefix(line, "- ")), true
		case open && strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "":
			items[len(items)-1] += " " + strings.TrimSpace(line)
		default:
			open = false
		}
	}
	out := make([]Resource, 0, len(items))
	for _, it := range items {
		var r Resource
		if m := mdLink.FindStringSubmatch(it); m != nil {
			r.URL = m[2]
			it = strings.Replace(it, m[0], m[1], 1)
		}
		it = htmlSpan.ReplaceAllString(it, "")
		it = strings.ReplaceAll(it, "*", "")
		r.Text = strings.Join(strings.Fields(it), " ")
		out = append(out, r)
	}
	return out
}
