package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

const invalidMessage = "Some answers need correcting before the form can be sent."

// MaxBody is the largest request body accepted: 64 KiB.
const MaxBody = 64 << 10

// Encodings a form may arrive in.
const (
	JSON    = "application/json"
	Encoded = "application/x-www-form-urlencoded"
)

// Fields of a submission that are not answers: the role, the honeypot and the fill time.
const (
	FieldRole     = "role"
	FieldHoneypot = "website"
	FieldFillTime = "fill_ms"
)

// Code says what was wrong with a request body.
type Code int

// The ways a body can be refused.
const (
	Unsupported Code = iota + 1 // neither JSON nor form-encoded
	TooLarge                    // over MaxBody
	Malformed                   // not parseable, or naming an unknown field
	Invalid                     // parseable, but an answer breaks a rule
)

// Error is a refused body; Fields holds one plain message per field for Invalid.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return e.Message }

// Submission is a decoded, validated request body.
type Submission struct {
	Role     Role       // applications
	Form     Form       // applications: the decoded application (also in Answers)
	Answers  any        // the decoded answers: a pointer to the form's struct
	Values   url.Values // the answers as a plain form sent them, to show them again
	Encoding string     // JSON or Encoded: how to answer
	Honeypot string     // anything here means a bot filled the form
	FillMS   int64      // milliseconds the page reports between showing the form and sending it; 0 when unknown
}

// Encoding returns which of the two accepted encodings r's body claims, or an *Error.
func Encoding(r *http.Request) (string, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != JSON && mt != Encoded) {
		return "", &Error{Code: Unsupported, Message: "Send the form as application/json or application/x-www-form-urlencoded."}
	}
	return mt, nil
}

// Decode reads, decodes and validates an application from r. Errors are *Error.
func Decode(r *http.Request) (*Submission, error) {
	return decode(r, func(s *Submission, body []byte) error {
		if s.Encoding == JSON {
			return s.decodeApplicationJSON(body)
		}
		return s.decodeApplicationForm(body)
	})
}

// DecodeAs reads, decodes and validates a submission of the form d from r. Errors are *Error.
func DecodeAs(r *http.Request, d *Definition) (*Submission, error) {
	return decode(r, func(s *Submission, body []byte) error {
		s.Answers = d.New()
		if s.Encoding == JSON {
			return decodeJSON(body, s.Answers)
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return malformed("The request body is not valid form data.")
		}
		s.Values = values
		return decodeValues(values, s.Answers, nil)
	})
}

// decode reads r's body within the limits, decodes it with into and validates the answers.
func decode(r *http.Request, into func(*Submission, []byte) error) (*Submission, error) {
	enc, err := Encoding(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, &Error{Code: Malformed, Message: "The request body could not be read."}
	}
	if len(body) > MaxBody {
		return nil, &Error{Code: TooLarge, Message: fmt.Sprintf("The form is larger than %d KiB. Shorten your answers and send it again.", MaxBody>>10)}
	}
	s := &Submission{Encoding: enc}
	err = into(s, body)
	if enc == JSON && err == nil {
		if fields := invalidJSONText(body); len(fields) > 0 {
			err = &Error{Code: Invalid, Message: invalidMessage, Fields: fields}
		}
	}
	return s.check(err)
}

// check tidies decoded answers and validates them, joining the problems decoding found (err)
// with the rules the answers break.
func (s *Submission) check(err error) (*Submission, error) {
	if s.Answers != nil {
		emptyListsAbsent(s.Answers)
	}
	switch a := s.Answers.(type) {
	case Form:
		a.Applicant().Email = CleanEmail(a.Applicant().Email)
	case *LinkRequest:
		a.Email = CleanEmail(a.Email)
	}
	var fe *Error
	if errors.As(err, &fe) && fe.Code == Invalid && s.Answers != nil {
		// Answers that did not parse are reported together with the rules the others break.
		fields := Validate(s.Answers)
		if fields == nil {
			fields = map[string]string{}
		}
		for k, v := range fe.Fields {
			fields[k] = v
		}
		fe.Fields = fields
		return s, fe
	}
	if err != nil {
		return s, err
	}
	if fields := Validate(s.Answers); fields != nil {
		return s, &Error{Code: Invalid, Message: invalidMessage, Fields: fields}
	}
	return s, nil
}

func malformed(format string, a ...any) *Error {
	return &Error{Code: Malformed, Message: fmt.Sprintf(format, a...)}
}

func badRole() *Error {
	return &Error{Code: Invalid, Message: invalidMessage,
		Fields: map[string]string{FieldRole: "Choose whether you apply as a mentor or as a mentee."}}
}

// envelope holds the fields of an application's JSON body that are not answers.
type envelope struct {
	Role     string `json:"role"`
	Website  string `json:"website"`
	FillTime int64  `json:"fill_ms"`
}

