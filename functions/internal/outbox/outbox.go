// Package outbox sends the emails that submissions and staff steps owe.
//
// # Recording an owed email
//
// An email is owed in the same single write as the item that owes it, as attributes of that
// item (the table has no transactions: package store). It is stored as an intent, a store.Email:
// the email text's name under content/emails, the recipient (a person of a cycle — role and
// application id — or a staff address), the placeholders' values, and an id unique within the
// recipient's cycle (derive it from what owes it, e.g. "receipt-<application id>", so that a
// step run again owes the same email, not a second one). It is rendered only when sent, so
// that an email to a participant can carry a personal link minted then (the LinkURL
// placeholder, which the sender fills in through Links); never put a token in Values.
//
// A caller records it in one of three ways:
//
//   - an item kind whose struct has an Owes field (store.Application): set it before the add,
//     e.g. a.Owes = []store.Email{receipt.Received(cal, cy, a)}; st.AddApplication(ctx, a);
//   - any other new item: add store.OwedAttributes(at, emails...) to its PutItem's Item;
//   - an existing item: append the clauses of store.OweUpdate(at, emails...) to its UpdateItem's
//     SET expression (after a comma) and its values to the ExpressionAttributeValues, as
//     store.(*Store).MarkExplained does.
//
// The request then answers: the sender does the rest.
//
// # Sending
//
// While an item owes something it carries outbox and owed_since, so the sparse index
// store.OutboxIndex lists it. In AWS the sender function reads the table's stream (Stream); a
// record that fails is reported alone (ReportBatchItemFailures) and retried, and the daily run
// sweeps whatever is still owed after Grace (Sweep). Locally (no streams) the local stack runs
// the same code on a short poll of the index (Poller).
//
// Each email goes at most once per id: the sender claims a marker (store.Sent, message
// store.MailPrefix + id) with a conditional put before sending, confirms it once sent, and then
// removes the email from the item (store.(*Store).Settle). So:
//
//   - a stream record seen twice, a retry, or a sweep racing the stream sends nothing twice: the
//     second claim fails, and a confirmed marker only settles the item;
//   - an email the mail service refuses releases its claim and stays owed: it goes at a later
//     try (an outage delays it, never loses it);
//   - a claim whose answer was lost (the database stopped as it wrote it), or whose release
//     failed after the mail service refused the email, is known to its sender as not sent
//     (store.Claims): the same sender, meeting its own claim again, releases it and sends the
//     email then;
//   - a sender that dies between the claim and the confirmation leaves an unconfirmed claim:
//     after Abandoned the email is settled unsent (never sent twice), and the staff digest
//     lists the claim so that a person can check and write by hand;
//   - an email to a person no longer stored (forgotten on request) is settled unsent;
//   - an email that cannot be rendered (an unknown text, a missing value) fails alone, every
//     time, and stays owed; the stream's failure destination keeps its record and the sweep's
//     errors name it.
//
// The recipients' addresses are read from their applications, each cycle and role's at most
// once per batch (a stream batch, a poll pass, a sweep: store.Addresses), and again only for a
// person not found; the next batch reads them afresh, so that nobody forgotten in between is
// sent anything.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Grace is how long the sweep leaves an owed email to the stream (and its retries) first.
const Grace = 15 * time.Minute

// Abandoned is how long after an unconfirmed claim its sender is taken to have died.
const Abandoned = time.Minute

// LinkPlaceholder is the placeholder that the sender fills in with Links.
const LinkPlaceholder = "LinkURL"

// checkLink stands for the link while an email's rendering is checked, before it is claimed.
const checkLink = "https://example.org/"

