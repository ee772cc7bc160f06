package web

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// ParticipantsConfig is what the participants' handler is built from.
type ParticipantsConfig struct {
	Calendar *program.Calendar
	Store    *store.Store
	Pages    Pages    // the built site, whose layout the handler's pages take
	SiteURL  string   // the site's address, whose pages may post here, e.g. https://mentoring.ala.org (links in emails are the sender's: package outbox)
	Staff    []string // who is told at once when a participant answers "we need help"
	Log      *slog.Logger
	Now      func() time.Time // the clock; time.Now when nil
	Deadline time.Duration    // how long one request's storage calls may take; DefaultDeadline when 0
	// LinkAnswer is how long a request for a new link takes to be answered, whoever asks, so
	// that the time tells nobody whether an address is a participant's; LinkAnswerTime when 0.
	LinkAnswer time.Duration
}

// LinkAnswerTime is how long a request for a new link takes to be answered: longer than finding
// the person's pairs and sending their links takes.
const LinkAnswerTime = 1500 * time.Millisecond

type participants struct {
	ParticipantsConfig
	pagesWriter
}

// Participants returns the handler of the pair's page (GET /api/pair), each participant form's
// page (GET /api/pair/<form>, and POST for the question asked before a step that cannot be
// undone), the participant forms (POST /api/goals, /api/trackers, /api/surveys,
// /api/rematch-requests, /api/withdrawals, /api/check-ins, /api/tips) and the request for a new
// personal link (POST /api/links).
func Participants(cfg ParticipantsConfig) http.Handler {
	cfg.Now, cfg.Log = clockAndLog(cfg.Now, cfg.Log)
	return guard(&participants{ParticipantsConfig: cfg, pagesWriter: pagesWriter{pages: cfg.Pages, log: cfg.Log}},
		cfg.SiteURL, cfg.Deadline, cfg.Log)
}

func (h *participants) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	logged(h.Log, "participant", w, r, h.route)
}

func (h *participants) route(w http.ResponseWriter, r *http.Request) outcome {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == forms.PairPath:
		return h.pairPage(w, r)
	case r.Method == http.MethodPost && r.URL.Path == forms.LinkForm.Action:
		return h.link(w, r)
	case r.Method == http.MethodPost && r.URL.Path == SessionPath:
		return h.switchSession(w, r)
	case r.Method == http.MethodPost && formOf(r.URL.Path) != nil:
		return h.submit(w, r, formOf(r.URL.Path))
	case r.Method == http.MethodGet && r.URL.Path == CertificatePath:
		return h.certificatePage(w, r)
	}
	if name, ok := strings.CutPrefix(r.URL.Path, forms.PairPath+"/"); ok && formNamed(name) != nil {
		switch f := formNamed(name); {
		case r.Method == http.MethodGet:
			return h.formPage(w, r, f)
		case r.Method == http.MethodPost && f.irreversible():
			return h.check(w, r, f)
		}
	}
	http.NotFound(w, r)
	return outcome{name: "not_found", status: http.StatusNotFound}
}

// participant is the person a personal link belongs to, with their match and what the pair has
// sent so far.
type participant struct {
	cycle       *program.Cycle
	match       *store.Match
	role        forms.Role
	me, partner *store.Application
	year        *store.Year
	rematch     *store.RematchRequest // this person's request, if any
	many        bool                  // the person has several current pairs
	mine        []*store.Match        // every pair of the person's this cycle, current or ended
}

var errUnknownLink = errors.New("web: unknown, expired or retired personal link, or no session")

// partnerRole is the role of the other member of the pair.
func (p *participant) partnerRole() forms.Role {
	if p.role == forms.RoleMentor {
		return forms.RoleMentee
	}
	return forms.RoleMentor
}

// pairPage answers GET /api/pair: with ?token=, it signs the browser in with the personal link
// (see signIn); otherwise it shows the signed-in person's page about the pair asked for.
func (h *participants) pairPage(w http.ResponseWriter, r *http.Request) outcome {
	if token := r.URL.Query().Get("token"); token != "" {
		return h.signIn(w, r, token, r.URL.Query().Get("next"), false)
	}
	p, err := h.signedIn(r)
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	v := h.overview(p, sentForm(r))
	if v.Certificate, err = h.certificateLink(r.Context(), p); err != nil {
		return h.fault(w, r, err)
	}
	h.component(w, r, http.StatusOK, "Your pair's page", overviewPage(v), false)
	return outcome{name: "pair_page", status: http.StatusOK, role: p.role, cycle: p.cycle.ID}
}

