package forms

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/go-playground/validator/v10"
)

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(sf reflect.StructField) string {
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		return name
	})
	// in=LIST: the value is one of the options of Lists[LIST].
	if err := v.RegisterValidation("in", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return slices.ContainsFunc(Lists[fl.Param()], func(o Option) bool { return o.Value == s })
	}); err != nil {
		panic(err)
	}
	// deliverable: the mail service (Amazon SES) sends only to addresses whose local part, before
	// the @, is ASCII; the domain may be internationalised.
	if err := v.RegisterValidation("deliverable", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return isASCII(s[:max(strings.LastIndexByte(s, '@'), 0)])
	}); err != nil {
		panic(err)
	}
	return v
}

// Validate checks decoded answers (a pointer to a form's struct) and returns one plain message per
// field in error, or nil; a message about one of the pair's goals names the goal and the question.
func Validate(f any) map[string]string {
	fields := map[string]field{}
	for _, fd := range fieldsOf(reflect.TypeOf(f)) {
		fields[fd.name] = fd
	}
	out := map[string]string{}
	var ve validator.ValidationErrors
	if err := validate.Struct(f); errors.As(err, &ve) {
		for _, fe := range ve {
			name, _, _ := strings.Cut(fe.Field(), "[")
			if _, done := out[name]; !done {
				out[name] = message(fields[name], fe)
			}
		}
	} else if err != nil {
		panic("forms: invalid definition: " + err.Error())
	}
	for name, msg := range checkText(f) {
		out[name] = msg
	}
	if c, ok := f.(interface{ check() map[string]string }); ok {
		for name, msg := range c.check() {
			if _, done := out[name]; !done {
				out[name] = msg
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	numbered(reflect.TypeOf(f), out)
	return out
}

// check applies the rules that join several preference answers.
func (p *Preferences) check() map[string]string {
	out := map[string]string{}
	if p.GenderPreference == PreferenceRequired && (p.Gender == "" || p.Gender == GenderPreferNot) {
		out["gender_preference"] = "To require a match who shares your gender, tell us your gender above, or choose another answer."
	}
	if p.RacePreference == PreferenceRequired && len(p.RaceEthnicity) == 0 && p.RaceEthnicitySelf == "" {
		out["race_preference"] = "To require a match who shares your race or ethnic background, tell us yours above, or choose another answer."
	}
	if slices.Contains(p.RaceEthnicity, RaceSelfDescribe) && p.RaceEthnicitySelf == "" {
		out["race_ethnicity_self"] = "Describe your race or ethnic background in your own words, or untick “I describe it myself”."
	}
	return out
}

func message(f field, fe validator.FieldError) string {
	if m, ok := f.msgs[fe.Tag()]; ok {
		return m
	}
	isList := f.typ.Kind() == reflect.Slice
	isNumber := fe.Kind() == reflect.Int
	switch fe.Tag() {
	case "required", "required_with", "required_if":
		switch {
		case isList:
			return "Tick at least one answer."
		case f.kind == "checkbox":
			return "Tick the box."
		case f.options != "":
			return "Choose an answer."
		default:
			return "Fill in this field."
		}
	case "max":
		switch {
		case isList && !strings.Contains(fe.Field(), "["):
			return fmt.Sprintf("Tick at most %s answers.", fe.Param())
		case isNumber:
			return fmt.Sprintf("Enter a number from %s to %s.", orZero(f.rule("min")), fe.Param())
		default:
			return fmt.Sprintf("Use at most %s characters.", fe.Param())
		}
	case "min":
		if isNumber {
			max, _ := f.rule("max")
			return fmt.Sprintf("Enter a number from %s to %s.", fe.Param(), max)
		}
		if fe.Param() == "1" {
			return "Tick at least one answer."
		}
		return fmt.Sprintf("Tick at least %s answers.", fe.Param())
	case "email":
		return "Enter an email address such as name@example.org."
	case "in":
		return "Choose one of the listed answers."
	}
	return "Check this answer."
}

func orZero(p string, ok bool) string {
	if !ok {
		return "0"
	}
	return p
}
