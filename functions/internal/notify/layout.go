package notify

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"sync"

	"github.com/ala-alsc/mentoring/functions/internal/program"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
)

// The site's colours (site/assets/css/10-base.css), each with at least 4.5:1 contrast where it
// is used: ink and links on paper or tint, white on brand.
const (
	colourInk   = "#1b1b1b"
	colourMuted = "#4a4a4a"
	colourPaper = "#ffffff"
	colourTint  = "#f3f6f8"
	colourBrand = "#0b3d5c"
	colourLink  = "#0a5a8c"
	colourLine  = "#c9d3da"
)

// fonts are the site's.
const fonts = `system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif`

// styles gives each element goldmark writes the style it carries inline, since many mail
// programs drop a document's style sheet.
func styles(p, link string) *strings.Replacer {
	return strings.NewReplacer(
		"<p>", `<p style="`+p+`">`,
		"<h2>", `<h2 style="margin:28px 0 8px;font-size:21px;line-height:1.3;color:`+colourBrand+`">`,
		"<h3>", `<h3 style="margin:22px 0 8px;font-size:18px;line-height:1.3;color:`+colourBrand+`">`,
		"<ul>", `<ul style="margin:0 0 16px;padding-left:24px">`,
		"<ol>", `<ol style="margin:0 0 16px;padding-left:28px">`,
		"<ol ", `<ol style="margin:0 0 16px;padding-left:28px" `,
		"<li>", `<li style="margin:0 0 6px">`,
		"<a href=", `<a style="`+link+`" href=`,
		"<code>", `<code style="font-family:Menlo,Consolas,monospace;font-size:15px;background:`+colourTint+`;padding:1px 4px">`,
		"<blockquote>", `<blockquote style="margin:0 0 16px;padding-left:12px;border-left:3px solid `+colourLine+`">`,
		"<hr>", `<hr style="border:0;border-top:1px solid `+colourLine+`;margin:24px 0">`,
	)
}

var (
	linkStyle   = "color:" + colourLink + ";text-decoration:underline"
	bodyStyle   = styles("margin:0 0 16px", linkStyle)
	footerStyle = styles("margin:0 0 8px", linkStyle)
	paragraph   = bodyStyle.Replace("<p>")
	headerStyle = strings.NewReplacer("<p>", `<p style="margin:0;font-size:15px;line-height:1.4;color:`+colourPaper+`">`,
		"<strong>", `<strong style="font-size:20px">`)
)

// chrome is what every email has around its text: the header (content/emails/header.md) and the
// footer (footer.md), which names ALSC's site and the office's address (package program's
// Office).
type chrome struct {
	header, footer string // HTML
	plain          string // the footer as plain text, under a rule
}

// The names of the header's and the footer's texts.
const headerName, footerName = "header", "footer"

// frame reads the header and the footer once.
var frame = sync.OnceValues(func() (*chrome, error) {
	office := program.TheOffice
	values := map[string]string{"ALSCURL": office.ALSCURL, "OfficeEmail": office.Email,
		"OfficeNote": strings.TrimPrefix(office.Contact(), office.Email)}
	c := &chrome{}
	for _, side := range []struct {
		name  string
		style *strings.Replacer
		html  *string
	}{{headerName, headerStyle, &c.header}, {footerName, footerStyle, &c.footer}} {
		_, body, err := read(side.name)
		if err != nil {
			return nil, err
		}
		// Their values are the office's own, known now, so they are written into the Markdown,
		// escaped, before it is rendered.
		var missing string
		body = placeholder.ReplaceAllStringFunc(body, func(p string) string {
			key := placeholder.FindStringSubmatch(p)[1]
			v, ok := values[key]
			if !ok {
				missing = key
			}
			return markdown.Escape(v)
		})
		if missing != "" || strings.Contains(body, "{{") {
			return nil, fmt.Errorf("notify: %s.md: no value for %q; it may use %v only", side.name, missing, values)
		}
		var out bytes.Buffer
		if err := md.Convert([]byte(body), &out); err != nil {
			return nil, fmt.Errorf("notify: %s.md: %w", side.name, err)
		}
		*side.html = side.style.Replace(strings.TrimSpace(out.String()))
		if side.name == footerName {
			c.plain = "----\n\n" + plainText(md, []byte(body))
		}
	}
	return c, nil
})

// document is an email's whole HTML part: one column, the header, the body and the footer.
func (c *chrome) document(subject, body string) string {
	title := html.EscapeString(subject)
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>` + title + `</title>
<style>
body{margin:0;padding:0;background:` + colourTint + `}
a{color:` + colourLink + `}
@media (max-width:480px){.pad{padding-left:16px!important;padding-right:16px!important}}
</style>
</head>
<body style="margin:0;padding:0;background:` + colourTint + `">
<div role="article" aria-label="` + title + `" style="max-width:640px;margin:0 auto;background:` + colourPaper + `;color:` + colourInk +
		`;font-family:` + fonts + `;font-size:17px;line-height:1.6;overflow-wrap:break-word">
<div class="pad" style="background:` + colourBrand + `;color:` + colourPaper + `;padding:16px 24px">
` + c.header + `
</div>
<div class="pad" style="padding:24px 24px 8px">
` + strings.TrimSpace(body) + `
</div>
<div class="pad" style="border-top:1px solid ` + colourLine + `;background:` + colourTint + `;color:` + colourMuted + `;font-size:15px;line-height:1.5;padding:16px 24px 8px">
` + c.footer + `
</div>
</div>
</body>
</html>
`
}
