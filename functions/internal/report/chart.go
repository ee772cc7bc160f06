package report

import (
	"fmt"
	"html"
	"strings"
)

// Bar is one bar of a chart: its label and its value.
type Bar struct {
	Label string
	Value int
}

// Bars draws a horizontal bar chart as inline SVG: labelled for screen readers (its title and a
// description listing every value), readable without colour, printable.
func Bars(title string, bars []Bar) string {
	const labelW, barW, rowH, valueW = 220, 320, 24, 60
	max := 0
	for _, b := range bars {
		max = maxInt(max, b.Value)
	}
	h := rowH*len(bars) + 8
	id := fmt.Sprintf("chart-%x", hash(title))
	var desc []string
	var b strings.Builder
	fmt.Fprintf(&b, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"%s-t %s-d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		id, id, labelW+barW+valueW, h, labelW+barW+valueW, h)
	for i, bar := range bars {
		desc = append(desc, fmt.Sprintf("%s: %d", bar.Label, bar.Value))
		y := 4 + i*rowH
		w := 0
		if max > 0 {
			w = bar.Value * barW / max
		}
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW-8, y+16, html.EscapeString(bar.Label))
		fmt.Fprintf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#2b5d8a\"/>", labelW, y+3, w, rowH-8)
		fmt.Fprintf(&b, "<text x=\"%d\" y=\"%d\">%d</text>\n", labelW+w+6, y+16, bar.Value)
	}
	fmt.Fprintf(&b, "<title id=\"%s-t\">%s</title><desc id=\"%s-d\">%s</desc>\n</svg>\n<figcaption>%s</figcaption>\n</figure>\n",
		id, html.EscapeString(title), id, html.EscapeString(strings.Join(desc, "; ")), html.EscapeString(title))
	return b.String()
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// hash is a short FNV-1a hash, for element ids.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
