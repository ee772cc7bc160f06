// Package store keeps the program's records in one DynamoDB table.
//
// It writes through single-item conditional writes only (no transactions), so that it runs
// unchanged on DynamoDB and on the local DynamoDB-compatible server.
//
// # Table
//
// One table (see Definition): partition key pk (string), sort key sk (string), on-demand billing,
// one sparse global secondary index (outbox, below), a stream of new images (read by the sender,
// package outbox), and a time-to-live attribute ttl (number, Unix seconds) that AWS uses to
// delete expired items. Every item carries a ttl: items holding personal data (applications,
// proposals, matches, rematch requests, participant entries) the cycle's expiry (its end plus
// the calendar's retention period), tokens and locks their own end.
//
// Keys hold no personal data, so they are safe to appear in metrics and error messages. The
// package alone writes and reads them (keys.go); callers pass and get ids, roles and cycles.
//
// # Items
//
// Application, one per person per role per cycle:
//
//	pk            "CYCLE#<cycle id>"                     e.g. CYCLE#2026-27
//	sk            "APP#<role>#<email key>"               role mentor|mentee; email key = hex SHA-256 of the normalised address
//	id            random identifier given to the applicant
//	cycle, role   as in the keys
//	email         the address as the applicant typed it
//	status        submitted | accepted | declined | withdrawn: staff's decision, or the person left (package lifecycle)
//	submitted_at  RFC 3339 time
//	hash          SHA-256 of the canonical submission (or of staff's correction): tells a replay from a different second application
//	answers       map: every answer, confidential ones included (staff and matcher only)
//	outcome       declined | unpaired: the outcome email a commit owes the applicant (absent unless a commit left them unmatched)
//	outcome_sent  whether that email is recorded: owed in the same write (outcome-<id>), then sent (so a commit run again owes it once)
//	explained_on  yyyy-mm-dd: the day the person was last told that a second application changed nothing (once a day)
//	links_from    Unix seconds: the person's personal links and sessions made before then no longer work
//	certificate_by_hand  RFC 3339 time: when staff issued the person a certificate of completion by hand (absent if never)
//	outbox, owed_since, owes   the emails it owes: its receipt, the note on a second application (see Owed emails)
//	ttl           the cycle's expiry, Unix seconds
//
// A cycle's applications for one role are one Query: pk = CYCLE#<cycle> and sk begins with
// APP#<role>#.
//
// Proposal, one per set of inputs the matcher proposed from (staff only):
//
//	pk            "CYCLE#<cycle id>"
//	sk            "PROPOSAL#<id>"                        id derives from the inputs and the pairs: proposing again on unchanged data finds it
//	cycle         as in pk
//	mode          propose | rematch
//	exclude       list: application ids staff left out
//	inputs        map: item key → version, what the proposal was built from (an application's version is
//	              the SHA-256 of its stored answers with its status, so any change to them shows)
//	ends          list: the match keys a rematch ends
//	requests      list: the rematch request keys it answers
//	kept          list: the match keys a rematch was asked of but keeps (no new partner for the one who asked)
//	body          binary: the proposal as gzip-compressed JSON (pairs, scores, reasons)
//	created_at    RFC 3339 time
//	ttl           the cycle's expiry, Unix seconds
//
// Match, one per committed pair per cycle:
//
//	pk            "CYCLE#<cycle id>"
//	sk            "MATCH#<mentee id>#<mentor id>"        the match key (application ids)
//	cycle, mentor, mentee   as in the keys
//	proposal      the id of the proposal it was committed from
//	mentor_emailed, mentee_emailed  whether each side's introduction is recorded: owed on the match (introduction-<mentee>-<mentor>-<role>), then sent
//	ended, ended_at                 whether and when the pair parted
//	ended_reason  withdrawal | rematch | staff: why (see package lifecycle)
//	ended_by      for a withdrawal, the side that left: mentor|mentee
//	mentor_end_told, mentee_end_told  whether each side is told the match ended (when given no new partner at once): owed in the write that ends it
//	created_at    RFC 3339 time
//	ttl           the cycle's expiry, Unix seconds
//
// A cycle's matches are one Query: sk begins with MATCH#.
//
// Rematch request, one per side of a match:
//
//	pk            "CYCLE#<cycle id>"
//	sk            "REMATCH#<match key>#<role>"           role: the side asking, mentor|mentee
//	cycle, match, role   as in the keys
//	reason        the participant's words (staff only)
//	status        submitted | accepted | declined | done
//	created_at    RFC 3339 time
//	ttl           the cycle's expiry, Unix seconds
//
// A cycle's rematch requests are one Query: sk begins with REMATCH#.
//
// Participant entry, one per form a pair sends during the year: goals (every version kept),
// the mid-point tracker (one per pair), the wrap-up survey and a withdrawal (one per person):
//
//	pk            "CYCLE#<cycle id>"
//	sk            "PAIR#<mentee id>#<mentor id>#<kind>[#<version>|#<role>]"   kind goals|tracker|survey|withdrawal;
//	                                                     goals carry a 4-digit version, surveys and withdrawals the sender's role
//	cycle, match, kind, role   the match key and who sent it
//	version       goals: 1, 2, … in order of submission; otherwise 0
//	sent_at       RFC 3339 time
//	late          whether it was sent after its due date
//	hash          SHA-256 of the canonical submission: tells a replay from different answers
//	form_key      the key of the rendered form it was sent from; absent when it came without one
//	answers       map: the form's answers (the survey's are confidential)
//	outbox, owed_since, owes   the emails it owes until they are sent (the partner's copy of goals,
//	              staff's "we need help" alert): see Owed emails
//	ttl           the cycle's expiry, Unix seconds
//
// Everything a pair has sent is one Query: sk begins with PAIR#<mentee id>#<mentor id>#; every
// pair's, one Query on PAIR#. Two more kinds are kept the same way: the monthly check-in
// (kind checkin, one per person per month: the sort key ends #<role>#<yyyymm>, version holds the
// month) and the tips opt-out (kind tips_off, one per person, ending #<role>).
//
// Sent marker, one per scheduled message per person per cycle (reminders, tips, staff digest;
// markers written when a pair's messages went once a pair also name the pair):
//
//	pk            "CYCLE#<cycle id>"
//	sk            "SENT#<message>#<person>[#<mentee id>#<mentor id>]"   message e.g. goals-7d, tips-2026-12,
//	                                                     digest-2026-11-09; person: an application id, or the
//	                                                     email key of a staff address; the pair in older markers
//	cycle, message, person   as in the keys
//	match         the pair's match key in older markers, else ""
//	activity, resource       tips: what was suggested, so that it is not suggested again
//	text          an owed email's text (its message is mail-<email id>)
//	claimed_at    RFC 3339 time: added with a conditional put before the message goes
//	delivered     set once the message has gone; a claim left undelivered is reported to staff
//	ttl           the cycle's expiry, Unix seconds
//
// A cycle's markers are one Query: sk begins with SENT#. An owed email's marker (message
// mail-<email id>) is claimed and confirmed the same way by the sender (package outbox).
//
// Owed emails: any item may owe emails, recorded in the write that owes them (OwedAttributes for
// a PutItem, OweUpdate for an UpdateItem):
//
//	outbox        "owed" while the item owes an email, absent otherwise: the index's partition key
//	owed_since    RFC 3339 time the oldest owed email was recorded: the index's sort key
//	owes          list of maps, one per email (Email): id, text (content/emails name), to (cycle,
//	              role and id of a person, with the page their link opens and whether it is one
//	              they asked for; or staff: an address), values (the placeholders'), blocks
//	              (Markdown kept as notify built it)
//
// The index outbox (keys only) holds just the items that owe something, so what has been owed
// since before a time is one Query (OwedSince). Settle removes a sent email, and the three
// attributes with the last one.
//
// Mail problem, one per person and cycle (the latest kept): an email that bounced, that the
// person marked as spam, or that the mail service rejected, as its event notice reported it:
//
//	pk            "CYCLE#<cycle id>"
//	sk            "MAILPROBLEM#<email key>"
//	cycle, email  the cycle, and the recipient's address as the mail service reports it
//	kind          bounce | complaint | reject
//	detail        the notice's own words, e.g. "Permanent: General"
//	subject       the subject of the email that did not arrive
//	at            RFC 3339 time of the notice
//	ttl           the cycle's expiry, Unix seconds
//
// A cycle's mail problems are one Query: sk begins with MAILPROBLEM#.
//
// Personal link, one per email that carried one, and session, one per browser signed in with a
// link (package links):
//
//	pk            "TOKEN#<SHA-256 of the link's secret>" or "SESSION#<SHA-256 of the session's secret>"
//	sk            "TOKEN" or "SESSION"                   the secrets themselves are never stored
//	cycle, role   the person's cycle and role
//	person        the person's application id
//	issued_at     Unix seconds: when the link was made or the session began
//	requested     links only: the person asked for it (its first use retires their older links and sessions)
//	expires_at    Unix seconds, the end of the program year; an expired one is not found even before AWS deletes it
//	ttl           as expires_at
//
// A link or session works while it has not expired, its person's application exists, and it was
// made at or after the application's links_from. Links are never replaced, so a stranger who
// asks for a new link for someone cancels nothing.
//
// New-link requests, one item per address per day, counting them against a daily cap:
//
//	pk            "LINKASK#<email key>"
//	sk            yyyy-mm-dd
//	asked         how many new links the address asked for that day
//	outbox, owed_since, owes   the new links the requests owe until they are sent (Owed emails)
//	ttl           when the links it owes would stop working (two days on at least), Unix seconds
//
// Lock, one per named lock (the matcher takes "matcher#<cycle id>"):
//
//	pk            "LOCK#<name>"
//	sk            "LOCK"
//	owner         random identifier of the run holding it
//	expires_at    Unix seconds; an expired lock may be taken over
//	ttl           as expires_at
package store