// Sender sends owed emails.
type Sender struct {
	Store *store.Store
	Mail  notify.Sender
	// Links is the address for the recipient's LinkURL placeholder, asked for only when the
	// email's text has one, after the email is claimed and before it is rendered.
	Links func(ctx context.Context, to store.Recipient) (string, error)
	Log   *slog.Logger
	Now   func() time.Time // time.Now when nil

	texts  sync.Map // text name → *notify.Text
	claims store.Claims
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// text loads the email text called name once.
func (s *Sender) text(name string) (*notify.Text, error) {
	if t, ok := s.texts.Load(name); ok {
		return t.(*notify.Text), nil
	}
	t, err := notify.Load(name)
	if err != nil {
		return nil, err
	}
	s.texts.Store(name, t)
	return t, nil
}

// Deliver sends every email the item owes and settles each; it goes on past a failure, and
// returns how many it sent with the failures joined.
func (s *Sender) Deliver(ctx context.Context, o *store.Owed) (int, error) {
	return s.deliverItem(ctx, s.Store.Addresses(), o)
}

// deliverItem is Deliver with the addresses of the batch the item is delivered in.
func (s *Sender) deliverItem(ctx context.Context, book *store.Addresses, o *store.Owed) (int, error) {
	sent := 0
	var errs []error
	for _, e := range append([]store.Email(nil), o.Emails...) {
		ok, err := s.deliver(ctx, book, o, e)
		if ok {
			sent++
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("outbox: %s of %s: %w", e.ID, o.Key(), err))
		}
	}
	return sent, errors.Join(errs...)
}

// deliver sends one email: render what needs no side effect, claim, mint the link, send,
// confirm, settle.
func (s *Sender) deliver(ctx context.Context, book *store.Addresses, o *store.Owed, e store.Email) (bool, error) {
	text, err := s.text(e.Text)
	if err != nil {
		return false, err
	}
	to, err := book.Address(ctx, o, e.To)
	if errors.Is(err, store.ErrNotFound) {
		s.log().Info("outbox: the recipient is no longer stored (forgotten); settled unsent", "item", o.Key(), "email", e.ID)
		return false, s.Store.Settle(ctx, o, e.ID)
	}
	if err != nil {
		return false, fmt.Errorf("recipient: %w", err)
	}
	values := map[string]string{}
	for k, v := range e.Values {
		values[k] = v
	}
	link := slices.Contains(text.Placeholders(), LinkPlaceholder)
	if link {
		values[LinkPlaceholder] = checkLink // filled in once claimed; the rendering is checked first
	}
	blocks := markdown.Blocks{}
	for k, v := range e.Blocks {
		blocks[k] = markdown.Kept(v)
	}
	if _, err := text.Render(to, values, blocks); err != nil {
		return false, err
	}

	m := &store.Sent{Cycle: e.To.Cycle, Message: store.MailPrefix + e.ID, Person: e.To.Person(), Text: e.Text,
		ClaimedAt: s.now().UTC(), Expires: o.Expires}
	if old, err := s.claims.Claim(ctx, s.Store, m); errors.Is(err, store.ErrSentExists) {
		switch {
		case old.Delivered:
			return false, s.Store.Settle(ctx, o, e.ID)
		case s.now().Sub(old.ClaimedAt) >= Abandoned:
			s.log().Error("outbox: claimed but never confirmed; settled unsent, the staff digest lists it",
				"item", o.Key(), "email", e.ID, "claimed_at", old.ClaimedAt)
			return false, s.Store.Settle(ctx, o, e.ID)
		}
		return false, nil // another sender is sending it now
	} else if err != nil {
		return false, err
	}
	release := func(cause error) error {
		if err := s.claims.Release(context.WithoutCancel(ctx), s.Store, m); err != nil {
			return errors.Join(cause, err)
		}
		return cause
	}
	if link {
		if values[LinkPlaceholder], err = s.Links(ctx, e.To); err != nil {
			return false, release(fmt.Errorf("link: %w", err))
		}
	}
	msg, err := text.Render(to, values, blocks)
	if err != nil {
		return false, release(err)
	}
	if err := s.Mail.Send(ctx, msg); err != nil {
		return false, release(err)
	}
	if err := s.Store.ConfirmSent(ctx, m); err != nil {
		s.log().Error("outbox: sent but not confirmed", "item", o.Key(), "email", e.ID, "err", err)
		return true, err
	}
	return true, s.Store.Settle(ctx, o, e.ID)
}

// Sweep sends what every item has owed since before t (the daily run: now less Grace), and
// returns how many it sent with the failures joined.
func (s *Sender) Sweep(ctx context.Context, t time.Time) (int, error) {
	keys, err := s.Store.OwedSince(ctx, t)
	if err != nil {
		return 0, err
	}
	book := s.Store.Addresses()
	sent := 0
	var errs []error
	for _, k := range keys {
		o, err := s.Store.Owing(ctx, k[0], k[1])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if o == nil {
			continue
		}
		n, err := s.deliverItem(ctx, book, o)
		sent += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}
