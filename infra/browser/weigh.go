package browser

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Request is one network request a page load made.
type Request struct {
	URL    string
	Status int64
	Bytes  int64 // response body, uncompressed (the sum of the browser's decoded data chunks)
	Failed string
}

// Load is everything a page load fetched, in the order the browser asked for it.
type Load struct {
	Requests []Request
}

// Bytes is the uncompressed size of every response body of the load.
func (l Load) Bytes() int64 {
	var n int64
	for _, r := range l.Requests {
		n += r.Bytes
	}
	return n
}

// Foreign lists the requests that went to an origin other than the page's own.
func (l Load) Foreign() []string {
	if len(l.Requests) == 0 {
		return nil
	}
	home := origin(l.Requests[0].URL)
	var out []string
	for _, r := range l.Requests[1:] {
		if origin(r.URL) != home {
			out = append(out, r.URL)
		}
	}
	return out
}

func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.Scheme + "://" + u.Host
}

// Weigh loads pageURL in a new tab of ctx's browser, with the cache off, and reports every
// request the load made (data: URLs are not requests and are not counted). A page that breaks
// its Content-Security-Policy is an error.
func Weigh(ctx context.Context, pageURL string) (Load, error) {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()

	var mu sync.Mutex
	byID := map[network.RequestID]*Request{}
	var order []network.RequestID
	pending := 0
	err := chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if _, seen := byID[e.RequestID]; !seen {
				byID[e.RequestID] = &Request{URL: e.Request.URL}
				order = append(order, e.RequestID)
				pending++
			}
		case *network.EventResponseReceived:
			if r := byID[e.RequestID]; r != nil {
				r.Status = e.Response.Status
			}
		case *network.EventDataReceived:
			if r := byID[e.RequestID]; r != nil {
				r.Bytes += e.DataLength
			}
		case *network.EventLoadingFinished:
			if byID[e.RequestID] != nil {
				pending--
			}
		case *network.EventLoadingFailed:
			if r := byID[e.RequestID]; r != nil {
				r.Failed = e.ErrorText
				pending--
			}
		}
	})
	if err != nil {
		return Load{}, err
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		return Load{}, err
	}
	csp, err := WatchCSP(tab)
	if err != nil {
		return Load{}, err
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return Load{}, err
	}
	if err := chromedp.Do(tab, chromedp.Navigate(pageURL)); err != nil {
		return Load{}, err
	}
	// The load event has fired; wait for requests the page started late to finish.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		left := pending
		mu.Unlock()
		if left <= 0 {
			break
		}
		if time.Now().After(deadline) {
			return Load{}, fmt.Errorf("weigh %s: %d requests still unfinished", pageURL, left)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v := csp.List(); len(v) > 0 {
		return Load{}, fmt.Errorf("weigh %s: Content-Security-Policy violations: %q", pageURL, v)
	}
	mu.Lock()
	defer mu.Unlock()
	var l Load
	for _, id := range order {
		if u := byID[id].URL; len(u) > 5 && u[:5] == "data:" {
			continue
		}
		l.Requests = append(l.Requests, *byID[id])
	}
	return l, nil
}
