package program

import (
	"testing"
	"time"
)

// The US federal holidays of 2026 to 2028 and the days they are kept, each worked out by hand
// from the rules (1 January 2026 is a Thursday, 2027 a Friday, 2028 a Saturday), and days next
// to them that are not holidays.
func TestHolidays(t *testing.T) {
	cal := DefaultCalendar()
	holidays := map[string]string{
		// 2026
		"2026-01-01": "New Year's Day",
		"2026-01-19": "Birthday of Martin Luther King, Jr.",     // third Monday: 5, 12, 19
		"2026-02-16": "Washington's Birthday (Presidents' Day)", // third Monday: 2, 9, 16
		"2026-05-25": "Memorial Day",                            // last Monday (31 May is a Sunday)
		"2026-06-19": "Juneteenth National Independence Day",    // a Friday
		"2026-07-03": "Independence Day",                        // 4 July is a Saturday: kept on the Friday
		"2026-07-04": "Independence Day",
		"2026-09-07": "Labor Day",                              // first Monday (1 September is a Tuesday)
		"2026-10-12": "Columbus Day (Indigenous Peoples' Day)", // second Monday: 5, 12
		"2026-11-11": "Veterans Day",                           // a Wednesday
		"2026-11-26": "Thanksgiving Day",                       // fourth Thursday: 5, 12, 19, 26
		"2026-12-25": "Christmas Day",                          // a Friday
		// 2027
		"2027-01-01": "New Year's Day",
		"2027-01-18": "Birthday of Martin Luther King, Jr.",
		"2027-02-15": "Washington's Birthday (Presidents' Day)",
		"2027-05-31": "Memorial Day",                         // 31 May is itself a Monday
		"2027-06-18": "Juneteenth National Independence Day", // 19 June is a Saturday
		"2027-06-19": "Juneteenth National Independence Day",
		"2027-07-04": "Independence Day", // a Sunday: kept on Monday the 5th
		"2027-07-05": "Independence Day",
		"2027-09-06": "Labor Day",
		"2027-10-11": "Columbus Day (Indigenous Peoples' Day)",
		"2027-11-11": "Veterans Day",
		"2027-11-25": "Thanksgiving Day",
		"2027-12-24": "Christmas Day",  // 25 December is a Saturday
		"2027-12-25": "Christmas Day",  //
		"2027-12-31": "New Year's Day", // 1 January 2028 is a Saturday: kept on Friday 31 December
		// 2028
		"2028-01-01": "New Year's Day",
		"2028-01-17": "Birthday of Martin Luther King, Jr.",
		"2028-02-21": "Washington's Birthday (Presidents' Day)", // 1 February is a Tuesday: 7, 14, 21
		"2028-05-29": "Memorial Day",                            // 31 May is a Wednesday
		"2028-06-19": "Juneteenth National Independence Day",    // a Monday
		"2028-07-04": "Independence Day",                        // a Tuesday
		"2028-09-04": "Labor Day",
		"2028-10-09": "Columbus Day (Indigenous Peoples' Day)",
		"2028-11-10": "Veterans Day", // 11 November is a Saturday
		"2028-11-11": "Veterans Day",
		"2028-11-23": "Thanksgiving Day",
		"2028-12-25": "Christmas Day", // a Monday
	}
	for day, want := range holidays {
		at, _ := time.ParseInLocation(time.DateOnly, day, cal.Location())
		if got := cal.Holiday(at.Add(9 * time.Hour)); got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
	for _, day := range []string{"2026-01-02", "2026-01-12", "2026-01-26", "2026-05-31", "2026-07-06", "2026-11-27", "2026-12-24",
		"2027-01-04", "2027-06-21", "2027-11-12", "2027-12-27", "2028-01-03", "2028-05-31", "2028-11-13", "2028-12-26",
		"2020-06-19"} { // Juneteenth was first kept in 2021
		at, _ := time.ParseInLocation(time.DateOnly, day, cal.Location())
		if got := cal.Holiday(at); got != "" {
			t.Errorf("%s is not a holiday, but Holiday says %q", day, got)
		}
	}
	// Days are the calendar's: 05:30 UTC on 1 January 2027 is still 31 December in Chicago.
	if got := cal.Holiday(time.Date(2027, 1, 1, 5, 30, 0, 0, time.UTC)); got != "" {
		t.Errorf("31 December 2026 in Chicago is %q", got)
	}
}

func TestWorkingDay(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct{ from, want string }{
		{"2026-11-26", "2026-11-27"}, // Thanksgiving, a Thursday
		{"2026-12-25", "2026-12-28"}, // Christmas on a Friday, then the weekend
		{"2026-07-03", "2026-07-06"}, // the Friday Independence Day is kept on
		{"2027-01-01", "2027-01-04"}, // New Year's Day on a Friday
		{"2027-01-18", "2027-01-19"}, // Martin Luther King Jr. Day
		{"2027-12-24", "2027-12-27"}, // Christmas kept on Friday the 24th
		{"2027-12-31", "2028-01-03"}, // New Year's Day 2028 kept on Friday 31 December
		{"2026-12-01", "2026-12-01"}, // a Tuesday like any other
		{"2026-11-28", "2026-11-30"}, // a Saturday
	} {
		from, _ := time.ParseInLocation(time.DateOnly, tc.from, cal.Location())
		if got := cal.WorkingDay(from).Format(time.DateOnly); got != tc.want {
			t.Errorf("the first working day from %s is %s, want %s", tc.from, got, tc.want)
		}
	}
}
