package web

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// problem is a refusal: a status, a sentence and, for invalid answers, one message per field.
type problem struct {
	status  int
	message string
	fields  map[string]string
}

var titles = map[int]string{
	http.StatusBadRequest:            "The form could not be read",
	http.StatusForbidden:             "Applications are closed",
	http.StatusConflict:              "You have already applied",
	http.StatusRequestEntityTooLarge: "The form is too large",
	http.StatusUnsupportedMediaType:  "The form could not be read",
	http.StatusUnprocessableEntity:   "Some answers need another look",
	http.StatusTooManyRequests:       "Too many attempts",
	http.StatusInternalServerError:   "Something went wrong on our side",
}

// page writes the HTML page that answers a plain form's refusal. Every value is escaped; the
// page is built by hand because the template packages' run-time method lookups would make
// every function's binary larger.
func page(w io.Writer, title, message string, errs []fieldError, back string) {
	e := html.EscapeString
	fmt.Fprintf(w, `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s · ALSC Mentoring Program</title></head>
<body>
<main>
<h1>%s</h1>
<p>%s</p>
`, e(title), e(title), e(message))
	if len(errs) > 0 {
		io.WriteString(w, "<ul>\n")
		for _, f := range errs {
			fmt.Fprintf(w, "<li><strong>%s</strong>: %s</li>\n", e(f.Label), e(f.Message))
		}
		io.WriteString(w, "</ul>\n<p>Use your browser's Back button to return to your answers, correct them and send the form again.</p>\n")
	}
	fmt.Fprintf(w, "<p><a href=\"%s\">Back to the application form</a></p>\n</main>\n</body>\n</html>\n", e(back))
}

type fieldError struct{ Label, Message string }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeProblem answers with p as JSON, or as an HTML page listing each field's message in the
// form's order when the form came as a plain HTML form.
func writeProblem(w http.ResponseWriter, p problem, asHTML bool, role forms.Role) {
	if !asHTML {
		body := map[string]any{"error": p.message}
		if p.fields != nil {
			body["fields"] = p.fields
		}
		writeJSON(w, p.status, body)
		return
	}
	if role == "" {
		role = forms.RoleMentee
	}
	var errs []fieldError
	if msg, ok := p.fields[forms.FieldRole]; ok {
		errs = append(errs, fieldError{"Role", msg})
	}
	for _, sec := range forms.SpecFor(role).Sections {
		for _, f := range sec.Fields {
			if msg, ok := p.fields[f.Name]; ok {
				errs = append(errs, fieldError{f.Label, msg})
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.status)
	page(w, titles[p.status], p.message, errs, "/apply/"+string(role)+"/")
}
