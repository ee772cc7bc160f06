package forms

// The two application forms. Each field carries, in its tags, everything the site and the function
// need: the JSON and form name (json), the rules (validate; `in=LIST` checks against Lists), the
// label and help text, the option list, the section it is shown in, whether it is confidential,
// and optional per-rule messages (msg, "rule=message;rule=message"). The comment above each field
// says why the program asks for it.

// Person is who the applicant is and where they work; both forms start with it.
type Person struct {
	// To address the applicant and introduce the pair to each other.
	Name string `json:"name" validate:"required,max=200" label:"Your name" autocomplete:"name" section:"about"`
	// The only way to reach the applicant; one application per address per role and cycle.
	Email string `json:"email" validate:"required,max=254,email,deliverable" label:"Email address" autocomplete:"email" kind:"email" section:"about" help:"We send a confirmation here, and later the news of your match." msg:"deliverable=Our email service cannot deliver to an address with accented or other non-English letters before the @ (the part after it may have them). Check the address, or give another one."`
	// So the pair address each other as they wish.
	Pronouns string `json:"pronouns,omitempty" validate:"max=60" label:"Pronouns (optional)" section:"about" help:"For example: she/her, he/him, they/them."`
	// Tells staff where the applicant works or studies, and avoids pairing colleagues.
	Organisation string `json:"organisation" validate:"required,max=200" label:"Library or organization" autocomplete:"organization" section:"about" help:"Where you work, study or volunteer."`
	// Staff pair experience levels and roles; mentees often ask for someone in a similar post.
	Position string `json:"position" validate:"required,max=200" label:"Position or title" autocomplete:"organization-title" section:"about" help:"For example: Children's Librarian, Library Assistant, MLIS student."`
	// With state/province and country: geographic proximity for matching and in-person meetings.
	City string `json:"city" validate:"required,max=100" label:"City or town" autocomplete:"address-level2" section:"about"`
	// See City; optional because not every country has one.
	Region string `json:"region,omitempty" validate:"max=100" label:"State, province or territory (optional)" autocomplete:"address-level1" section:"about"`
	// See City.
	Country string `json:"country" validate:"required,max=100" label:"Country" autocomplete:"country-name" section:"about"`
	// Pairs meet at least twice a month; staff avoid pairs whose working hours never overlap.
	TimeZone TimeZone `json:"time_zone" validate:"required,in=time_zones" label:"Time zone" options:"time_zones" kind:"select" section:"about"`
}

// Contact is how a pair would like to work together; both forms ask it.
type Contact struct {
	// The program is virtual; pairs choose how they talk, and staff match compatible habits.
	Communication []Mode `json:"communication" validate:"required,min=1,max=4,dive,in=communication" label:"Preferred ways to communicate" options:"communication" section:"together" help:"Tick every way that works for you."`
	// In-person meetings are optional; staff use this with the location fields.
	InPerson InPerson `json:"in_person" validate:"required,in=in_person" label:"Could you meet your match in person?" options:"in_person" section:"together"`
}

