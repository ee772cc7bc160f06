package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Kind is what a participant's submission is.
type Kind string

// The participant forms of the program year, as stored.
const (
	KindGoals      Kind = "goals"      // one set per pair; every version kept
	KindTracker    Kind = "tracker"    // one per pair
	KindSurvey     Kind = "survey"     // one per person
	KindWithdrawal Kind = "withdrawal" // one per person
	KindCheckIn    Kind = "checkin"    // one per person per month: Version is the month, yyyymm
	KindTipsOff    Kind = "tips_off"   // one per person: no more monthly tips
	KindContact    Kind = "contact"    // one per pair per day, from either person: Version is the day, yyyymmdd
)

// perPerson reports whether each member of a pair sends their own.
func (k Kind) perPerson() bool { return k == KindSurvey || k == KindWithdrawal || k == KindTipsOff }

// Entry is one participant submission: which pair and who sent it, when, whether after its due
// date, and the answers (a pointer to the form's struct).
type Entry struct {
	Cycle   string
	Match   string // the match's Key
	Kind    Kind
	Role    forms.Role // who sent it
	Version int        // goals: 1, 2, … in order of submission; check-ins: the month, yyyymm; otherwise 0
	SentAt  time.Time
	Late    bool
	Hash    string
	FormKey string // the key of the rendered form it was sent from (forms.NewKey); "" when it came without one
	Answers any
	Owes    []Email // the emails it owes (the partner's copy of goals, staff's alert), until sent; stored with it, since SentAt
	Expires time.Time
}

// Key is the entry's sort key: PAIR#<mentee>#<mentor>#<kind>[#<role>|#<version>].
func (e *Entry) Key() string {
	switch {
	case e.Kind == KindCheckIn:
		return entryKey(e.Match, e.Kind, fmt.Sprintf("%s#%06d", e.Role, e.Version))
	case e.Kind == KindGoals:
		return entryKey(e.Match, e.Kind, fmt.Sprintf("%04d", e.Version))
	case e.Kind == KindContact:
		return entryKey(e.Match, e.Kind, fmt.Sprintf("%08d", e.Version))
	case e.Kind.perPerson():
		return entryKey(e.Match, e.Kind, string(e.Role))
	}
	return entryKey(e.Match, e.Kind, "")
}

var entries = kind[Entry]{
	name:    "entry",
	exists:  ErrEntryExists,
	keys:    func(e *Entry) (string, string) { return cycleKey(e.Cycle), e.Key() },
	expires: func(e *Entry) *time.Time { return &e.Expires },
	encode:  encodeEntry,
	decode:  decodeEntry,
}

type entryItem struct {
	Cycle   string `dynamodbav:"cycle"`
	Match   string `dynamodbav:"match"`
	Kind    string `dynamodbav:"kind"`
	Role    string `dynamodbav:"role"`
	Version int    `dynamodbav:"version"`
	SentAt  string `dynamodbav:"sent_at"`
	Late    bool   `dynamodbav:"late"`
	Hash    string `dynamodbav:"hash"`
	FormKey string `dynamodbav:"form_key,omitempty"`
}

func encodeEntry(e *Entry) (map[string]types.AttributeValue, error) {
	answers, err := attributevalue.MarshalMapWithOptions(e.Answers, jsonTags)
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	it, err := attributevalue.MarshalMap(entryItem{Cycle: e.Cycle, Match: e.Match, Kind: string(e.Kind), Role: string(e.Role),
		Version: e.Version, SentAt: e.SentAt.UTC().Format(time.RFC3339Nano), Late: e.Late, Hash: e.Hash, FormKey: e.FormKey})
	if err != nil {
		return nil, err
	}
	it["answers"] = &types.AttributeValueMemberM{Value: answers}
	owed, err := OwedAttributes(e.SentAt, e.Owes...)
	if err != nil {
		return nil, err
	}
	maps.Copy(it, owed)
	return it, nil
}

