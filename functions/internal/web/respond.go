package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// problem is a refusal: a status, a sentence and, for invalid answers, one message per field.
type problem struct {
	status  int
	message string
	fields  map[string]string
}

// codeStatus is the status a form's decoding error answers with.
var codeStatus = map[forms.Code]int{
	forms.Unsupported: http.StatusUnsupportedMediaType,
	forms.TooLarge:    http.StatusRequestEntityTooLarge,
	forms.Malformed:   http.StatusBadRequest,
	forms.Invalid:     http.StatusUnprocessableEntity,
}

// refusal is the problem a form's decoding error answers with.
func refusal(fe *forms.Error) problem {
	return problem{status: codeStatus[fe.Code], message: fe.Message, fields: fe.Fields}
}

var titles = map[int]string{
	http.StatusBadRequest:            "The form could not be read",
	http.StatusForbidden:             "This form is not open",
	http.StatusConflict:              "Already sent",
	http.StatusRequestEntityTooLarge: "The form is too large",
	http.StatusUnsupportedMediaType:  "The form could not be read",
	http.StatusUnprocessableEntity:   "Some answers need another look",
	http.StatusTooManyRequests:       "Too many attempts",
	http.StatusInternalServerError:   "Something went wrong on our side",
	http.StatusServiceUnavailable:    "Please try again in a moment",
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeProblem answers with p as JSON or, when the form came as a plain HTML form, with the
// form's page shown again in the site's layout: the form re-rendered with the answers kept (but
// the confidential ones), a summary naming each field in error in the form's order, and each
// message beside its field.
func (pw *pagesWriter) writeProblem(w http.ResponseWriter, r *http.Request, p problem, asHTML bool, d *forms.Definition, values url.Values, path string) {
	if !asHTML {
		body := map[string]any{"error": p.message}
		if p.fields != nil {
			body["fields"] = p.fields
		}
		writeJSON(w, p.status, body)
		return
	}
	kept, dropped := d.Kept(values)
	message := p.message
	if dropped {
		message += " " + forms.KeptNote
	}
	pw.renderPage(w, r, p.status, path, titles[p.status], "", func(siteMain string) string {
		return replaceForm(siteMain, d.HTML(forms.View{Values: kept, Errors: p.fields, Message: message}))
	})
}