// Preferences are the confidential match preferences: seen by the staff liaison only, used for
// matching only, never told to the pair, never logged or echoed.
type Preferences struct {
	// Whether the match should live near the applicant (their own answer is the location above).
	GeoPreference Preference `json:"geo_preference" validate:"required,in=preference" label:"A match who lives near you" options:"preference" section:"preferences" confidential:"true" help:"Near means in the same state, province or territory when you name one above, otherwise in the same country."`
	// The applicant's own gender, needed only to honour a gender preference.
	Gender Gender `json:"gender,omitempty" validate:"omitempty,in=gender" label:"Your gender (optional)" options:"gender" section:"preferences" confidential:"true"`
	// A self-description when none of the listed answers fits.
	GenderSelf string `json:"gender_self,omitempty" validate:"max=100,required_if=Gender self_describe" label:"Your gender, in your own words (optional)" section:"preferences" confidential:"true" msg:"required_if=Describe your gender in your own words, or choose another answer."`
	// Whether the match should share the applicant's gender.
	GenderPreference Preference `json:"gender_preference" validate:"required,in=preference" label:"A match who shares your gender" options:"preference" section:"preferences" confidential:"true"`
	// The applicant's own race or ethnic background, needed only to honour that preference.
	RaceEthnicity []RaceEthnicity `json:"race_ethnicity,omitempty" validate:"max=8,dive,in=race_ethnicity" label:"Your race or ethnic background (optional)" options:"race_ethnicity" section:"preferences" confidential:"true" help:"Tick all that apply, or none."`
	// A self-description when none of the listed answers fits.
	RaceEthnicitySelf string `json:"race_ethnicity_self,omitempty" validate:"max=100" label:"Your race or ethnic background, in your own words (optional)" section:"preferences" confidential:"true"`
	// Whether the match should share the applicant's race or ethnic background.
	RacePreference Preference `json:"race_preference" validate:"required,in=preference" label:"A match who shares your race or ethnic background" options:"preference" section:"preferences" confidential:"true"`
	// Explicit consent to the use of these answers for matching; the application needs it.
	Consent bool `json:"consent" validate:"required" label:"I agree that the ALSC staff liaison may use my answers on this form, including the confidential ones, to make matches for this program year." kind:"checkbox" section:"consent" msg:"required=Tick the box to agree, or we cannot consider your application."`
}

// Mentor is the mentor application.
type Mentor struct {
	Person
	// The program's rule: mentors must be ALSC members (mentees need not be).
	ALSCMember YesNo `json:"alsc_member" validate:"required,in=yes_no,eq=yes" label:"Are you a current ALSC member?" options:"yes_no" section:"experience" msg:"eq=Mentors must be current ALSC members. Join ALSC before applying, or apply as a mentee: mentees need not be members."`
	// The guide asks for experience in children's librarianship or literature; staff pair levels.
	Years *int `json:"years_experience" validate:"required,min=0,max=70" label:"Years working in children's librarianship or children's literature" kind:"number" section:"experience"`
	// Matched against mentees' areas of interest.
	Expertise []Competency `json:"expertise" validate:"required,min=1,max=7,dive,in=competencies" label:"Areas of expertise" options:"competencies" section:"experience" help:"ALSC's Competencies for Librarians Serving Children. Tick those you could help a mentee with."`
	// One of the program's objectives is interest in ALSC committee service.
	Committees string `json:"committees,omitempty" validate:"max=2000" label:"ALSC committee experience (optional)" kind:"textarea" section:"experience" help:"Committees you have served on, and when."`
	// The matcher's capacity: how many mentees this mentor can take this year.
	Capacity int `json:"capacity" validate:"required,min=1,max=3" label:"How many mentees could you take this year?" kind:"number" section:"experience" help:"From 1 to 3. Most mentors take one."`
	Contact
	Preferences
}

// Mentee is the mentee application.
type Mentee struct {
	Person
	// The only requirement for mentees: some connection to children's library service.
	Connection string `json:"connection" validate:"required,max=2000" label:"Your connection to children's library service" kind:"textarea" section:"experience" help:"Your work, studies or volunteering with children and libraries."`
	// Staff look for a mentor who has been where the mentee is.
	Situation Situation `json:"situation" validate:"required,in=situations" label:"Which describes you best?" options:"situations" section:"experience"`
	// The seed of the pair's goals, due 1 December; staff read it when matching.
	Hopes string `json:"hopes" validate:"required,max=2000" label:"What do you hope to gain from the program?" kind:"textarea" section:"experience"`
	// Matched against mentors' areas of expertise.
	Interests []Competency `json:"interests" validate:"required,min=1,max=7,dive,in=competencies" label:"Areas of interest" options:"competencies" section:"experience" help:"ALSC's Competencies for Librarians Serving Children. Tick those you would most like to grow in."`
	Contact
	Preferences
}
