package report

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// The content types of a page and a CSV file.
const (
	HTML    = "text/html; charset=utf-8"
	CSVType = "text/csv; charset=utf-8"
)

// bom tells Excel the file is UTF-8; LibreOffice and CSV readers that know it skip it.
const bom = "\ufeff"

// CSV writes a table as RFC 4180 CSV (CRLF line ends, quoted where needed) in UTF-8 with a byte
// order mark, each cell neutralised against formula injection (see Neutralise).
func CSV(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, r := range append([][]string{header}, rows...) {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = Neutralise(c)
		}
		if err := w.Write(cells); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// Neutralise keeps a spreadsheet from reading a cell as a formula: a cell that begins with =, +,
// -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as text.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Unneutralise takes off the apostrophe Neutralise puts before a cell, reading a spreadsheet back.
func Unneutralise(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && Neutralise(cell[1:]) != cell[1:] {
		return cell[1:]
	}
	return cell
}