// AddEntry stores a submission, and the emails it owes, in one write unless one with its key
// exists, in which case it stores (and owes) nothing and returns the stored one with
// ErrEntryExists. For goals, give the next version (Pair says which is the latest).
func (s *Store) AddEntry(ctx context.Context, e *Entry) (*Entry, error) {
	return entries.add(ctx, s, e)
}

// Year is what one pair has sent during the year.
type Year struct {
	Goals       []*Entry // every version, oldest first
	Tracker     *Entry
	Surveys     map[forms.Role]*Entry
	Withdrawals map[forms.Role]*Entry
	CheckIns    []*Entry // both people's, oldest month first
	TipsOff     map[forms.Role]*Entry
	Contacts    []*Entry // the days either person said the pair was in touch, oldest first
}

// NewYear is an empty year: a pair that has sent nothing.
func NewYear() *Year {
	return &Year{Surveys: map[forms.Role]*Entry{}, Withdrawals: map[forms.Role]*Entry{}, TipsOff: map[forms.Role]*Entry{}}
}

// add files one entry of the pair's under its kind.
func (y *Year) add(e *Entry) {
	switch e.Kind {
	case KindGoals:
		y.Goals = append(y.Goals, e)
	case KindTracker:
		y.Tracker = e
	case KindSurvey:
		y.Surveys[e.Role] = e
	case KindWithdrawal:
		y.Withdrawals[e.Role] = e
	case KindCheckIn:
		y.CheckIns = append(y.CheckIns, e)
	case KindTipsOff:
		y.TipsOff[e.Role] = e
	case KindContact:
		y.Contacts = append(y.Contacts, e)
	}
}

// FirstContact is when the pair first said it was in touch (zero if never).
func (y *Year) FirstContact() time.Time {
	if len(y.Contacts) == 0 {
		return time.Time{}
	}
	return y.Contacts[0].SentAt
}

// LastContact is when the pair last said it was in touch (zero if never).
func (y *Year) LastContact() time.Time {
	if len(y.Contacts) == 0 {
		return time.Time{}
	}
	return y.Contacts[len(y.Contacts)-1].SentAt
}

// ContactsIn counts the days of month (yyyymm) on which the pair said it was in touch.
func (y *Year) ContactsIn(month int) int {
	n := 0
	for _, e := range y.Contacts {
		if e.Version/100 == month {
			n++
		}
	}
	return n
}

// CheckIn is the person's check-in answer of the month (yyyymm), or nil.
func (y *Year) CheckIn(role forms.Role, month int) *Entry {
	for _, e := range y.CheckIns {
		if e.Role == role && e.Version == month {
			return e
		}
	}
	return nil
}

// SentWithKey is the pair's entry of kind that was sent from the rendered form with this key, or
// nil (always nil for "", an entry sent without a key).
func (y *Year) SentWithKey(kind Kind, formKey string) *Entry {
	if formKey == "" {
		return nil
	}
	all := slices.Concat(y.Goals, y.CheckIns, []*Entry{y.Tracker})
	for _, m := range []map[forms.Role]*Entry{y.Surveys, y.Withdrawals, y.TipsOff} {
		all = slices.AppendSeq(all, maps.Values(m))
	}
	for _, e := range all {
		if e != nil && e.Kind == kind && e.FormKey == formKey {
			return e
		}
	}
	return nil
}

// LatestGoals is the pair's current goals, or nil.
func (y *Year) LatestGoals() *Entry {
	if len(y.Goals) == 0 {
		return nil
	}
	return y.Goals[len(y.Goals)-1]
}

// PairYear reads everything a pair has sent this cycle, in one query.
func (s *Store) PairYear(ctx context.Context, cycle, match string) (*Year, error) {
	y := NewYear()
	err := s.query(ctx, cycle, pairKey(match), func(it map[string]types.AttributeValue) error {
		e, err := entries.value(it)
		if err != nil {
			return err
		}
		y.add(e)
		return nil
	})
	return y, err
}

