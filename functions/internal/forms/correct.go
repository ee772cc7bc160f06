package forms

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
)

// Correct applies corrected answers (a JSON object naming only the fields to change) to a copy
// of an application and validates the result exactly as an application sent to the API is
// validated: an unknown field is Malformed, a broken rule Invalid. The stored form is unchanged.
func Correct(role Role, stored Form, corrections json.RawMessage) (Form, error) {
	var edits map[string]json.RawMessage
	if json.Unmarshal(corrections, &edits) != nil || edits == nil {
		return nil, malformed("The corrected answers must be a JSON object of field names and answers.")
	}
	was, err := json.Marshal(stored)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(was, &all); err != nil {
		return nil, err
	}
	for k, v := range edits {
		all[k] = v
	}
	body, err := json.Marshal(all)
	if err != nil {
		return nil, err
	}
	s := &Submission{Encoding: JSON, Role: role, Form: New(role)}
	s.Answers = s.Form
	if _, err := s.check(decodeJSON(body, s.Form)); err != nil {
		return nil, err
	}
	return s.Form, nil
}

// Change is one answer that differs between two versions of a form, by its label.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Was   string `json:"was"`
	Now   string `json:"now"`
}

// Changes lists, in the form's order, the answers that differ between was and now (two forms
// of one kind), each as the plain text a form shows: an option by its label.
func Changes(was, now any) []Change {
	a, b := Values(was), Values(now)
	var out []Change
	for _, f := range fieldsOf(reflect.TypeOf(was)) {
		if !slices.Equal(a[f.name], b[f.name]) {
			label := f.label
			if label == "" {
				label = f.name
			}
			out = append(out, Change{Field: f.name, Label: label, Was: f.plain(a[f.name]), Now: f.plain(b[f.name])})
		}
	}
	return out
}

// plain is answers to f as a person reads them: options by their labels, lists joined by
// listSeparator.
func (f field) plain(values []string) string {
	out := slices.Clone(values)
	for i, v := range out {
		out[i] = OptionLabel(f.options, v)
	}
	return strings.Join(out, listSeparator)
}
