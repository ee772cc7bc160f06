package web

import (
	"strings"
	"testing"
)

// TestLongNamesArePrintedSmaller checks the lengths above which a certificate is printed
// smaller, counted in characters, not bytes; the stack's browser test prints both sizes at
// these lengths and at the forms' longest, each on one page.
func TestLongNamesArePrintedSmaller(t *testing.T) {
	accented := strings.Repeat("é", longName) // 60 characters, 120 bytes
	for _, c := range []struct {
		name, partners string
		want           bool
	}{
		{"Casey Morgan", "with mentor Beatriz Ramos", false},
		{strings.Repeat("a", longName), strings.Repeat("b", longPartners), false},
		{accented, "with mentor " + strings.Repeat("ñ", longPartners-len("with mentor ")), false},
		{strings.Repeat("a", longName+1), "", true},
		{"Casey Morgan", strings.Repeat("b", longPartners+1), true},
		{strings.Repeat("a", 200), strings.Repeat("b", 600), true},
	} {
		if got := printedSmaller(c.name, c.partners); got != c.want {
			t.Errorf("a name of %d characters with a partners' line of %d: printed smaller %t, want %t",
				len([]rune(c.name)), len([]rune(c.partners)), got, c.want)
		}
	}
}
