package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// sectionText is the text of every built page whose URL path starts with prefix, with the
// addresses its links point to, so that both words and URLs can be looked up.
func sectionText(t *testing.T, prefix string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range pages(t) {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		doc := parse(t, p)
		b.WriteString(text(doc))
		for _, a := range find(doc, tag("a")) {
			href, _ := attr(a, "href")
			b.WriteString(" <" + href + ">")
		}
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		t.Fatalf("no pages under %s", prefix)
	}
	return b.String()
}

// fact is something a reader must find in a part of the site (the pages under section).
type fact struct {
	name, section, fact string
}

// The program guide's facts, copied from the guide (its obvious typos fixed), and the part of
// the site where a reader must find each. Its dates and durations are in calendarFacts.
var guideFacts = []fact{
	{"objective 1", "/about/", "Build the skills and confidence of early career children's librarians and those new to the profession"},
	{"objective 2", "/about/", "Encourage personal and professional connections"},
	{"objective 3", "/about/", "Give members the opportunity to acquire peer-taught skills"},
	{"objective 4", "/about/", "Re-energize and re-invigorate members in their work"},
	{"objective 5", "/about/", "Create interest and familiarity with ALSC committee service and participation"},
	{"objective 6", "/about/", "Build familiarity with ALSC's Competencies for Librarians Serving Children in Public Libraries"},
	{"objective 7", "/about/", "Foster the development of a new cohort of leaders"},
	{"history 2012 report", "/about/", "In 2012"},
	{"history Team E", "/about/", "Team E"},
	{"history survey figure", "/about/", "80%"},
	{"history 2013", "/about/", "In 2013"},
	{"membership committee", "/about/", "ALSC Membership Committee"},
	{"managing committee", "/about/", "Managing Children's Services Committee"},
	{"history 2017 updates", "/about/", "2017"},
	{"staff liaison", "/about/", "staff liaison"},
	{"working group of four and four", "/about/", "four (4) members of the ALSC Membership Committee and four (4) members of the Managing Children's Services Committee"},

	{"mentees need not be members", "/how-it-works/", "Mentee applicants do not need to be ALSC or ALA members"},
	{"mentee connection", "/how-it-works/", "connection to children's library service"},
	{"mentors must be members", "/how-it-works/", "Mentor applicants must be ALSC members"},
	{"mentor experience", "/how-it-works/", "children's librarianship or children's literature"},
	{"matched by staff liaison", "/how-it-works/", "staff liaison"},
	{"confidential", "/how-it-works/", "confidential"},
	{"not told why", "/how-it-works/", "not told in which ways"},
	{"twice a month", "/how-it-works/", "at least twice a month"},
	{"reapply", "/how-it-works/", "reapply for the following mentoring period"},
	{"virtual", "/how-it-works/", "virtual"},
	{"working group checks in", "/how-it-works/", "check in"},
	{"mid-point tracker", "/how-it-works/", "mid-point tracker"},
	{"end-of-period survey", "/how-it-works/", "At the end of each mentoring period"},
	{"final report", "/how-it-works/", "final report"},
	{"2017 questions", "/how-it-works/", "2017"},
	{"print training", "/how-it-works/", "print resources"},

	{"apply mentee rule", "/apply/", "do not need to be ALSC or ALA members"},
	{"apply mentor rule", "/apply/", "must be ALSC members"},

	{"competencies emphasis", "/activities/", "The most important part of the program"},
	{"activity: questions", "/activities/", "3-5 questions"},
	{"activity: managers", "/activities/", "effective manager/director"},
	{"activity: community forum", "/activities/", "ALSC Community Forum"},
	{"activity: community forum URL", "/activities/", "<http://www.ala.org/alsc/community-forums>"},
	{"activity: forum for non-members", "/activities/", "must currently be enrolled in the mentoring program"},
	{"activity: resume", "/activities/", "resume/CV review"},
	{"activity: mock interview", "/activities/", "Where do you see yourself in 5 years?"},
	{"activity: program ideas", "/activities/", "shared document/spreadsheet of program ideas"},
	{"activity: book list", "/activities/", "book list of titles that you both enjoy"},
	{"activity: mock elections", "/activities/", "mock Newbery/Caldecott elections"},
	{"activity: wish-list", "/activities/", "wish-list for your library"},
	{"activity: Children & Libraries", "/activities/", "Children & Libraries magazine"},
	{"activity: blog post", "/activities/", "ALSC Blog"},
	{"activity: blog editor", "/activities/", "Mary Voors"},
	{"activity: blog email", "/activities/", "<mailto:alscblog@gmail.com>"},
	{"activity: mentoring article", "/activities/", "article about mentoring"},
	{"activity: Día", "/activities/", "El día de los niños/El día de los libros (Children's Day/Book Day)"},
	{"activity: ECRR", "/activities/", "Every Child Ready to Read Ning site"},
	{"activity: ECRR site named", "/activities/", "The Ning site the program guide names (everychildreadytoread.ning.com) is no longer available"},
	{"activity: portfolio", "/activities/", "portfolio"},
	{"activity: community leaders", "/activities/", "partner with other community leaders"},
	{"activity: early literacy packets", "/activities/", "early literacy packets"},
	{"activity: ALSC initiatives", "/activities/", "Everyday Advocacy"},

	{"print: Ensher", "/resources/", "Ensher, Ellen and Murphy, Susan. Power Mentoring: How Successful Mentors and Proteges Get the Most Out of Their Relationships. 2005. San Francisco: Jossey-Bass."},
	{"print: Murray", "/resources/", "Murray, Margo. Beyond the Myths and Magic of Mentoring: How to Facilitate an Effective Mentoring Process. 2001. San Francisco: Jossey-Bass."},
	{"print: Zachary 2005", "/resources/", "Zachary, Lois J. Creating a Mentoring Culture: The Organization's Guide. 2005. San Francisco: Jossey-Bass."},
	{"print: Zachary 2000", "/resources/", "Zachary, Lois J. The Mentor's Guide: Facilitating Effective Learning Relationships. 2000. San Francisco: Jossey-Bass."},
	{"online: tips title", "/resources/", "Tips for a Successful Mentoring Relationship"},
	{"online: tips URL", "/resources/", "<https://www.thresholds.co.uk/sites/default/files/inline-files/Tips%20for%20a%20successful%20mentoring%20relationship.pdf>"},
	{"online: significant value", "/resources/", "Significant Value Found in Mentoring Programs for Novice Tenure-Track Academic Librarians (2016)"},
	{"online: collaborating", "/resources/", "Collaborating for Success: A Case Study on Mentoring, Partnering, and Teaching (2016)"},
	{"online: 4 things title", "/resources/", "4 Things All Mentors and Mentees Should Know"},
	{"online: 4 things URL", "/resources/", "<https://leanin.org/tips/mentorship>"},
}

