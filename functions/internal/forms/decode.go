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
	"strconv"
	"strings"
)

const invalidMessage = "Some answers need correcting before the application can be sent."

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
	Role     Role
	Form     Form
	Encoding string // JSON or Encoded: how to answer
	Honeypot string // anything here means a bot filled the form
	FillMS   int64  // milliseconds the page reports between showing the form and sending it; 0 when unknown
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
	if enc == JSON {
		err = s.decodeJSON(body)
	} else {
		err = s.decodeForm(body)
	}
	if s.Form != nil {
		p := s.Form.Applicant()
		p.Email = strings.TrimSpace(p.Email)
	}
	var fe *Error
	if errors.As(err, &fe) && fe.Code == Invalid && s.Form != nil {
		// Answers that did not parse are reported together with the rules the others break.
		fields := Validate(s.Form)
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
	if fields := Validate(s.Form); fields != nil {
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

// envelope holds the fields of a JSON body that are not answers.
type envelope struct {
	Role     string `json:"role"`
	Website  string `json:"website"`
	FillTime int64  `json:"fill_ms"`
}

func (s *Submission) decodeJSON(body []byte) error {
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
	s.Honeypot, s.FillMS = env.Website, env.FillTime
	return nil
}

func (s *Submission) decodeForm(body []byte) error {
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return malformed("The request body is not valid form data.")
	}
	role, ok := ParseRole(values.Get(FieldRole))
	if !ok {
		return badRole()
	}
	s.Role, s.Form = role, New(role)
	s.Honeypot = values.Get(FieldHoneypot)
	if v := values.Get(FieldFillTime); v != "" {
		s.FillMS, _ = strconv.ParseInt(v, 10, 64)
	}
	byName := map[string]field{}
	fields := fieldsOf(reflect.TypeOf(s.Form))
	for _, f := range fields {
		byName[f.name] = f
	}
	for name, vs := range values {
		if name == FieldRole || name == FieldHoneypot || name == FieldFillTime {
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
	form := reflect.ValueOf(s.Form).Elem()
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