// sentForm is the form a plain POST was just accepted for (?sent=<name>), or nil.
func sentForm(r *http.Request) *pairForm {
	return formNamed(r.URL.Query().Get("sent"))
}

// unknownLink answers a request without a working personal link: 401 with the site's page for
// matched pairs, which offers a new link; or a fault.
func (h *participants) unknownLink(w http.ResponseWriter, r *http.Request, err error) outcome {
	var several *errSeveralPairs
	if errors.As(err, &several) {
		return h.choosePair(w, r, several)
	}
	if !errors.Is(err, errUnknownLink) {
		return h.fault(w, r, err)
	}
	const message = "This personal link does not work, or this browser is no longer signed in: links stop working after the " +
		"program year ends, or once you open a new link you asked for. Ask for a new link below: we send it to the address you applied with."
	if wantsJSON(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": message})
	} else {
		var notice strings.Builder
		if err := linkProblem(message).Render(r.Context(), &notice); err != nil {
			h.Log.Error("page", "err", err.Error())
		}
		h.renderPage(w, r, http.StatusUnauthorized, "/participants/", "Your link does not work", "", func(siteMain string) string {
			return notice.String() + "\n" + siteMain
		})
	}
	return outcome{name: "unknown_link", status: http.StatusUnauthorized}
}

// choosePair answers a request about "your pair" from a person with several: the page lists
// them; a form sent without naming its pair is refused.
func (h *participants) choosePair(w http.ResponseWriter, r *http.Request, e *errSeveralPairs) outcome {
	if r.Method != http.MethodGet {
		h.writeProblem(w, r, problem{status: http.StatusConflict, message: "You have several pairs, and this form did not say " +
			"which it is for. Open the pair's page from your list of pairs and send it from there."}, false, nil, nil, "")
		return outcome{name: "refused", status: http.StatusConflict, role: e.me.Role, cycle: e.cycle.ID}
	}
	v := pairsView{Hello: fmt.Sprintf("Hello %s. You are the %s of %d pairs in the ALSC Mentoring Program %s. Choose one to see where it stands and what is due.",
		e.me.Form.Applicant().Name, e.me.Role, len(e.pairs), e.cycle.Title())}
	for _, c := range e.pairs {
		// Each link keeps what was asked for (a form's page, a one-click answer) and names the pair.
		v.Pairs = append(v.Pairs, linkView{Label: "Your pair with " + c.partner.Form.Applicant().Name, URL: withPair(r.URL.RequestURI(), c.partner.ID)})
	}
	h.component(w, r, http.StatusOK, "Your pairs", pairsPage(v), false)
	return outcome{name: "pairs_page", status: http.StatusOK, role: e.me.Role, cycle: e.cycle.ID}
}

func (h *participants) fault(w http.ResponseWriter, r *http.Request, err error) outcome {
	status, message := http.StatusInternalServerError, "Something went wrong on our side, and nothing was changed. Please try again in a few minutes."
	if unavailable(err) {
		setRetryAfter(w, RetryAfter)
		status, message = http.StatusServiceUnavailable, fmt.Sprintf("Our database did not answer in time, "+
			"so this could not be done just now. Please try again in %d seconds.", int(RetryAfter/time.Second))
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": message})
	} else {
		h.component(w, r, status, titles[status], faultPage(titles[status], message), false)
	}
	return outcome{name: "failed", status: status, err: err}
}

