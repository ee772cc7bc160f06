package scoring

import "strings"

// censusRegions maps US states (postal codes) to their US Census Bureau region.
var censusRegions = map[string]string{}

func init() {
	for region, states := range map[string]string{
		"Northeast": "CT ME MA NH RI VT NJ NY PA",
		"Midwest":   "IL IN MI OH WI IA KS MN MO NE ND SD",
		"South":     "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
		"West":      "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
	} {
		for _, s := range strings.Fields(states) {
			censusRegions[s] = region
		}
	}
}

// RegionOf names the region a place belongs to for the "same region" rules: the US Census
// region for a US state given by its postal code, and the country itself elsewhere.
func RegionOf(country, state string) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	if c == "US" || c == "USA" || c == "UNITED STATES" {
		if r, ok := censusRegions[strings.ToUpper(strings.TrimSpace(state))]; ok {
			return "US " + r
		}
	}
	return c
}
