// Package e2e holds the site's end-to-end tests: they build the real site with Hugo, serve it
// through the local stack's handler on a loopback port, and check it in headless Chromium
// (accessibility, keyboard menu, page weight, screenshots) and as built files (the program
// guide's facts, links, the iCalendar download, the application window).
package e2e
