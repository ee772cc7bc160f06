// Package formstest writes form submissions for tests: answers as a map, sent as JSON or as
// an HTML form would send them.
package formstest

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// With sets each name to its value in answers (nil deletes it) and returns answers.
func With(answers map[string]any, kv ...any) map[string]any {
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(answers, kv[i].(string))
		} else {
			answers[kv[i].(string)] = kv[i+1]
		}
	}
	return answers
}

// JSON is the answers as a JSON body.
func JSON(answers map[string]any) string { b, _ := json.Marshal(answers); return string(b) }

// Encoded is the answers as a browser sends a form: lists repeated, ticked boxes "on".
func Encoded(answers map[string]any) string {
	v := url.Values{}
	for k, x := range answers {
		switch x := x.(type) {
		case []string:
			v[k] = x
		case bool:
			if x {
				v.Set(k, "on")
			}
		default:
			v.Set(k, fmt.Sprint(x))
		}
	}
	return v.Encode()
}
