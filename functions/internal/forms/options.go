package forms

// Option is one choice of a radio group, checkbox group or select.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Lists are the named option lists fields refer to with the `in=` validation and the `options` tag.
var Lists = map[string][]Option{
	// ALSC's Competencies for Librarians Serving Children (2020 edition), in its order.
	"competencies": {
		{"client_group", "Commitment to Client Group"},
		{"reference", "Reference and User Services"},
		{"programming", "Programming Skills"},
		{"materials", "Knowledge of Materials"},
		{"outreach", "Outreach and Advocacy"},
		{"administration", "Administrative and Management Skills"},
		{"professionalism", "Professionalism and Professional Development"},
	},
	"yes_no": {
		{"yes", "Yes"},
		{"no", "No"},
	},
	"situations": {
		{"student", "Student"},
		{"early_career", "Early in my career"},
		{"returning", "Returning to the profession"},
		{"refining", "Refining my skills and making connections"},
		{"other", "Something else"},
	},
	"communication": {
		{"email", "Email"},
		{"phone", "Phone"},
		{"video", "Video calls"},
		{"chat", "Online chat"},
	},
	"in_person": {
		{"yes", "Yes, if we are close enough"},
		{"conferences", "Only at conferences"},
		{"no", "No, online only"},
	},
	"time_zones": {
		{"Pacific/Honolulu", "Hawaii"},
		{"America/Anchorage", "Alaska"},
		{"America/Los_Angeles", "Pacific"},
		{"America/Denver", "Mountain"},
		{"America/Phoenix", "Arizona"},
		{"America/Chicago", "Central"},
		{"America/New_York", "Eastern"},
		{"America/Halifax", "Atlantic"},
		{"America/St_Johns", "Newfoundland"},
		{"America/Puerto_Rico", "Puerto Rico and U.S. Virgin Islands"},
		{"Pacific/Guam", "Guam and Northern Mariana Islands"},
		{"other", "Outside these time zones"},
	},
	"preference": {
		{"required", "Required: match me only with someone who shares it"},
		{"preferred", "Preferred: a match who shares it if possible"},
		{"none", "No preference"},
	},
	"gender": {
		{"woman", "Woman"},
		{"man", "Man"},
		{"nonbinary", "Non-binary"},
		{"self_describe", "I describe it myself (below)"},
		{"prefer_not", "I prefer not to say"},
	},
	"race_ethnicity": {
		{"american_indian", "American Indian or Alaska Native"},
		{"asian", "Asian"},
		{"black", "Black or African American"},
		{"hispanic", "Hispanic or Latino/a/e"},
		{"middle_eastern", "Middle Eastern or North African"},
		{"pacific_islander", "Native Hawaiian or Pacific Islander"},
		{"white", "White"},
		{"self_describe", "I describe it myself (below)"},
	},
}
