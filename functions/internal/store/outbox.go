package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// Email is an email an item owes: which text, to whom, with which values, under which id. It is
// an intent, rendered only when it is sent (package outbox), so that a personal link can be
// minted then; no token is ever stored in it.
type Email struct {
	ID     string            `dynamodbav:"id"`     // unique within the recipient's cycle, e.g. receipt-<application id>
	Text   string            `dynamodbav:"text"`   // the email text's name under content/emails, e.g. application-received
	To     Recipient         `dynamodbav:"to"`     // whom it goes to
	Values map[string]string `dynamodbav:"values"` // the text's placeholders' values, but LinkURL (filled in when sent)
	// Blocks are the Markdown sources of the text's block placeholders, as package notify built
	// them when the email was owed (markdown.Block.Source, read back by markdown.Kept); never a person's raw words.
	Blocks map[string]string `dynamodbav:"blocks,omitempty"`
}

// Recipient is whom an email goes to: a person of a cycle (role and application id), or a staff
// address of the cycle.
type Recipient struct {
	Cycle string     `dynamodbav:"cycle"`
	Role  forms.Role `dynamodbav:"role,omitempty"`
	ID    string     `dynamodbav:"id,omitempty"`    // the person's application id
	Staff string     `dynamodbav:"staff,omitempty"` // a staff address, instead of a person
	// Page is the page of the person's own (under forms.PairPath, e.g. one pair's page) that
	// their personal link opens; their page when empty.
	Page string `dynamodbav:"page,omitempty"`
	// Asked says that the personal link is one the person asked for (a new-link request): its
	// first use retires their older links (package links).
	Asked bool `dynamodbav:"asked,omitempty"`
}

// Person is the recipient as a sent marker names it: the application id, or the email key of a
// staff address.
func (r Recipient) Person() string {
	if r.Staff != "" {
		return EmailKey(r.Staff)
	}
	return r.ID
}

// The attributes an item carries while it owes emails (see the package documentation), and the
// sparse index that finds such items.
const (
	OutboxIndex   = "outbox"     // the index: outbox (partition), owed_since (sort)
	outboxAttr    = "outbox"     // owedValue while the item owes an email; absent otherwise
	owedSinceAttr = "owed_since" // RFC 3339 time of the oldest email owed
	owesAttr      = "owes"       // list of Email
	owedValue     = "owed"
)

// OwedAttributes are the attributes to add to a new item's PutItem so that the item owes the
// emails, since the time given; nil when there are none.
func OwedAttributes(since time.Time, emails ...Email) (map[string]types.AttributeValue, error) {
	if len(emails) == 0 {
		return nil, nil
	}
	list, err := encodeEmails(emails)
	if err != nil {
		return nil, err
	}
	return map[string]types.AttributeValue{outboxAttr: str(owedValue), owedSinceAttr: str(stamp(since)), owesAttr: list}, nil
}

// OweUpdate is what an UpdateItem adds so that an existing item owes the emails as well as any it
// owes already: the clauses to append to its SET expression (after a comma) and their values,
// whose names all begin with ":owe_".
func OweUpdate(since time.Time, emails ...Email) (set string, values map[string]types.AttributeValue, err error) {
	list, err := encodeEmails(emails)
	if err != nil {
		return "", nil, err
	}
	return outboxAttr + " = :owe_outbox, " + owedSinceAttr + " = if_not_exists(" + owedSinceAttr + ", :owe_since), " +
			owesAttr + " = list_append(if_not_exists(" + owesAttr + ", :owe_none), :owe_list)",
		map[string]types.AttributeValue{":owe_outbox": str(owedValue), ":owe_since": str(stamp(since)),
			":owe_none": &types.AttributeValueMemberL{Value: []types.AttributeValue{}}, ":owe_list": list}, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func encodeEmails(emails []Email) (types.AttributeValue, error) {
	if len(emails) == 0 {
		return nil, errors.New("store: no email to owe")
	}
	list := make([]types.AttributeValue, len(emails))
	for i := range emails {
		if emails[i].ID == "" || emails[i].Text == "" || emails[i].To.Cycle == "" {
			return nil, fmt.Errorf("store: owed email %q (%q) lacks an id, a text or a cycle", emails[i].ID, emails[i].Text)
		}
		av, err := attributevalue.Marshal(emails[i])
		if err != nil {
			return nil, fmt.Errorf("store: encode owed email: %w", err)
		}
		list[i] = av
	}
	return &types.AttributeValueMemberL{Value: list}, nil
}

// Owed is an item that owes emails, as read (or as a stream record showed it).
type Owed struct {
	PK, SK  string
	Since   time.Time
	Emails  []Email
	Expires time.Time                       // the item's ttl: markers of its emails expire with it
	Item    map[string]types.AttributeValue // every attribute, to find a recipient's address on it
}

// DecodeOwed reads what an item owes from its attributes; nil when it owes nothing.
func DecodeOwed(item map[string]types.AttributeValue) (*Owed, error) {
	list, _ := item[owesAttr].(*types.AttributeValueMemberL)
	if list == nil || len(list.Value) == 0 {
		return nil, nil
	}
	pk, _ := item["pk"].(*types.AttributeValueMemberS)
	sk, _ := item["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil {
		return nil, errors.New("store: an owing item without keys")
	}
	o := &Owed{PK: pk.Value, SK: sk.Value, Item: item}
	if err := attributevalue.Unmarshal(list, &o.Emails); err != nil {
		return nil, fmt.Errorf("store: decode owed emails of %s: %w", describe(item), err)
	}
	if since, ok := item[owedSinceAttr].(*types.AttributeValueMemberS); ok {
		o.Since, _ = time.Parse(time.RFC3339Nano, since.Value)
	}
	if ttl, ok := item["ttl"].(*types.AttributeValueMemberN); ok {
		if sec, err := strconv.ParseInt(ttl.Value, 10, 64); err == nil {
			o.Expires = time.Unix(sec, 0)
		}
	}
	return o, nil
}

// decodeOwes reads the emails an item owes, for the kinds that show them.
func decodeOwes(item map[string]types.AttributeValue) ([]Email, error) {
	o, err := DecodeOwed(item)
	if o == nil || err != nil {
		return nil, err
	}
	return o.Emails, nil
}

// Key names an owing item in logs and errors (keys hold no personal data).
func (o *Owed) Key() string { return o.PK + "/" + o.SK }

// OwedSince lists the items that have owed an email since before t, oldest first, from the
// sparse index (which holds only such items); read each with Owing before sending.
func (s *Store) OwedSince(ctx context.Context, t time.Time) ([][2]string, error) {
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(OutboxIndex),
		KeyConditionExpression:    aws.String("#o = :owed AND #s < :t"),
		ExpressionAttributeNames:  map[string]string{"#o": outboxAttr, "#s": owedSinceAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":owed": str(owedValue), ":t": str(stamp(t))},
	})
	var out [][2]string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("store: query owed emails: %w", err)
		}
		for _, it := range page.Items {
			pk, _ := it["pk"].(*types.AttributeValueMemberS)
			sk, _ := it["sk"].(*types.AttributeValueMemberS)
			if pk != nil && sk != nil {
				out = append(out, [2]string{pk.Value, sk.Value})
			}
		}
	}
	return out, nil
}

