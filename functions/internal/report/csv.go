package report

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// The content types of a page and a CSV file.
const (
	HTML    = "text/html; charset=utf-8"
	CSVType = "text/csv; charset=utf-8"
)

// bom tells Excel the file is UTF-8; LibreOffice and CSV readers that know it skip it.
const bom = "\ufeff"

// CSV writes a table as RFC 4180 CSV (CRLF line ends, quoted where needed) in UTF-8 with a byte
// order mark, each cell neutralised against formula injection (see Neutralise). Line breaks in a
// cell, however they were typed, are written as one: read back, they are "\n".
func CSV(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, r := range append([][]string{header}, rows...) {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = Neutralise(forms.LineBreaks(c))
		}
		if err := w.Write(cells); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// formula is what a spreadsheet may read as the start of a formula.
const formula = "=+-@\t\r"

// Neutralise keeps a spreadsheet from reading a cell as a formula: a cell that begins with =, +,
// -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as text. So
// that Unneutralise can tell the two apart, a cell that already begins with apostrophes before
// such a character gets one more; any other cell is written as it is ("'Tis" stays "'Tis").
func Neutralise(cell string) string {
	if rest := strings.TrimLeft(cell, "'"); rest != "" && strings.ContainsRune(formula, rune(rest[0])) {
		return "'" + cell
	}
	return cell
}

// Unneutralise takes off the apostrophe Neutralise put before a cell, reading a spreadsheet back:
// Unneutralise(Neutralise(c)) is c for every c.
func Unneutralise(cell string) string {
	if rest := strings.TrimLeft(cell, "'"); len(rest) < len(cell) && rest != "" && strings.ContainsRune(formula, rune(rest[0])) {
		return cell[1:]
	}
	return cell
}