func TestGuideFacts(t *testing.T) { checkFacts(t, guideFacts) }

// calendarFacts are the guide's dates and durations in the words of the calendar the site was
// built with (today's): goals are due on the goals step's last day, and a rematch may be asked
// for within rematch_days of the program's start.
func calendarFacts(t *testing.T) []fact {
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	_, goalsDue, _ := window(c, "goals", time.Now().In(loc).Format(time.DateOnly))
	return []fact{
		{"goals due", "/about/", inWords(goalsDue, "January 2")},
		{"rematch days", "/how-it-works/", fmt.Sprintf("%d days into the program", c.RematchDays)},
		{"goals form due", "/participants/goals/", inWords(goalsDue, "January 2")},
		{"rematch form window", "/participants/rematch/", fmt.Sprintf("%d days", c.RematchDays)},
	}
}

func TestCalendarFacts(t *testing.T) { checkFacts(t, calendarFacts(t)) }

// checkFacts looks each fact up in the text of its part of the site.
func checkFacts(t *testing.T, facts []fact) {
	texts := map[string]string{}
	for _, f := range facts {
		t.Run(f.name, func(t *testing.T) {
			if _, ok := texts[f.section]; !ok {
				texts[f.section] = sectionText(t, f.section)
			}
			if !strings.Contains(texts[f.section], normalize(f.fact)) {
				t.Errorf("pages under %s do not say %q", f.section, f.fact)
			}
		})
	}
}

// The guide gives one URL for two different articles: the site names both, says so in words a
// reader expects, and links neither.
func TestUnattributableURLIsNotLinked(t *testing.T) {
	const shared = "https://journals.library.ualberta.ca/eblip/index.php/EBLIP/article/view/27925/21066"
	res := sectionText(t, "/resources/")
	for _, want := range []string{"Significant Value Found in Mentoring Programs for Novice Tenure-Track Academic Librarians (2016)",
		"Collaborating for Success: A Case Study on Mentoring, Partnering, and Teaching (2016)",
		"The program guide gives both of these articles the same web address"} {
		if !strings.Contains(res, want) {
			t.Errorf("the resources page lacks %q", want)
		}
	}
	all := sectionText(t, "/")
	if strings.Contains(all, shared) {
		t.Errorf("a page shows or links %s, which the guide gives for two different articles", shared)
	}
}

// The guide's typos do not reach our text.
func TestGuideTyposFixed(t *testing.T) {
	all := strings.ToLower(sectionText(t, "/"))
	for _, typo := range []string{"distrubuted", "resrouces", "academid", "tips or a successful", "may other options", "san francis- co", "organiza- tion"} {
		if strings.Contains(all, typo) {
			t.Errorf("the site says %q", typo)
		}
	}
}

// The timeline runs month by month through the current cycle's twelve months, from the month it
// starts in (applications in September, in the built-in calendar) to the wrap-up survey's.
func TestTimelineMonths(t *testing.T) {
	var got []string
	for _, h := range find(parse(t, "/timeline/"), tag("h3")) {
		got = append(got, strings.Fields(text(h))[0])
	}
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(loc).Format(time.DateOnly)
	cycle := c.Cycles[len(c.Cycles)-1]
	for _, cy := range c.Cycles {
		if cy.Ends >= today {
			cycle = cy
			break
		}
	}
	starts, err := time.Parse(time.DateOnly, cycle.Starts)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 12 {
		want = append(want, starts.AddDate(0, i, 0).Format("January"))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("timeline months = %v, want %v", got, want)
	}
}