// wantsJSON reports whether the client asked for JSON (a script) rather than a page.
func wantsJSON(r *http.Request) bool {
	if enc, err := forms.Encoding(r); err == nil {
		return enc == forms.JSON
	}
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// submit answers a participant form.
func (h *participants) submit(w http.ResponseWriter, r *http.Request, d *pairForm) outcome {
	sub, err := forms.DecodeAs(r, d.Definition)
	var fe *forms.Error
	if errors.As(err, &fe) && fe.Code != forms.Invalid {
		return h.refuse(w, r, nil, d, nil, refusal(fe))
	}
	if err != nil && fe == nil {
		return h.fault(w, r, err)
	}
	p, perr := h.signedIn(r)
	if perr != nil {
		return h.unknownLink(w, r, perr)
	}
	now := h.Now()
	if wd := p.year.Withdrawals[p.role]; wd != nil && d.Definition != forms.WithdrawalForm {
		return h.refuse(w, r, p, d, sub, problem{status: http.StatusForbidden, message: fmt.Sprintf(
			"You left the program on %s, so this form can no longer be sent.", h.Calendar.Day(wd.SentAt))})
	}
	if p.match.Ended && d.Definition != forms.WithdrawalForm {
		return h.refuse(w, r, p, d, sub, problem{status: http.StatusForbidden, message: h.endedWords(p)})
	}
	open, late, msg := h.windowOf(p, d, now)
	if !open {
		return h.refuse(w, r, p, d, sub, problem{status: http.StatusForbidden, message: msg})
	}
	if fe != nil {
		return h.refuse(w, r, p, d, sub, problem{status: http.StatusUnprocessableEntity, message: fe.Message, fields: fe.Fields})
	}
	if t, ok := sub.Answers.(*forms.Tracker); ok {
		goals := 0
		if g := p.year.LatestGoals(); g != nil {
			goals = len(g.Answers.(*forms.Goals).List())
		}
		if fields := t.CheckGoals(goals); fields != nil {
			return h.refuse(w, r, p, d, sub, problem{status: http.StatusUnprocessableEntity,
				message: "Some answers need correcting before the form can be sent.", fields: fields})
		}
	}
	if _, kept := d.kind(); !kept {
		return h.rematch(w, r, p, d, sub, now)
	}
	return h.store(w, r, p, d, sub, now, late)
}

// store keeps an entry (goals, tracker, survey, withdrawal, …) in one write that also owes the
// emails it causes (package outbox sends them); a withdrawal is then recorded (withdraw).
func (h *participants) store(w http.ResponseWriter, r *http.Request, p *participant, d *pairForm, sub *forms.Submission, now time.Time, late bool) outcome {
	hash := forms.HashAnswers(d.Name, sub.Answers)
	kind, _ := d.kind()
	e := &store.Entry{Cycle: p.cycle.ID, Match: p.match.Key(), Kind: kind, Role: p.role, SentAt: now.UTC(), Late: late,
		Hash: hash, FormKey: sub.Key, Answers: sub.Answers, Expires: p.cycle.Expiry()}
	o := outcome{name: "stored", role: p.role, cycle: p.cycle.ID}
	status := http.StatusCreated
	if d.Definition == forms.GoalsForm {
		if latest := p.year.LatestGoals(); latest != nil {
			e.Version = latest.Version + 1
			if latest.Hash == hash {
				e, status, o.name = latest, http.StatusOK, "replay"
			}
		} else {
			e.Version = 1
		}
	}
	if d.Definition == forms.CheckInForm {
		e.Version = h.Calendar.Month(now)
	}
	if d.Definition == forms.ContactForm { // one a day: the day is its version
		e.Version, _ = strconv.Atoi(now.In(h.Calendar.Location()).Format("20060102"))
	}
	// The same form sent again (a double click, a retry) is a replay even when another version
	// was stored since.
	if sent := p.year.SentWithKey(e.Kind, sub.Key); sent != nil && sent.Hash == hash {
		e, status, o.name = sent, http.StatusOK, "replay"
	}
	if status == http.StatusCreated {
		e.Owes = h.owed(p, e)
		old, err := h.Store.AddEntry(r.Context(), e)
		switch {
		case errors.Is(err, store.ErrEntryExists) && old.Hash == hash:
			e, status, o.name = old, http.StatusOK, "replay"
		case errors.Is(err, store.ErrEntryExists):
			return h.refuse(w, r, p, d, sub, problem{status: http.StatusConflict, message: h.conflict(p, d, old)})
		case err != nil:
			return h.fault(w, r, err)
		}
	}
	if e.Kind == store.KindWithdrawal {
		// Stored, the notice is acknowledged only once the leaving is recorded: a request stopped
		// before that is finished by the same form sent again.
		if err := h.withdraw(r.Context(), p, e); err != nil {
			return h.fault(w, r, err)
		}
	}
	o.status = h.accepted(w, r, p, d, entryID(e), status)
	return o
}

// owed is what a new entry owes, in the write that stores it: the partner's copy of goals (unless
// the partner left or the match ended), or staff's alert, one per address, when a check-in says
// "we need help". Each email's id is derived from the entry's key (which holds the version), so
// that a replay owes nothing new and every version of the goals owes its own copy.
func (h *participants) owed(p *participant, e *store.Entry) []store.Email {
	if c, ok := e.Answers.(*forms.CheckIn); ok {
		if c.HowGoing != forms.HowNeedHelp {
			return nil
		}
		mentee, mentor := p.me, p.partner
		if p.role == forms.RoleMentor {
			mentee, mentor = mentor, mentee
		}
		var owes []store.Email
		for _, to := range h.Staff {
			owes = append(owes, store.Email{ID: "staff-help-" + entryID(e) + "-" + shortHash(store.EmailKey(to)), Text: "staff-help",
				To: store.Recipient{Cycle: p.cycle.ID, Staff: to}, Values: map[string]string{"Cycle": p.cycle.ID,
					"Day": h.Calendar.Day(e.SentAt), "Role": string(p.role), "Email": p.me.Email,
					"Pair": mentee.Form.Applicant().Name + " (mentee) with " + mentor.Form.Applicant().Name + " (mentor)"}})
		}
		return owes
	}
	if e.Kind != store.KindGoals || p.year.Withdrawals[p.partnerRole()] != nil || p.match.Ended {
		return nil
	}
	late := ""
	if e.Late {
		late = fmt.Sprintf(", after the due date of %s", h.Calendar.LastDay(p.cycle.Window(program.Goals)))
	}
	return []store.Email{{ID: "goals-copy-" + entryID(e), Text: "goals-copy",
		To: store.Recipient{Cycle: p.cycle.ID, Role: p.partner.Role, ID: p.partner.ID, Page: withPair(forms.PairPath, p.me.ID)},
		Values: map[string]string{"Name": p.partner.Form.Applicant().Name, "PartnerName": p.me.Form.Applicant().Name,
			"PartnerRole": string(p.role), "Cycle": p.cycle.Title(), "SentOn": h.Calendar.Day(e.SentAt), "LateNote": late},
		Blocks: map[string]string{"Goals": goalsText(e.Answers.(*forms.Goals)).Source()}}}
}

// goalsText writes goals as a heading for each, with its words, objectives and measure.
func goalsText(g *forms.Goals) markdown.Block {
	labels := map[string]string{}
	for _, o := range forms.Lists["objectives"] {
		labels[o.Value] = o.Label
	}
	var blocks []markdown.Block
	for i, goal := range g.List() {
		names := make([]string, len(goal.Objectives))
		for j, o := range goal.Objectives {
			names[j] = labels[o]
		}
		blocks = append(blocks, markdown.Heading(markdown.Plain(fmt.Sprintf("Goal %d", i+1))), markdown.Paragraph(markdown.Plain(goal.Text)),
			markdown.Paragraph(markdown.Strong("Objectives:"), markdown.Plain(" "+strings.Join(names, ", "))),
			markdown.Paragraph(markdown.Strong("How you will know it is met:"), markdown.Plain(" "+goal.Measure)))
	}
	return markdown.Join(blocks...)
}

// rematch stores a rematch request for staff; its reason is theirs alone.
func (h *participants) rematch(w http.ResponseWriter, r *http.Request, p *participant, d *pairForm, sub *forms.Submission, now time.Time) outcome {
	reason := sub.Answers.(*forms.RematchRequest).Reason
	q := &store.RematchRequest{Cycle: p.cycle.ID, Match: p.match.Key(), Role: p.role, Reason: reason,
		Status: store.RematchSubmitted, CreatedAt: now.UTC(), Expires: p.cycle.Expiry()}
	old, err := h.Store.AddRematchRequest(r.Context(), q)
	status := http.StatusCreated
	switch {
	case errors.Is(err, store.ErrExists) && old.Reason == reason:
		q, status = old, http.StatusOK
	case errors.Is(err, store.ErrExists):
		return h.refuse(w, r, p, d, sub, problem{status: http.StatusConflict, message: fmt.Sprintf(
			"You already asked for a rematch on %s. The ALSC staff liaison has your request and will be in touch.", h.Calendar.Day(old.CreatedAt))})
	case err != nil:
		return h.fault(w, r, err)
	}
	name := "stored"
	if status == http.StatusOK {
		name = "replay"
	}
	return outcome{name: name, status: h.accepted(w, r, p, d, shortHash(q.Key()), status), role: p.role, cycle: p.cycle.ID}
}

// entryID is the id a stored entry is known by in answers: its key, hashed, so that it names no
// application.
func entryID(e *store.Entry) string { return shortHash(e.Key()) }

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// accepted answers a stored (or replayed) form: JSON with its id, or a plain form's 303 back to
// the pair's page, which thanks the sender.
func (h *participants) accepted(w http.ResponseWriter, r *http.Request, p *participant, d *pairForm, id string, status int) int {
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"id": id})
		return status
	}
	w.Header().Set("Location", p.url(forms.PairPath+"?sent="+d.Name+"#sent"))
	w.WriteHeader(http.StatusSeeOther)
	return http.StatusSeeOther
}

