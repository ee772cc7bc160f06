package web

import "github.com/ala-alsc/mentoring/functions/internal/forms"

// Route is one API endpoint and the function that serves it.
type Route struct {
	Method   string
	Path     string
	Function string // the folder under functions/
}

// Routes lists every API endpoint once: template.yaml is checked against it and the local stack
// mounts it.
var Routes = append([]Route{
	{Method: "POST", Path: "/api/applications", Function: "apply"},
	{Method: "GET", Path: forms.PairPath, Function: "participants"},
	{Method: "POST", Path: forms.LinkForm.Action, Function: "participants"},
	{Method: "POST", Path: SessionPath, Function: "participants"},
	{Method: "GET", Path: CertificatePath, Function: "participants"},
}, formRoutes()...)

// formRoutes are each participant form's action and page, and the question its page asks
// before a step that cannot be undone.
func formRoutes() []Route {
	var out []Route
	for _, f := range pairForms {
		out = append(out, Route{Method: "POST", Path: f.Action, Function: "participants"},
			Route{Method: "GET", Path: f.page(), Function: "participants"})
		if f.irreversible() {
			out = append(out, Route{Method: "POST", Path: f.page(), Function: "participants"})
		}
	}
	return out
}
