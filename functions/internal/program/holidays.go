package program

import "time"

// holidayRule is a US federal holiday's rule: a fixed date, or the nth weekday of a month (n = -1:
// the last).
type holidayRule struct {
	name    string
	month   time.Month
	day     int // a fixed date, or 0
	weekday time.Weekday
	n       int
	since   int // the first year it was kept
}

// holidays are the US federal holidays (5 U.S.C. 6103). No scheduled message goes on one.
var holidays = []holidayRule{
	{name: "New Year's Day", month: time.January, day: 1},
	{name: "Birthday of Martin Luther King, Jr.", month: time.January, weekday: time.Monday, n: 3},
	{name: "Washington's Birthday (Presidents' Day)", month: time.February, weekday: time.Monday, n: 3},
	{name: "Memorial Day", month: time.May, weekday: time.Monday, n: -1},
	{name: "Juneteenth National Independence Day", month: time.June, day: 19, since: 2021},
	{name: "Independence Day", month: time.July, day: 4},
	{name: "Labor Day", month: time.September, weekday: time.Monday, n: 1},
	{name: "Columbus Day (Indigenous Peoples' Day)", month: time.October, weekday: time.Monday, n: 2},
	{name: "Veterans Day", month: time.November, day: 11},
	{name: "Thanksgiving Day", month: time.November, weekday: time.Thursday, n: 4},
	{name: "Christmas Day", month: time.December, day: 25},
}

// Holiday names the US federal holiday on the calendar day of t, or is "". A holiday on a
// Saturday is also kept on the Friday before, one on a Sunday on the Monday after (the observed
// day); both days count.
func (c *Calendar) Holiday(t time.Time) string {
	y, m, d := t.In(c.loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, year := range []int{y, y + 1} { // New Year's Day on a Saturday is kept on December 31
		for _, h := range holidays {
			if year < h.since {
				continue
			}
			date := h.date(year)
			observed := date
			switch date.Weekday() {
			case time.Saturday:
				observed = date.AddDate(0, 0, -1)
			case time.Sunday:
				observed = date.AddDate(0, 0, 1)
			}
			if day.Equal(date) || day.Equal(observed) {
				return h.name
			}
		}
	}
	return ""
}

// date is the holiday's date in year (midnight UTC, for comparing days).
func (h holidayRule) date(year int) time.Time {
	if h.day > 0 {
		return time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC)
	}
	if h.n < 0 {
		last := time.Date(year, h.month+1, 0, 0, 0, 0, 0, time.UTC)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(h.weekday) + 7) % 7))
	}
	first := time.Date(year, h.month, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, (int(h.weekday)-int(first.Weekday())+7)%7+7*(h.n-1))
}

// WorkingDay is the first day from day on (day itself included) that is neither a Saturday, a
// Sunday nor a holiday.
func (c *Calendar) WorkingDay(day time.Time) time.Time {
	for day.In(c.loc).Weekday() == time.Saturday || day.In(c.loc).Weekday() == time.Sunday || c.Holiday(day) != "" {
		day = day.AddDate(0, 0, 1)
	}
	return day
}