// refuse answers a refused form: JSON, or the form's page with the form shown again, its answers
// kept and each message beside its field (or, when it can no longer be sent, why). Confidential
// answers are never echoed in JSON (only field names and messages) and are shown again only to
// the person who typed them.
func (h *participants) refuse(w http.ResponseWriter, r *http.Request, p *participant, d *pairForm, sub *forms.Submission, pr problem) outcome {
	o := outcome{name: "refused", status: pr.status}
	if p != nil {
		o.role, o.cycle = p.role, p.cycle.ID
	}
	for name := range pr.fields {
		o.fields = append(o.fields, name)
	}
	slices.Sort(o.fields)
	if wantsJSON(r) || p == nil {
		h.writeProblem(w, r, pr, false, d.Definition, nil, "")
		return o
	}
	refused := &formRefusal{problem: pr}
	var dropped bool
	refused.values, dropped = d.Kept(valuesOf(sub))
	if dropped {
		refused.problem.message += " " + forms.KeptNote
	}
	h.writeFormPage(w, r, pr.status, p, d, refused)
	return o
}

// link answers POST /api/links: a new personal link for a current participant, sent to the
// address they applied with. The answer is the same whether or not the address is known.
func (h *participants) link(w http.ResponseWriter, r *http.Request) outcome {
	sub, err := forms.DecodeAs(r, forms.LinkForm)
	var fe *forms.Error
	if errors.As(err, &fe) {
		pr := refusal(fe)
		h.writeProblem(w, r, pr, !wantsJSON(r), forms.LinkForm, valuesOf(sub), "/participants/")
		return outcome{name: "refused", status: pr.status}
	}
	if err != nil {
		return h.fault(w, r, err)
	}
	// Whether or not the address is a participant's, and whether or not sending worked, the
	// answer is the same and comes at the same time: a failure is logged, and the person may
	// ask again at once.
	answerAt := time.Now().Add(cmp.Or(h.LinkAnswer, LinkAnswerTime))
	email := sub.Answers.(*forms.LinkRequest).Email
	list, err := h.pairsOf(r.Context(), email)
	if err != nil { // looking up fails alike for every address
		return h.fault(w, r, err)
	}
	sent, err := h.sendLinks(r.Context(), email, list)
	name := "link_not_sent"
	if sent > 0 {
		name = "link_sent"
	}
	if err != nil {
		name = "link_failed"
	}
	select {
	case <-time.After(time.Until(answerAt)):
	case <-r.Context().Done():
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusAccepted, map[string]string{"message": LinkMessage})
		return outcome{name: name, status: http.StatusAccepted, err: err}
	}
	w.Header().Set("Location", forms.LinkForm.Thanks)
	w.WriteHeader(http.StatusSeeOther)
	return outcome{name: name, status: http.StatusSeeOther, err: err}
}

// LinkMessage is the answer to every new-link request.
const LinkMessage = "If this address belongs to a participant of the current program year, a new personal link is on its way to it. " +
	"Links you had before keep working. If nothing arrives within an hour, look in your spam folder, or write to the ALSC staff liaison."

// replaceForm puts form in place of the first form element of a site page's main content.
func replaceForm(siteMain, form string) string {
	start := strings.Index(siteMain, "<form")
	end := strings.Index(siteMain, "</form>")
	if start < 0 || end < start {
		return siteMain + form
	}
	return siteMain[:start] + form + siteMain[end+len("</form>"):]
}

// valuesOf is what a plain form sent, or nothing.
func valuesOf(sub *forms.Submission) url.Values {
	if sub == nil {
		return nil
	}
	return sub.Values
}
