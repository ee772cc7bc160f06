package web

import (
	"encoding/json"
	"html/template"
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

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · ALSC Mentoring Program</title></head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{- if .Errors}}
<ul>
{{- range .Errors}}
<li><strong>{{.Label}}</strong>: {{.Message}}</li>
{{- end}}
</ul>
<p>Use your browser's Back button to return to your answers, correct them and send the form again.</p>
{{- end}}
<p><a href="{{.Back}}">Back to the application form</a></p>
</main>
</body>
</html>
`))

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
	page.Execute(w, map[string]any{"Title": titles[p.status], "Message": p.message, "Errors": errs, "Back": "/apply/" + string(role) + "/"})
}