// Years reads what every pair of the cycle has sent, by match key, in one query.
func (s *Store) Years(ctx context.Context, cycle string) (map[string]*Year, error) {
	out := map[string]*Year{}
	err := s.query(ctx, cycle, pairPrefix, func(it map[string]types.AttributeValue) error {
		e, err := entries.value(it)
		if err != nil {
			return err
		}
		if out[e.Match] == nil {
			out[e.Match] = NewYear()
		}
		out[e.Match].add(e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Entries lists every submission of one kind in a cycle, for staff.
func (s *Store) Entries(ctx context.Context, cycle string, kind Kind) ([]*Entry, error) {
	var out []*Entry
	err := s.query(ctx, cycle, pairPrefix, func(it map[string]types.AttributeValue) error {
		if k, ok := it["kind"].(*types.AttributeValueMemberS); !ok || k.Value != string(kind) {
			return nil
		}
		e, err := entries.value(it)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forms of each kind, to decode answers into.
var kindForms = map[Kind]*forms.Definition{
	KindGoals: forms.GoalsForm, KindTracker: forms.TrackerForm, KindSurvey: forms.SurveyForm, KindWithdrawal: forms.WithdrawalForm,
	KindCheckIn: forms.CheckInForm, KindTipsOff: forms.TipsForm, KindContact: forms.ContactForm,
}

// KindOf is the kind entries of form d are stored as; false for a form stored otherwise.
func KindOf(d *forms.Definition) (Kind, bool) {
	for k, f := range kindForms {
		if f == d {
			return k, true
		}
	}
	return "", false
}

func decodeEntry(av map[string]types.AttributeValue) (*Entry, error) {
	var it entryItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, err
	}
	def, ok := kindForms[Kind(it.Kind)]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", it.Kind)
	}
	at, err := time.Parse(time.RFC3339Nano, it.SentAt)
	if err != nil {
		return nil, fmt.Errorf("sent_at: %w", err)
	}
	e := &Entry{Cycle: it.Cycle, Match: it.Match, Kind: Kind(it.Kind), Role: forms.Role(it.Role), Version: it.Version,
		SentAt: at, Late: it.Late, Hash: it.Hash, FormKey: it.FormKey, Answers: def.New()}
	answers, _ := av["answers"].(*types.AttributeValueMemberM)
	if answers == nil {
		return nil, errors.New("no answers")
	}
	if err := attributevalue.UnmarshalMapWithOptions(answers.Value, e.Answers, fromJSONTag); err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	if e.Owes, err = decodeOwes(av); err != nil {
		return nil, err
	}
	return e, nil
}

// Match reads one match by its key.
func (s *Store) Match(ctx context.Context, cycle, key string) (*Match, error) {
	return matches.get(ctx, s, cycleKey(cycle), key)
}

// Participation is one side of a match: the match and the role its person has in it.
type Participation struct {
	Match *Match
	Role  forms.Role
	App   *Application
}

// Participations finds the current (not ended) matches of the person with this email address in
// a cycle, in either role.
func (s *Store) Participations(ctx context.Context, cycle, email string) ([]Participation, error) {
	apps := map[string]*Application{}
	for _, role := range forms.Roles {
		a, err := s.Application(ctx, cycle, role, email)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		apps[a.ID] = a
	}
	if len(apps) == 0 {
		return nil, nil
	}
	matches, err := s.Matches(ctx, cycle)
	if err != nil {
		return nil, err
	}
	var out []Participation
	for _, m := range matches {
		if m.Ended {
			continue
		}
		if a := apps[m.Mentor]; a != nil {
			out = append(out, Participation{m, forms.RoleMentor, a})
		}
		if a := apps[m.Mentee]; a != nil {
			out = append(out, Participation{m, forms.RoleMentee, a})
		}
	}
	return out, nil
}

// ApplicationByID reads the application with the given id in a cycle and role.
func (s *Store) ApplicationByID(ctx context.Context, cycle string, role forms.Role, id string) (*Application, error) {
	var found *Application
	err := s.query(ctx, cycle, appsKey(role), func(it map[string]types.AttributeValue) error {
		if v, ok := it["id"].(*types.AttributeValueMemberS); !ok || v.Value != id || found != nil {
			return nil
		}
		a, err := applications.value(it)
		found = a
		return err
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, ErrNotFound
	}
	return found, nil
}
