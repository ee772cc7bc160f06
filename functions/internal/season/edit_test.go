package season_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// pairsOf maps each mentee to their mentor in a proposal.
func pairsOf(res *season.Result) map[string]string {
	got := map[string]string{}
	for _, p := range res.Review.Pairs {
		got[p.Mentee] = p.Mentor
	}
	return got
}

// An answer changed behind the matcher's back (in the database console, say) leaves the stored
// hash as it was; the proposal's id must change all the same, and the old proposal must not commit.
func TestCommitRefusesAnswersChangedOutsideTheMatcher(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	first := f.propose(t, cohort)
	if pairsOf(first)["e-ny"] != "m-ca" {
		t.Fatalf("pairs %v, want Ned with Carl", pairsOf(first))
	}
	// Ned (New York) now requires a mentor in his state: Carl (California) no longer fits.
	_, err := f.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(f.table),
		Key:                       map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "CYCLE#2026-27"}, "sk": &types.AttributeValueMemberS{Value: "APP#mentee#" + store.EmailKey("ned@example.org")}},
		UpdateExpression:          aws.String("SET answers.geo_preference = :r"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":r": &types.AttributeValueMemberS{Value: string(forms.PreferenceRequired)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if err != nil {
		t.Fatal(err)
	}
	if second.Proposal == first.Proposal || pairsOf(second)["e-ny"] != "" {
		t.Fatalf("after the change: proposal %s (was %s), pairs %v; want a new id and Ned unpaired", second.Proposal, first.Proposal, pairsOf(second))
	}
	_, err = f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: first.Proposal})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "since it was made, Ned Park's application changed") || strings.Contains(err.Error(), "e-ny") {
		t.Fatalf("commit of the proposal made before the change: err = %v, want a refusal naming Ned Park, not his id", err)
	}
	if ms, _ := f.store.Matches(ctx, "2026-27"); len(ms) != 0 {
		t.Errorf("a refused commit stored %d matches", len(ms))
	}
	if done := f.commit(t, second.Proposal); done.New != 1 {
		t.Errorf("commit of the new proposal: %+v, want Ivy's one match", done)
	}
}

func TestEditApplication(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	before := f.propose(t, cohort)
	edit := func(answers string, confirm bool) (*season.Result, error) {
		return f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Edit, Application: "e-ny",
			Answers: json.RawMessage(answers), Confirm: confirm})
	}
	ned := func() *store.Application {
		a, err := f.store.Application(ctx, "2026-27", forms.RoleMentee, "ned@example.org")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, tc := range []struct{ name, answers, want string }{
		{"unknown field", `{"geo_preferense": "required"}`, `"geo_preferense"`},
		{"role is not an answer", `{"role": "mentor"}`, `"role"`},
		{"not an option", `{"geo_preference": "sometimes"}`, "geo_preference"},
		{"rule joining answers", `{"gender": "", "gender_preference": "required"}`, "gender_preference"},
		{"email", `{"email": "ned.park@example.org"}`, "cannot be corrected"},
		{"not an object", `["required"]`, "JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := edit(tc.answers, true)
			if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "Ned Park") {
				t.Fatalf("err = %v, want a refusal naming Ned Park and %s", err, tc.want)
			}
		})
	}
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Edit, Application: "nobody", Answers: json.RawMessage(`{}`)}); !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("edit of an unknown application: err = %v", err)
	}

	preview, err := edit(`{"geo_preference": "required", "city": "Albany"}`, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []forms.Change{
		{Field: "city", Label: "City or town", Was: "Springfield", Now: "Albany"},
		{Field: "geo_preference", Label: "A match who lives near you", Was: "No preference", Now: "Required: match me only with someone who shares it"},
	}
	if len(preview.Changes) != len(want) || preview.Stored || preview.Name != "Ned Park" || !strings.Contains(preview.Message, `"confirm": true`) {
		t.Fatalf("preview %+v, want the changes %+v listed and nothing stored", preview, want)
	}
	for i, c := range preview.Changes {
		if c != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, c, want[i])
		}
	}
	if got := ned().Form.Confidential().GeoPreference; got != forms.PreferenceNone {
		t.Fatalf("a preview stored the change: geo preference %q", got)
	}

	done, err := edit(`{"geo_preference": "required", "city": "Albany"}`, true)
	if err != nil || !done.Stored || len(done.Changes) != 2 {
		t.Fatalf("confirmed edit: %+v, %v", done, err)
	}
	a := ned()
	if a.Form.Confidential().GeoPreference != forms.PreferenceRequired || a.Form.Applicant().City != "Albany" ||
		a.Hash != forms.Hash(forms.RoleMentee, a.Form) || a.Status != store.StatusAccepted {
		t.Fatalf("stored after the edit: %+v", a)
	}
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: before.Proposal}); !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "Ned Park's application changed") {
		t.Fatalf("commit of a proposal made before the edit: err = %v, want a refusal naming Ned Park", err)
	}
}