func (s *Submission) decodeApplicationJSON(body []byte) error {
	var probe struct {
		Role json.RawMessage `json:"role"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return malformed("The request body is not a JSON object.")
	}
	var name string
	if json.Unmarshal(probe.Role, &name) != nil {
		return badRole()
	}
	role, ok := ParseRole(name)
	if !ok {
		return badRole()
	}
	s.Role, s.Form = role, New(role)
	s.Answers = s.Form
	env := &envelope{}
	var target any
	switch f := s.Form.(type) {
	case *Mentor:
		target = &struct {
			*envelope
			*Mentor
		}{env, f}
	case *Mentee:
		target = &struct {
			*envelope
			*Mentee
		}{env, f}
	}
	if err := decodeJSON(body, target); err != nil {
		return err
	}
	s.Honeypot, s.FillMS = env.Website, env.FillTime
	return checkFillTime(s.FillMS)
}

// MaxFillMS is the longest fill time a page may report: a year, in milliseconds.
const MaxFillMS = 366 * 24 * 60 * 60 * 1000

// checkFillTime refuses a fill time no page can have measured.
func checkFillTime(ms int64) error {
	if ms < 0 || ms > MaxFillMS {
		return malformed("The field %s must be a number of milliseconds from 0 to %d.", FieldFillTime, int64(MaxFillMS))
	}
	return nil
}

// decodeJSON decodes body, strictly, into target: the answers with the envelope's fields.
func decodeJSON(body []byte, target any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(target)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		name := typeErr.Field
		if i := strings.LastIndex(name, "."); i >= 0 {
			name = name[i+1:]
		}
		return &Error{Code: Invalid, Message: invalidMessage,
			Fields: map[string]string{name: "This answer is of the wrong kind (" + typeErr.Value + ")."}}
	case err != nil:
		return malformed("The request body is not valid JSON for this form: %s.", strings.TrimPrefix(err.Error(), "json: "))
	case dec.More():
		return malformed("The request body holds more than one JSON value.")
	}
	return nil
}

func (s *Submission) decodeApplicationForm(body []byte) error {
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return malformed("The request body is not valid form data.")
	}
	s.Values = values
	role, ok := ParseRole(values.Get(FieldRole))
	if !ok {
		return badRole()
	}
	s.Role, s.Form = role, New(role)
	s.Answers = s.Form
	s.Honeypot = values.Get(FieldHoneypot)
	if v := values.Get(FieldFillTime); v != "" {
		var err error
		if s.FillMS, err = strconv.ParseInt(v, 10, 64); err != nil {
			return malformed("The field %s must be a number of milliseconds from 0 to %d.", FieldFillTime, int64(MaxFillMS))
		}
		if err := checkFillTime(s.FillMS); err != nil {
			return err
		}
	}
	return decodeValues(values, s.Form, []string{FieldRole, FieldHoneypot, FieldFillTime})
}

// decodeValues sets answers (a pointer to a form's struct) from a plain form's values; the names
// in skip are not answers.
func decodeValues(values url.Values, answers any, skip []string) error {
	byName := map[string]field{}
	fields := fieldsOf(reflect.TypeOf(answers))
	for _, f := range fields {
		byName[f.name] = f
	}
	for name, vs := range values {
		if slices.Contains(skip, name) {
			continue
		}
		f, ok := byName[name]
		if !ok {
			return malformed("The form has no field named %q.", name)
		}
		if len(vs) > 1 && f.typ.Kind() != reflect.Slice {
			return malformed("The field %q was sent more than once.", name)
		}
	}
	problems := map[string]string{}
	form := reflect.ValueOf(answers).Elem()
	for _, f := range fields {
		vs, ok := values[f.name]
		if !ok {
			continue
		}
		v := form.FieldByIndex(f.index)
		switch f.typ.Kind() {
		case reflect.String:
			v.SetString(vs[0])
		case reflect.Slice:
			list := reflect.MakeSlice(f.typ, len(vs), len(vs))
			for i, s := range vs {
				list.Index(i).SetString(s)
			}
			v.Set(list)
		case reflect.Bool:
			switch strings.ToLower(vs[0]) {
			case "on", "yes", "true", "1":
				v.SetBool(true)
			case "", "off", "no", "false", "0":
			default:
				problems[f.name] = "Tick the box or leave it empty."
			}
		case reflect.Int, reflect.Pointer:
			if vs[0] == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSpace(vs[0]))
			if err != nil {
				problems[f.name] = "Enter a whole number, such as 3."
				continue
			}
			if f.typ.Kind() == reflect.Pointer {
				v.Set(reflect.ValueOf(&n))
			} else {
				v.SetInt(int64(n))
			}
		}
	}
	if len(problems) > 0 {
		return &Error{Code: Invalid, Message: invalidMessage, Fields: problems}
	}
	return nil
}

// Values are answers as a browser sends them: lists repeated, ticked boxes "on". They fill a
// rendered form.
func Values(answers any) url.Values {
	out := url.Values{}
	form := reflect.ValueOf(answers).Elem()
	for _, f := range fieldsOf(reflect.TypeOf(answers)) {
		v := form.FieldByIndex(f.index)
		switch f.typ.Kind() {
		case reflect.String:
			if s := v.String(); s != "" {
				out.Set(f.name, s)
			}
		case reflect.Slice:
			for i := range v.Len() {
				out.Add(f.name, v.Index(i).String())
			}
		case reflect.Bool:
			if v.Bool() {
				out.Set(f.name, "on")
			}
		case reflect.Int:
			out.Set(f.name, strconv.FormatInt(v.Int(), 10))
		case reflect.Pointer:
			if !v.IsNil() {
				out.Set(f.name, strconv.FormatInt(v.Elem().Int(), 10))
			}
		}
	}
	return out
}

// emptyListsAbsent makes every empty list of answers nil, so that a script's [] and a plain form's
// missing field mean the same to the rules (required_with counts an empty list as given).
func emptyListsAbsent(answers any) {
	form := reflect.ValueOf(answers).Elem()
	for _, f := range fieldsOf(reflect.TypeOf(answers)) {
		if v := form.FieldByIndex(f.index); f.typ.Kind() == reflect.Slice && v.Len() == 0 && !v.IsNil() {
			v.SetZero()
		}
	}
}
