package scoring

import "strings"

// Place is where a person lives, in the forms the rules compare: a country key, a state or
// province key and a region.
type Place struct {
	Country, State, Region string
}

// usStates lists each US state (and DC) by postal code and name, in its US Census Bureau region.
var usStates = map[string]string{
	"Northeast": "CT Connecticut|ME Maine|MA Massachusetts|NH New Hampshire|RI Rhode Island|VT Vermont|" +
		"NJ New Jersey|NY New York|PA Pennsylvania",
	"Midwest": "IL Illinois|IN Indiana|MI Michigan|OH Ohio|WI Wisconsin|IA Iowa|KS Kansas|MN Minnesota|" +
		"MO Missouri|NE Nebraska|ND North Dakota|SD South Dakota",
	"South": "DE Delaware|DC District of Columbia|FL Florida|GA Georgia|MD Maryland|NC North Carolina|" +
		"SC South Carolina|VA Virginia|WV West Virginia|AL Alabama|KY Kentucky|MS Mississippi|" +
		"TN Tennessee|AR Arkansas|LA Louisiana|OK Oklahoma|TX Texas",
	"West": "AZ Arizona|CO Colorado|ID Idaho|MT Montana|NV Nevada|NM New Mexico|UT Utah|WY Wyoming|" +
		"AK Alaska|CA California|HI Hawaii|OR Oregon|WA Washington",
}

var (
	stateCode   = map[string]string{} // folded code or name → postal code
	stateRegion = map[string]string{} // postal code → census region
	countryCode = map[string]string{
		"us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US",
		"united states of america": "US", "america": "US",
		"ca": "CA", "canada": "CA",
	}
)

func init() {
	for region, states := range usStates {
		for _, s := range strings.Split(states, "|") {
			code, name, _ := strings.Cut(s, " ")
			stateCode[fold(code)], stateCode[fold(name)] = code, code
			stateRegion[code] = region
		}
	}
}

// PlaceOf reads a country and a state or province as applicants type them ("USA", "United
// States", "Illinois", "il") into keys that compare equal for the same place. Regions are the
// US Census regions for US states, and the country itself elsewhere.
func PlaceOf(country, state string) Place {
	p := Place{Country: strings.ToUpper(strings.TrimSpace(country)), State: strings.ToUpper(strings.TrimSpace(state))}
	if c, ok := countryCode[fold(country)]; ok {
		p.Country = c
	}
	if p.Country == "US" {
		if code, ok := stateCode[fold(state)]; ok {
			p.State = code
		}
	}
	p.Region = p.Country
	if r, ok := stateRegion[p.State]; ok && p.Country == "US" {
		p.Region = "US " + r
	}
	return p
}
