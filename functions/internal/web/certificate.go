package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// CertificatePath is the signed-in participant's certificate of completion, offered from their
// page while the cycle's certificates window is open (program.Cycle.Certificates).
const CertificatePath = forms.PairPath + "/certificate"

// certificateOf is the person's certificate by the lifecycle's rule, read from every pair of
// theirs, and the names of the partners it names.
func (h *participants) certificateOf(ctx context.Context, p *participant) (lifecycle.Certificate, []string, error) {
	years := map[string]*store.Year{}
	for _, m := range p.mine {
		if m == p.match {
			years[m.Key()] = p.year
			continue
		}
		y, err := h.Store.PairYear(ctx, p.cycle.ID, m.Key())
		if err != nil {
			return lifecycle.Certificate{}, nil, err
		}
		years[m.Key()] = y
	}
	life := &lifecycle.Cycle{Cycle: p.cycle, Now: h.Now(), Apps: map[string]*store.Application{p.me.ID: p.me}, Matches: p.mine}
	cert := life.Certificate(p.me.ID, years)
	var names []string
	for _, id := range cert.Partners {
		partner := p.partner
		if id != partner.ID {
			var err error
			if partner, err = h.Store.ApplicationByID(ctx, p.cycle.ID, p.partnerRole(), id); err != nil {
				return cert, nil, err
			}
		}
		names = append(names, partner.Form.Applicant().Name)
	}
	return cert, names, nil
}

// certificateLink is the overview's link to the certificate, when it may be opened now.
func (h *participants) certificateLink(ctx context.Context, p *participant) (*linkView, error) {
	if !p.cycle.Certificates().Contains(h.Now()) {
		return nil, nil
	}
	cert, _, err := h.certificateOf(ctx, p)
	if err != nil || !cert.Issued {
		return nil, err
	}
	return &linkView{Label: "Open your certificate of completion", URL: p.url(CertificatePath),
		Words: "Print it, or save it as a PDF, until " + h.Calendar.LastDay(p.cycle.Certificates()) + "."}, nil
}

// certificatePage answers GET /api/pair/certificate: the signed-in person's certificate of
// completion, once the wrap-up survey has closed; to anyone else, or before, a refusal that
// says why.
func (h *participants) certificatePage(w http.ResponseWriter, r *http.Request) outcome {
	p, err := h.signedIn(r)
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	refuse := func(message string) outcome {
		w.Header().Set("Cache-Control", "no-store")
		h.component(w, r, http.StatusForbidden, "Certificate of completion",
			certificateRefusal(message, p.url(forms.PairPath)), false)
		return outcome{name: "certificate_refused", status: http.StatusForbidden, role: p.role, cycle: p.cycle.ID}
	}
	win := p.cycle.Certificates()
	if now := h.Now(); now.Before(win.Opens) {
		return refuse(fmt.Sprintf("Certificates of completion for the ALSC Mentoring Program %s can be printed from %s, "+
			"once the wrap-up survey has closed.", p.cycle.Title(), h.Calendar.Day(win.Opens)))
	}
	cert, partners, err := h.certificateOf(r.Context(), p)
	if err != nil {
		return h.fault(w, r, err)
	}
	if !cert.Issued {
		why := "There is no certificate of completion for you this year. It is given to everyone whose pair sent its goals " +
			"and the mid-point tracker and who answered the wrap-up survey"
		switch {
		case len(cert.Missing) > 0:
			why += "; the ALSC office did not receive " + andWords(cert.Missing) + "."
		case p.me.Status == store.StatusWithdrawn:
			why += "; you left the program during the year."
		default:
			why += "."
		}
		return refuse(why + " If you think this is a mistake, please write to the ALSC office.")
	}
	v := certificateView{Back: p.url(forms.PairPath), Name: p.me.Form.Applicant().Name, Role: string(p.role),
		Year: p.cycle.Title(), Day: h.Calendar.LastDay(p.cycle.Span()), Until: h.Calendar.LastDay(win)}
	if len(partners) > 0 {
		v.Partners = "with " + string(p.partnerRole()) + "s " + andWords(partners)
		if len(partners) == 1 {
			v.Partners = "with " + string(p.partnerRole()) + " " + partners[0]
		}
		v.Note = "Your certificate names your " + string(p.partnerRole()) + " because you both agreed to it in the wrap-up survey."
	} else {
		v.Note = "Your certificate names your " + string(p.partnerRole()) + " only when you both agreed to it in the wrap-up survey; " +
			"this time it does not."
	}
	v.Long = printedSmaller(v.Name, v.Partners)
	w.Header().Set("Cache-Control", "no-store")
	h.component(w, r, http.StatusOK, "Certificate of completion", certificatePage(v), false)
	return outcome{name: "certificate", status: http.StatusOK, role: p.role, cycle: p.cycle.ID}
}

// Above these lengths (in characters) the certificate's name, or its line naming the partners,
// is printed smaller: the forms take names of up to 200 characters, and a mentor may have
// several mentees, and the certificate must still fit one page.
const longName, longPartners = 60, 140

// printedSmaller reports whether a certificate naming name, with the line partners, is printed
// smaller (certificate-long).
func printedSmaller(name, partners string) bool {
	return utf8.RuneCountInString(name) > longName || utf8.RuneCountInString(partners) > longPartners
}

// andWords joins names as a sentence does: "A", "A and B", "A, B and C".
func andWords(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
