package forms

import (
	"cmp"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// View is what a rendered form shows beyond its definition: answers to fill in (as a browser
// sends them), a message per field in error with the sentence above them, and, for forms whose
// sections follow the pair's own goals, legends to show instead and sections to leave out.
type View struct {
	Values  url.Values
	Errors  map[string]string
	Message string
	Legends map[string]string // section id → legend
	Omit    map[string]bool   // section ids not shown
	// IDPrefix keeps element ids apart when a page shows several forms (the pair's page); the
	// site's own pages show one form each and need none.
	IDPrefix string
	// Thanks is where the script sends the browser after a success, when the definition does
	// not say.
	Thanks string
	// Action is where the form is sent instead of the definition's action (a page that asks
	// before the step acts).
	Action string
}

// HTML renders the form: the one renderer of every form, used for the site's pages (through the
// generated form data) and for the pages the functions answer with. It works without JavaScript
// (a plain POST); js/forms.js, when it runs, sends JSON instead and shows errors in place. Every
// value is escaped; the template packages are not used, to keep the functions small.
func (d *Definition) HTML(v View) string {
	spec := d.Spec()
	var b strings.Builder
	e := html.EscapeString
	attr := func(name, value string) {
		b.WriteString(" " + name + `="` + e(value) + `"`)
	}
	b.WriteString(`<form class="program-form" id="form-` + e(spec.Name) + `" method="post"`)
	attr("action", cmp.Or(v.Action, spec.Action))
	if thanks := cmp.Or(spec.Thanks, v.Thanks); thanks != "" {
		attr("data-thanks", thanks)
	}
	if spec.FillTime != "" {
		attr("data-fill-time", spec.FillTime)
	}
	b.WriteString(">\n")
	if spec.Role != "" {
		b.WriteString(`<input type="hidden" name="` + FieldRole + `" value="` + e(string(spec.Role)) + "\">\n")
	}
	if d.keyed {
		b.WriteString(`<input type="hidden" name="` + FieldKey + `" value="` + NewKey() + "\">\n")
	}
	d.summary(&b, spec, v)
	b.WriteString(`<p>Questions marked <span class="req">(required)</span> must be answered. ` + privacyLink + "</p>\n")
	for _, sec := range spec.Sections {
		if v.Omit[sec.ID] {
			continue
		}
		class := "section"
		if sec.Confidential {
			class += " confidential"
		}
		legend := sec.Legend
		if l, ok := v.Legends[sec.ID]; ok {
			legend = l
		}
		b.WriteString(`<fieldset class="` + class + `" id="` + v.IDPrefix + `section-` + e(sec.ID) + `">` + "\n<legend>" + e(legend) + "</legend>\n")
		if sec.Intro != "" {
			b.WriteString(`<p class="section-intro">` + e(sec.Intro) + "</p>\n")
		}
		if sec.ID == consentSection {
			b.WriteString(`<p class="section-intro">` + privacyLink + "</p>\n")
		}
		for _, f := range sec.Fields {
			writeField(&b, v.IDPrefix, f, v.Values[f.Name], v.Errors[f.Name])
		}
		b.WriteString("</fieldset>\n")
	}
	if spec.Honeypot != "" {
		b.WriteString(`<div class="trap" aria-hidden="true">` + "\n" +
			`<label for="f-` + spec.Honeypot + `">Leave this field empty</label>` + "\n" +
			`<input type="text" name="` + spec.Honeypot + `" id="f-` + spec.Honeypot + `" tabindex="-1" autocomplete="off">` + "\n</div>\n" +
			`<input type="hidden" name="` + spec.FillTime + `" value="">` + "\n")
	}
	b.WriteString(`<p><button type="submit" class="button">` + e(spec.Submit) + "</button></p>\n</form>\n")
	return b.String()
}

// summary writes the error summary: hidden until there is something to say; when the page is
// answered with errors, it names each field in the form's order and takes focus.
func (d *Definition) summary(b *strings.Builder, spec Spec, v View) {
	e := html.EscapeString
	items := Summary(spec, v.Errors, v.IDPrefix)
	if v.Message == "" && len(items) == 0 {
		b.WriteString(`<div class="error-summary" role="alert" tabindex="-1" hidden>` + "\n<h2>" + e(spec.Problem) +
			"</h2>\n<p class=\"error-message\"></p>\n<ul></ul>\n</div>\n")
		return
	}
	b.WriteString(`<div class="error-summary" role="alert" tabindex="-1" autofocus>` + "\n<h2>" + e(spec.Problem) +
		"</h2>\n<p class=\"error-message\">" + e(v.Message) + "</p>\n<ul>\n")
	for _, it := range items {
		b.WriteString(`<li><a href="#` + e(it.Target) + `">` + e(it.Text) + "</a></li>\n")
	}
	b.WriteString("</ul>\n</div>\n")
}

// SummaryItem is one line of an error summary: the field's name and its message, and the id of
// the input it links to.
type SummaryItem struct{ Text, Target string }

// Summary lists the errors in the form's order, each naming its field (Named) and linking to its
// input (ids begin with prefix). Errors of fields the form does not show come last, in name order.
func Summary(spec Spec, errs map[string]string, prefix string) []SummaryItem {
	var out []SummaryItem
	seen := map[string]bool{}
	for _, sec := range spec.Sections {
		for _, f := range sec.Fields {
			if msg, ok := errs[f.Name]; ok {
				out = append(out, SummaryItem{Text: Named(f.subject(), msg), Target: prefix + inputID(f)})
				seen[f.Name] = true
			}
		}
	}
	var rest []string
	for name := range errs {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	for _, name := range rest {
		out = append(out, SummaryItem{Text: errs[name], Target: "main"})
	}
	return out
}

// Named joins the name of a field (or a form) and its message into one sentence: "Your name: fill
// in this field.", after a question "Which describes you best? Choose an answer." A message that
// begins with the name ("The mid-point tracker opens on …" for "Mid-point tracker") already
// says it and is kept whole. js/forms.js follows the same rule.
func Named(name, msg string) string {
	lower := strings.ToLower(msg)
	switch {
	case strings.HasPrefix(lower, strings.ToLower(name)), strings.HasPrefix(strings.TrimPrefix(lower, "the "), strings.ToLower(name)):
		return msg
	case strings.HasSuffix(name, "?"), strings.HasSuffix(name, "."), strings.HasSuffix(name, "!"):
		return name + " " + msg
	}
	return name + ": " + lowerFirst(msg)
}

// lowerFirst puts the first letter of s in lower case, unless it begins a word in capitals
// ("ALSC").
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// GoalName is how the forms and their messages name a pair's goal i (1-based).
func GoalName(i int) string { return "Goal " + strconv.Itoa(i) }

// subject is how messages name a question with this label: the label without a closing remark in
// brackets ("(optional)"), and for a question about one of the pair's goals, that goal first
// ("Goal 2 — the goal").
func subject(label string, goal int) string {
	if strings.HasSuffix(label, ")") {
		if i := strings.LastIndex(label, " ("); i > 0 {
			label = label[:i]
		}
	}
	if goal > 0 {
		return GoalName(goal) + " — " + lowerFirst(label)
	}
	return label
}

// subject is how messages name the question.
func (f SpecField) subject() string { return subject(f.Label, f.Goal) }

// inputID is the id of the field's first input, the one an error links to.
func inputID(f SpecField) string {
	if f.Kind == "radio" || f.Kind == "checkboxes" {
		return "f-" + f.Name + "-0"
	}
	return "f-" + f.Name
}

// writeField writes one question with its label, help, error and current answers.
func writeField(b *strings.Builder, prefix string, f SpecField, values []string, msg string) {
	e := html.EscapeString
	id := prefix + "f-" + f.Name
	req := ""
	if f.Required {
		req = ` <span class="req">(required)</span>`
	}
	described := prefix + "e-" + f.Name
	if f.Help != "" {
		described = prefix + "h-" + f.Name + " " + described
	}
	invalid := ""
	class := "field field-" + f.Kind
	if msg != "" {
		invalid = ` aria-invalid="true"`
		class += " invalid"
	}
	errorP := `<p class="error" id="` + prefix + `e-` + f.Name + `"`
	if msg == "" {
		errorP += " hidden></p>\n"
	} else {
		errorP += ">" + e(msg) + "</p>\n"
	}
	help := ""
	if f.Help != "" {
		help = `<p class="help" id="` + prefix + `h-` + f.Name + `">` + e(f.Help) + "</p>\n"
	}
	first := ""
	if len(values) > 0 {
		first = values[0]
	}
	b.WriteString(`<div class="` + class + `" id="` + prefix + `field-` + f.Name + `" data-name="` + f.Name + `" data-label="` + e(f.subject()) + `">` + "\n")
	switch f.Kind {
	case "radio", "checkboxes":
		b.WriteString(`<fieldset aria-describedby="` + described + `">` + "\n<legend>" + e(f.Label) + req + "</legend>\n" + help + errorP)
		for i, o := range f.Options {
			typ, extra := "checkbox", ` data-kind="list"`
			if f.Kind == "radio" {
				typ, extra = "radio", ""
				if f.Required {
					extra = " required"
				}
			}
			if slices.Contains(values, o.Value) {
				extra += " checked"
			}
			oid := id + "-" + strconv.Itoa(i)
			b.WriteString(`<div class="choice"><input type="` + typ + `" name="` + f.Name + `" id="` + oid + `" value="` + e(o.Value) + `"` + extra + invalid + ">\n" +
				`<label for="` + oid + `">` + e(o.Label) + "</label></div>\n")
		}
		b.WriteString("</fieldset>\n")
	case "checkbox":
		checked := ""
		if first != "" && first != "off" {
			checked = " checked"
		}
		required := ""
		if f.Required {
			required = " required"
		}
		b.WriteString(errorP + `<div class="choice"><input type="checkbox" name="` + f.Name + `" id="` + id + `" value="on" data-kind="bool"` + required + checked + invalid +
			` aria-describedby="` + described + `">` + "\n" + `<label for="` + id + `">` + e(f.Label) + req + "</label></div>\n")
	default:
		b.WriteString(`<label for="` + id + `">` + e(f.Label) + req + "</label>\n" + help + errorP)
		common := `name="` + f.Name + `" id="` + id + `" aria-describedby="` + described + `"`
		if f.Required {
			common += " required"
		}
		common += invalid
		maxlength := ""
		if f.MaxLength > 0 {
			maxlength = ` maxlength="` + strconv.Itoa(f.MaxLength) + `"`
		}
		switch f.Kind {
		case "textarea":
			b.WriteString("<textarea " + common + ` rows="5"` + maxlength + ">" + e(first) + "</textarea>\n")
		case "select":
			b.WriteString("<select " + common + ">\n" + `<option value="">Choose…</option>` + "\n")
			for _, o := range f.Options {
				sel := ""
				if o.Value == first {
					sel = " selected"
				}
				b.WriteString(`<option value="` + e(o.Value) + `"` + sel + ">" + e(o.Label) + "</option>\n")
			}
			b.WriteString("</select>\n")
		case "number":
			b.WriteString("<input " + common + ` type="number" inputmode="numeric" min="` + strconv.Itoa(*f.Min) + `" max="` + strconv.Itoa(*f.Max) +
				`" step="1" data-kind="number" value="` + e(first) + "\">\n")
		default:
			auto := ""
			if f.Autocomplete != "" {
				auto = ` autocomplete="` + e(f.Autocomplete) + `"`
			}
			b.WriteString("<input " + common + ` type="` + f.Kind + `"` + maxlength + auto + ` value="` + e(first) + "\">\n")
		}
	}
	b.WriteString("</div>\n")
}

// Kept are the answers a refused form may be shown again with: all but the confidential ones,
// which are never sent back in a response. dropped reports whether any were left out.
func (d *Definition) Kept(values url.Values) (kept url.Values, dropped bool) {
	kept = url.Values{}
	confidential := map[string]bool{}
	for _, sec := range d.Spec().Sections {
		for _, f := range sec.Fields {
			confidential[f.Name] = f.Confidential
		}
	}
	for name, vs := range values {
		if confidential[name] {
			dropped = dropped || slices.ContainsFunc(vs, func(v string) bool { return v != "" })
			continue
		}
		kept[name] = vs
	}
	return kept, dropped
}

// KeptNote is said when a refused form is shown again without its confidential answers.
const KeptNote = "Your other answers are kept; the confidential ones are never sent back, so please give them again."
