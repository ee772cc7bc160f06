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

// usTerritories lists the inhabited US territories by postal code and the names people type,
// in two regions of their own: none belongs to a census region.
var usTerritories = map[string]string{
	"Caribbean": "PR Puerto Rico|PR Commonwealth of Puerto Rico|VI U.S. Virgin Islands|VI US Virgin Islands|" +
		"VI United States Virgin Islands|VI Virgin Islands",
	"Pacific": "GU Guam|AS American Samoa|MP Northern Mariana Islands|MP Commonwealth of the Northern Mariana Islands|" +
		"MP CNMI",
}

// caProvinces lists each Canadian province and territory by postal abbreviation and name (French
// names too), in its region as Statistics Canada groups them.
var caProvinces = map[string]string{
	"Atlantic": "NL Newfoundland and Labrador|NL Newfoundland|NL Terre-Neuve-et-Labrador|PE Prince Edward Island|" +
		"PE Île-du-Prince-Édouard|NS Nova Scotia|NS Nouvelle-Écosse|NB New Brunswick|NB Nouveau-Brunswick",
	"Central":  "QC Quebec|QC Québec|ON Ontario",
	"Prairies": "MB Manitoba|SK Saskatchewan|AB Alberta",
	"West":     "BC British Columbia|BC Colombie-Britannique",
	"North":    "YT Yukon|NT Northwest Territories|NT Territoires du Nord-Ouest|NU Nunavut",
}

// regionList is one of the tables above, the country it belongs to and the prefix of its region names.
type regionList struct {
	country, prefix string
	lists           map[string]string
}

var (
	stateCode   = map[string]map[string]string{"US": {}, "CA": {}} // country → folded code or name → code
	stateRegion = map[string]map[string]string{"US": {}, "CA": {}} // country → code → region
	countryCode = map[string]string{
		"us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US",
		"united states of america": "US", "america": "US",
		"ca": "CA", "canada": "CA",
	}
)

func init() {
	for _, l := range []regionList{{"US", "US ", usStates}, {"US", "US ", usTerritories}, {"CA", "CA ", caProvinces}} {
		for region, places := range l.lists {
			for _, s := range strings.Split(places, "|") {
				code, name, _ := strings.Cut(s, " ")
				stateCode[l.country][fold(code)], stateCode[l.country][fold(name)] = code, code
				stateRegion[l.country][code] = l.prefix + region
			}
		}
	}
	// A territory typed as the country is the United States with that territory.
	for _, places := range usTerritories {
		for _, s := range strings.Split(places, "|") {
			_, name, _ := strings.Cut(s, " ")
			countryCode[fold(name)] = "US"
		}
	}
}

// PlaceOf reads a country and a state, province or territory as applicants type them ("USA",
// "United States", "Illinois", "il"; "Canada", "Québec", "QC"; "Puerto Rico" as the country or
// the state) into keys that compare equal for the same place. Regions are the US Census regions
// for US states, the Caribbean and Pacific for US territories, Statistics Canada's regions for
// Canada, and the country itself elsewhere (other countries' places are compared as typed).
func PlaceOf(country, state string) Place {
	p := Place{Country: strings.ToUpper(strings.TrimSpace(country)), State: strings.ToUpper(strings.TrimSpace(state))}
	if c, ok := countryCode[fold(country)]; ok {
		p.Country = c
		if territory, ok := stateCode["US"][fold(country)]; ok && c == "US" && p.State == "" {
			p.State = territory
		}
	}
	if code, ok := stateCode[p.Country][fold(state)]; ok {
		p.State = code
	}
	p.Region = p.Country
	if r, ok := stateRegion[p.Country][p.State]; ok {
		p.Region = r
	}
	return p
}
