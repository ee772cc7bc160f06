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
var Routes = []Route{
	{Method: "POST", Path: "/api/applications", Function: "apply"},
	{Method: "GET", Path: forms.PairPath, Function: "participants"},
	{Method: "POST", Path: forms.GoalsForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.TrackerForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.SurveyForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.RematchForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.WithdrawalForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.CheckInForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.TipsForm.Action, Function: "participants"},
	{Method: "POST", Path: forms.LinkForm.Action, Function: "participants"},
	{Method: "POST", Path: SessionPath, Function: "participants"},
}
