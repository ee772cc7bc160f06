package forms_test

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// requiredErrors makes, for each required question of d (required, required_with or
// required_if), the answers that leave it unanswered while its rule applies, and returns the
// messages of each such validation by field name.
func requiredErrors(t *testing.T, d *forms.Definition) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	typ := reflect.TypeOf(d.New()).Elem()
	for _, sf := range reflect.VisibleFields(typ) {
		rules := sf.Tag.Get("validate")
		if sf.Anonymous || !strings.Contains(rules, "required") {
			continue
		}
		answers := reflect.ValueOf(d.New()).Elem()
		for _, rule := range strings.Split(rules, ",") {
			name, param, _ := strings.Cut(rule, "=")
			switch name {
			case "required_with":
				give(t, answers.FieldByName(strings.Fields(param)[0]), "")
			case "required_if":
				other, value, _ := strings.Cut(param, " ")
				give(t, answers.FieldByName(other), value)
			}
		}
		json, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		out[json] = forms.Validate(answers.Addr().Interface())
	}
	if len(out) == 0 {
		t.Fatalf("%s: no required question", d.Name)
	}
	return out
}

// give sets an answer that counts as given: value, or a sample.
func give(t *testing.T, v reflect.Value, value string) {
	t.Helper()
	if value == "" {
		value = "sample"
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(value)
	case reflect.Slice:
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(value).Convert(v.Type().Elem())))
	default:
		t.Fatalf("cannot give an answer of kind %s", v.Kind())
	}
}

// spoken is a label as messages say it: without its closing remark in brackets.
func spoken(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return label[:i]
	}
	return label
}

// checkSentence fails unless line reads as one sentence about the question labelled label.
func checkSentence(t *testing.T, line, label string) {
	t.Helper()
	first, _ := utf8.DecodeRuneInString(line)
	switch {
	case !unicode.IsUpper(first):
		t.Errorf("%q does not begin with a capital", line)
	case !strings.HasSuffix(line, "."):
		t.Errorf("%q does not end with a full stop", line)
	case strings.Contains(line, "?:"), strings.Contains(line, ".:"), strings.Contains(line, ")"+":"):
		t.Errorf("%q puts a colon after a question or sentence", line)
	case strings.Count(strings.ToLower(line), strings.ToLower(spoken(label))) != 1:
		t.Errorf("%q does not name %q exactly once", line, spoken(label))
	}
}

// Every required question of every form, left unanswered, gets a line in the error summary that
// reads as a sentence naming the question once; a question about one of the pair's goals names
// the goal, in the summary and beside the field alike.
func TestEveryRequiredMessageReadsAsASentence(t *testing.T) {
	for _, d := range forms.Definitions {
		spec := d.Spec()
		byName := map[string]forms.SpecField{}
		goalOf := map[string]int{}
		for _, sec := range spec.Sections {
			for _, f := range sec.Fields {
				byName[f.Name] = f
				if n, ok := strings.CutPrefix(sec.ID, "goal-"); ok {
					goalOf[f.Name], _ = strconv.Atoi(n)
				}
			}
		}
		for name, errs := range requiredErrors(t, d) {
			t.Run(d.Name+"/"+name, func(t *testing.T) {
				msg, ok := errs[name]
				if !ok {
					t.Fatalf("no message for the unanswered question; got %v", errs)
				}
				var line string
				for _, it := range forms.Summary(spec, errs, "") {
					if it.Target == "f-"+name || it.Target == "f-"+name+"-0" {
						line = it.Text
					}
				}
				checkSentence(t, line, byName[name].Label)
				if g := goalOf[name]; g > 0 {
					prefix := fmt.Sprintf("Goal %d — ", g)
					if !strings.HasPrefix(line, prefix) || !strings.HasPrefix(msg, prefix) {
						t.Errorf("summary %q, beside the field %q: want both to begin %q", line, msg, prefix)
					}
				}
			})
		}
	}
	// The tracker asks for progress on each goal the pair has set.
	errs := (&forms.Tracker{}).CheckGoals(forms.MaxGoals)
	for i := 1; i <= forms.MaxGoals; i++ {
		name := fmt.Sprintf("progress_%d", i)
		want := fmt.Sprintf("Goal %d — progress: choose how far this goal has come.", i)
		if errs[name] != want {
			t.Errorf("%s: %q, want %q", name, errs[name], want)
		}
		for _, it := range forms.Summary(forms.TrackerForm.Spec(), errs, "") {
			if it.Target == "f-"+name+"-0" && it.Text != want {
				t.Errorf("%s in the summary: %q, want %q", name, it.Text, want)
			}
		}
	}
}

// The rule that joins a question and its message, by the kinds of label there are.
func TestNamed(t *testing.T) {
	for _, c := range []struct{ name, label, msg, want string }{
		{"statement", "Your name", "Fill in this field.", "Your name: fill in this field."},
		{"question", "Which describes you best?", "Choose an answer.", "Which describes you best? Choose an answer."},
		{"sentence", "I can no longer take part in the program this year.", "Tick the box to confirm that you are leaving the program.",
			"I can no longer take part in the program this year. Tick the box to confirm that you are leaving the program."},
		{"message naming the question", "Monthly tips", "Monthly tips opens on 1 October.", "Monthly tips opens on 1 October."},
		{"message naming the form", "Mid-point tracker", "The mid-point tracker closed on 15 March.", "The mid-point tracker closed on 15 March."},
		{"capitals kept", "Your connection", "ALSC members only.", "Your connection: ALSC members only."},
		{"goal", "Goal 2 — the goal", "Fill in this field.", "Goal 2 — the goal: fill in this field."},
		{"goal, already named", "Goal 2 — the goal", "Goal 2 — the goal: fill in this field.", "Goal 2 — the goal: fill in this field."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := forms.Named(c.label, c.msg); got != c.want {
				t.Errorf("Named(%q, %q) = %q, want %q", c.label, c.msg, got, c.want)
			}
		})
	}
}

// The goals' messages as the testers read them: each names its goal, beside the field and in the
// summary, and the field's name in the markup (what the script joins its messages with) too.
func TestGoalMessagesNameTheirGoal(t *testing.T) {
	answers := &forms.Goals{Goal1: "Plan a story time", Objectives1: []string{"sample"}, Measure1: "It happens.",
		Objectives2: []string{forms.Lists["objectives"][0].Value}, Measure3: "By May."}
	errs := forms.Validate(answers)
	want := map[string]string{
		"objectives_1": "Goal 1 — program objectives this goal serves: choose one of the listed answers.",
		"goal_2":       "Goal 2 — the goal: fill in this field.",
		"goal_3":       "Goal 3 — the goal: fill in this field.",
	}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("messages %q, want %q", errs, want)
	}
	var lines []string
	for _, it := range forms.Summary(forms.GoalsForm.Spec(), errs, "") {
		lines = append(lines, it.Text)
	}
	wantLines := []string{want["objectives_1"], want["goal_2"], want["goal_3"]}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("summary %q, want %q", lines, wantLines)
	}
	html := forms.GoalsForm.HTML(forms.View{Errors: errs})
	for _, s := range []string{`data-label="Goal 2 — the goal"`, `<p class="error" id="e-goal_2">Goal 2 — the goal: fill in this field.</p>`,
		`<a href="#f-goal_2">Goal 2 — the goal: fill in this field.</a>`} {
		if !strings.Contains(html, s) {
			t.Errorf("the form lacks %s", s)
		}
	}
}
