package forms

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// An application as a spreadsheet row: one column per question, each cell the plain text a
// person reads (an option by its label, a list's answers joined by "; "). Staff correct an answer
// by typing over its cell; SheetCorrections reads the row back.

// listSeparator joins a list's answers in a cell; no option label contains it.
const listSeparator = "; "

// SheetColumn is one question's column: the field's name and its label, the column's heading.
type SheetColumn struct {
	Field string
	Label string
}

// SheetColumns lists the questions of both application forms, each form's own order kept (a
// question only one form asks comes after the one it follows there). The consent box is left out:
// every stored application has it ticked.
func SheetColumns() []SheetColumn {
	var names []string
	for _, role := range Roles {
		prev := -1
		for _, f := range sheetFields(role) {
			if i := slices.Index(names, f.name); i >= 0 {
				prev = i
				continue
			}
			prev++
			names = slices.Insert(names, prev, f.name)
		}
	}
	out := make([]SheetColumn, len(names))
	for i, n := range names {
		out[i] = SheetColumn{Field: n, Label: labelOf(n)}
	}
	return out
}

// sheetFields are the fields of role's form that have a column.
func sheetFields(role Role) []field {
	var out []field
	for _, f := range fieldsOf(reflect.TypeOf(New(role))) {
		if f.typ.Kind() != reflect.Bool {
			out = append(out, f)
		}
	}
	return out
}

// labelOf is a field's label in whichever application form asks it.
func labelOf(name string) string {
	for _, role := range Roles {
		for _, f := range sheetFields(role) {
			if f.name == name {
				return f.label
			}
		}
	}
	return name
}

// SheetRow is an application's cells, by field name.
func SheetRow(role Role, f Form) map[string]string {
	values := Values(f)
	out := map[string]string{}
	for _, fl := range sheetFields(role) {
		out[fl.name] = LineBreaks(fl.plain(values[fl.name]))
	}
	return out
}

// SheetCorrections reads an application's row back (cells by field name) and returns the
// answers that differ from the stored ones, as Correct takes them (a line break counts the same
// however it was typed, CRLF, LF or CR). A cell of a question role's
// form does not ask must be empty; an option is found by its label or its value, in any case.
// The corrections are not validated here: Correct does that.
func SheetCorrections(role Role, stored Form, cells map[string]string) (json.RawMessage, error) {
	now := SheetRow(role, stored)
	edits := map[string]any{}
	for name, cell := range cells {
		cell = LineBreaks(strings.TrimSpace(cell))
		was, asked := now[name]
		if !asked {
			if cell != "" {
				return nil, fmt.Errorf("%s: the %s form does not ask this; leave the cell empty", labelOf(name), role)
			}
			continue
		}
		if cell == strings.TrimSpace(was) {
			continue
		}
		fl := fieldNamed(role, name)
		v, err := fl.parseCell(cell)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fl.label, err)
		}
		edits[name] = v
	}
	return json.Marshal(edits)
}

func fieldNamed(role Role, name string) field {
	for _, f := range sheetFields(role) {
		if f.name == name {
			return f
		}
	}
	panic("forms: no field " + name)
}

// parseCell is a cell's text as the field's JSON answer.
func (f field) parseCell(cell string) (any, error) {
	switch f.typ.Kind() {
	case reflect.Int, reflect.Pointer:
		if cell == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(cell)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", cell)
		}
		return n, nil
	case reflect.Slice:
		out := []string{}
		for _, part := range strings.Split(cell, strings.TrimSpace(listSeparator)) {
			if part = strings.TrimSpace(part); part != "" {
				v, err := f.option(part)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
		}
		return out, nil
	}
	if f.options == "" || cell == "" {
		return cell, nil
	}
	return f.option(cell)
}

// option is the value of the option a cell names by its label or value.
func (f field) option(cell string) (string, error) {
	list := Lists[f.options]
	for _, o := range list {
		if strings.EqualFold(cell, o.Label) || strings.EqualFold(cell, o.Value) {
			return o.Value, nil
		}
	}
	labels := make([]string, len(list))
	for i, o := range list {
		labels[i] = fmt.Sprintf("%q", o.Label)
	}
	return "", fmt.Errorf("%q is not one of the answers: %s", cell, strings.Join(labels, ", "))
}
