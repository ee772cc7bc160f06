package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// instance is the JSON form of a problem: a row of weights per mentee, a column per mentor,
// null for a forbidden pair.
type instance struct {
	Objective Objective `json:"objective"`
	Mentors   []struct {
		ID       string `json:"id"`
		Capacity *int   `json:"capacity"`
	} `json:"mentors"`
	Mentees []struct {
		ID string `json:"id"`
	} `json:"mentees"`
	Weights json.RawMessage `json:"weights"`
}

// Decode reads a JSON instance such as
//
//	{"objective": "coverage", "mentors": [{"id": "m1", "capacity": 2}], "mentees": [{"id": "e1"}],
//	 "weights": [[0.7, null]]}
//
// and returns the problem it describes, already validated; errors wrap ErrMalformed.
func Decode(r io.Reader) (Problem, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var in instance
	if err := dec.Decode(&in); err != nil {
		if errors.Is(err, io.EOF) {
			return Problem{}, malformed("bad JSON: the instance is empty")
		}
		return Problem{}, malformed("bad JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Problem{}, malformed("bad JSON: unexpected data after the instance")
	}
	p := Problem{Objective: in.Objective, Mentees: make([]string, len(in.Mentees)), Mentors: make([]Mentor, len(in.Mentors))}
	for i, m := range in.Mentees {
		p.Mentees[i] = m.ID
	}
	for i, m := range in.Mentors {
		if m.Capacity == nil {
			return Problem{}, malformed("mentor %q has no capacity", m.ID)
		}
		p.Mentors[i] = Mentor{ID: m.ID, Capacity: *m.Capacity}
	}
	allowed, err := decodeWeights(in.Weights, p.Mentees, len(p.Mentors))
	if err != nil {
		return Problem{}, err
	}
	p.Allowed = allowed
	return p, p.Validate()
}

// decodeWeights reads the weight matrix (already valid JSON) into the list of allowed pairs.
func decodeWeights(raw json.RawMessage, mentees []string, mentors int) ([]Allowed, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		if len(mentees) > 0 {
			return nil, malformed("weights are missing; want one row per mentee")
		}
		return nil, nil
	}
	s := scanner{b: raw}
	if !s.consume('[') {
		return nil, malformed("weights must be an array of rows, one per mentee")
	}
	var allowed []Allowed
	rows := 0
	for !s.consume(']') {
		if rows > 0 && !s.consume(',') {
			return nil, malformed("weights: expected ',' between rows")
		}
		name := fmt.Sprintf("row %d", rows+1)
		if rows < len(mentees) {
			name = fmt.Sprintf("row %d (mentee %q)", rows+1, mentees[rows])
		}
		if !s.consume('[') {
			return nil, malformed("weights %s must be an array with one entry per mentor", name)
		}
		cols := 0
		for !s.consume(']') {
			if cols > 0 && !s.consume(',') {
				return nil, malformed("weights %s: expected ',' between entries", name)
			}
			tok := s.token()
			if string(tok) != "null" {
				w, err := strconv.ParseFloat(string(tok), 64)
				if err != nil {
					if errors.Is(err, strconv.ErrRange) {
						return nil, malformed("weights %s, column %d: %s is not a finite number", name, cols+1, tok)
					}
					return nil, malformed("weights %s, column %d: want a number or null, got %.20s", name, cols+1, tok)
				}
				allowed = append(allowed, Allowed{Mentee: rows, Mentor: cols, Weight: w})
			}
			cols++
		}
		if cols != mentors {
			return nil, malformed("weights %s has %d entries; want %d, one per mentor", name, cols, mentors)
		}
		rows++
	}
	if rows != len(mentees) {
		return nil, malformed("weights has %d rows; want %d, one per mentee", rows, len(mentees))
	}
	return allowed, nil
}

// scanner walks a JSON text known to be well formed.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) skip() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) consume(c byte) bool {
	s.skip()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// token returns the next scalar, or the rest of a compound value's first line for messages.
func (s *scanner) token() []byte {
	s.skip()
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', ']', ' ', '\n', '\t', '\r':
			return s.b[start:s.i]
		case '[', '{', '"':
			if s.i == start {
				s.i = len(s.b)
				return s.b[start:]
			}
		}
		s.i++
	}
	return s.b[start:]
}
