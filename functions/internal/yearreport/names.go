package yearreport

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// particles are the short words names are built with ("Ní Bhriain", "Mc Carthy", "O'Brien",
// "de la Cruz", "van der Berg"), folded. In a text they are a name's only next to its other words,
// or typed exactly as in the name.
var particles = map[string]bool{}

// common are two-letter English words that are some people's names too ("An"): in a text they
// are a name's only typed exactly as in the name.
var common = map[string]bool{}

func init() {
	for _, p := range strings.Fields("ni nic mac mc o ua de di da do dos das du del della der den van von ten ter le la st bin ibn al el ap y") {
		particles[p] = true
	}
	for _, w := range strings.Fields("am an as at be by go he if in is it me my no of on or so to up us we") {
		common[w] = true
	}
}

// letters that do not decompose into a base letter and an accent, folded by hand.
var letters = strings.NewReplacer("ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ß", "ss", "æ", "ae", "œ", "oe", "ı", "i")

// fold is a word as names are compared: without case or accents ("Zoë" and "zoe" are one).
func fold(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return letters.Replace(b.String())
}

// token is a word of a text: where it starts and ends.
type token struct{ start, end int }

// words are the runs of letters (with their accents) in s.
func words(s string) []token {
	var out []token
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, token{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, token{start, len(s)})
	}
	return out
}

// nameScrubber replaces the cycle's applicants' names in a text with "[name]". Every word of two
// letters or more of a name is found without regard to case or accents; a run of them, with the
// particles and initials before and between them ("Ní", "Mc", "O'", "J."), becomes one "[name]";
// a particle, or a name that is also a short English word, is a name alone only typed exactly as
// in the name ("Lê", not "le"; "An", not "an").
func (d *Data) nameScrubber() func(string) string {
	names, exact := map[string]bool{}, map[string]bool{}
	for _, a := range d.byID {
		name := a.Form.Applicant().Name
		var prev string
		for _, t := range words(name) {
			w := name[t.start:t.end]
			f := fold(w)
			switch {
			case particles[f] || common[f]:
				exact[w] = true
			case len([]rune(f)) > 1:
				names[f] = true
			}
			if particles[prev] {
				names[prev+f] = true // "Mc Carthy" written "McCarthy"
			}
			prev = f
		}
	}
	return func(s string) string {
		var b strings.Builder
		ts := words(s)
		at := 0
		for i := 0; i < len(ts); {
			// The run from i of joined words (names, particles, initials) up to its last name word.
			last := -1
		run:
			for j := i; j < len(ts); j++ {
				if j > i && !joins(s[ts[j-1].end:ts[j].start]) {
					break
				}
				w := s[ts[j].start:ts[j].end]
				f := fold(w)
				switch {
				case names[f] || exact[w]:
					last = j
				case particles[f] && j+1 < len(ts) && joins(s[ts[j].end:ts[j+1].start]) && names[f+fold(s[ts[j+1].start:ts[j+1].end])]:
					last, j = j+1, j+1 // "Mc Carthy" for "McCarthy"
				case !particles[f] && !initial(w):
					break run
				}
			}
			if last < 0 {
				i++
				continue
			}
			b.WriteString(s[at:ts[i].start])
			b.WriteString("[name]")
			at = ts[last].end
			i = last + 1
		}
		b.WriteString(s[at:])
		return b.String()
	}
}

// initial reports whether w is one capital letter, as an initial is written.
func initial(w string) bool {
	r := []rune(w)
	return len(r) == 1 && unicode.IsUpper(r[0])
}

// joins reports whether the text between two words keeps them one name: a space, a hyphen, an
// apostrophe or an initial's full stop.
func joins(between string) bool {
	for _, r := range between {
		if !strings.ContainsRune(" -'’.\u00a0", r) {
			return false
		}
	}
	return between != ""
}