// Owing reads the item at pk, sk and what it owes; nil when it is gone or owes nothing now.
func (s *Store) Owing(ctx context.Context, pk, sk string) (*Owed, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("store: get owing item: %w", err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return DecodeOwed(out.Item)
}

// Settle records that the item no longer owes the email id (it went, or it will never go): it
// removes it from the item, and the owed attributes with the last one. The item is read again
// should it have changed since o was read.
func (s *Store) Settle(ctx context.Context, o *Owed, id string) error {
	for range 5 {
		i := -1
		for j, e := range o.Emails {
			if e.ID == id {
				i = j
			}
		}
		if i < 0 {
			return nil
		}
		at := owesAttr + "[" + strconv.Itoa(i) + "]"
		update, condition := "REMOVE "+at, at+".id = :id"
		values := map[string]types.AttributeValue{":id": str(id)}
		if len(o.Emails) == 1 {
			update = "REMOVE " + outboxAttr + ", " + owedSinceAttr + ", " + owesAttr
			condition += " AND size(" + owesAttr + ") = :one"
			values[":one"] = num(1)
		}
		err := s.update(ctx, "settle owed email", o.PK, o.SK, update, condition, nil, values)
		if !errors.Is(err, errConditionFailed) {
			return err
		}
		now, err := s.Owing(ctx, o.PK, o.SK)
		if err != nil {
			return err
		}
		if now == nil {
			return nil
		}
		*o = *now
	}
	return fmt.Errorf("store: settle owed email of %s: the item keeps changing", o.Key())
}

// Addresses finds the addresses of owed emails' recipients for one batch of sends (a stream
// batch, a poll pass, a sweep): it reads each cycle and role's applications once, on first need,
// and again only to confirm that a person is missing. Make one per batch and drop it after: a
// person forgotten after it read their role would still be found. It is not for concurrent use.
type Addresses struct {
	s     *Store
	roles map[cycleRole]map[string]string // application id → address, as last read
	gone  map[Recipient]bool              // missing from the read made on their miss
}

type cycleRole struct {
	cycle string
	role  forms.Role
}

// Addresses is an empty book of addresses, for one batch of sends.
func (s *Store) Addresses() *Addresses {
	return &Addresses{s: s, roles: map[cycleRole]map[string]string{}, gone: map[Recipient]bool{}}
}

// Address is the address of an owed email's recipient: the staff address, the address on the
// owing item when it is the recipient's own application, or else that of the recipient's
// application (ErrNotFound when there is none, as after the person was forgotten).
func (b *Addresses) Address(ctx context.Context, o *Owed, r Recipient) (string, error) {
	if r.Staff != "" {
		return r.Staff, nil
	}
	id, _ := o.Item["id"].(*types.AttributeValueMemberS)
	email, _ := o.Item["email"].(*types.AttributeValueMemberS)
	if id != nil && email != nil && id.Value == r.ID && strings.HasPrefix(o.SK, appsKey(r.Role)) {
		return email.Value, nil
	}
	person := Recipient{Cycle: r.Cycle, Role: r.Role, ID: r.ID}
	if b.gone[person] {
		return "", ErrNotFound
	}
	k := cycleRole{r.Cycle, r.Role}
	if addr, ok := b.roles[k][r.ID]; ok {
		return addr, nil
	}
	// Read on first need, and again on a miss: the role may have been read before the
	// application was stored.
	ids := map[string]string{}
	err := b.s.query(ctx, r.Cycle, appsKey(r.Role), func(it map[string]types.AttributeValue) error {
		id, _ := it["id"].(*types.AttributeValueMemberS)
		email, _ := it["email"].(*types.AttributeValueMemberS)
		if id != nil && email != nil {
			ids[id.Value] = email.Value
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	b.roles[k] = ids
	if addr, ok := ids[r.ID]; ok {
		return addr, nil
	}
	b.gone[person] = true
	return "", ErrNotFound
}
