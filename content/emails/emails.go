// Package emails holds the Markdown texts of the emails the program sends, embedded so that every
// function carries them. Hugo does not render them (see _index.md).
package emails

import "embed"

// FS holds every email text, one Markdown file each.
//
//go:embed *.md
var FS embed.FS
