package web

// Route is one API endpoint and the function that serves it.
type Route struct {
	Method   string
	Path     string
	Function string // the folder under functions/
}

// Routes lists every API endpoint once: template.yaml is checked against it and the local stack
// mounts it.
var Routes = []Route{
	{Method: "POST", Path: "/api/applications", Function: "apply"},
}
