package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
	"github.com/ala-alsc/mentoring/infra/stack"
)

func init() {
	register("applications", benchApply)
	register("cold start and size", benchBuilt)
}

const (
	applyRounds      = 9   // alternating rounds of each side, so both meet the same machine load
	applyPerRound    = 500 // submissions per round
	applyWorkers     = 4   // concurrent clients
	coldStarts       = 41
	overheadGoal     = 1.2
	coldStartGoal    = 1.5 // a cold start that stores an application
	startUpGoal      = 1.3 // a cold start alone
	deliverySamples  = 100 // applications sent one at a time, each timed to its email in the outbox
	unzippedGoal     = 12_000_000
	zippedGoal       = 5_000_000
	applicationsPath = "/api/applications"
)

// benchApply measures accepted applications through the local stack's HTTP endpoint beside raw
// PutItem calls to the same dynalite.
func benchApply() error {
	tmp, err := os.MkdirTemp("", "alsc-bench-apply-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	return benchThroughput(tmp)
}

// benchBuilt measures the deployable bootstraps' sizes, and apply's cold start under the Lambda
// emulator beside a minimal Go function built the same way (go run ./infra/bench -only cold).
func benchBuilt() error {
	tmp, err := os.MkdirTemp("", "alsc-bench-built-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := benchSize(tmp); err != nil {
		return err
	}
	return benchColdStart(tmp)
}

// owingApplication is an application item of table that still owes its receipt, as the stack
// stored it.
func owingApplication(ctx context.Context, db *dynamodb.Client, table string) (map[string]types.AttributeValue, error) {
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table),
		FilterExpression:          aws.String("begins_with(sk, :app) AND attribute_exists(#outbox)"),
		ExpressionAttributeNames:  map[string]string{"#outbox": "outbox"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":app": &types.AttributeValueMemberS{Value: "APP#"}}})
	if err != nil {
		return nil, err
	}
	if len(out.Items) == 0 {
		return nil, fmt.Errorf("no application in table %s owes its receipt", table)
	}
	return out.Items[0], nil
}

func benchApplication(i int) map[string]any {
	return map[string]any{
		"role": "mentee", "name": fmt.Sprintf("Bench Applicant %d", i), "email": fmt.Sprintf("bench%d@example.org", i),
		"organisation": "Bench Library", "position": "Library assistant", "city": "Chicago", "region": "IL",
		"country": "USA", "time_zone": "America/Chicago", "connection": "I lead story time twice a week.",
		"situation": "early_career", "hopes": "Confidence in planning programs for school-age children.",
		"interests": []string{"programming", "outreach"}, "communication": []string{"email", "video"},
		"in_person": "no", "geo_preference": "preferred", "gender": "woman", "gender_preference": "none",
		"race_preference": "none", "consent": true,
	}
}

type run struct {
	latencies []time.Duration
	elapsed   time.Duration
}

// measure sends n requests from applyWorkers clients, request i by do(i).
func measure(n int, do func(i int) error) (run, error) {
	lat := make([]time.Duration, n)
	next := make(chan int)
	errs := make(chan error, applyWorkers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < applyWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				if err := do(i); err != nil {
					errs <- err
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			return run{}, err
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return run{}, err
	default:
	}
	return run{latencies: lat, elapsed: time.Since(start)}, nil
}

func benchThroughput(tmp string) error {
	ctx := context.Background()
	db, err := dynalite.Start(ctx, dynalite.Options{})
	if err != nil {
		return err
	}
	defer db.Stop()
	site := filepath.Join(tmp, "site")
	os.MkdirAll(site, 0o755)
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><title>bench</title>"), 0o644)
	// newStack is a local stack on its own table (its outbox folder named after it), its sender
	// at work or held until SendOwed; serve puts a handler behind a loopback HTTP server and
	// gives the client to call it with.
	var closers []func()
	defer func() {
		for _, c := range slices.Backward(closers) {
			c()
		}
	}()
	newStack := func(table string, hold bool) (*stack.Stack, error) {
		st, err := stack.New(ctx, stack.Config{
			SiteDir: site, DynamoDB: db.Endpoint, Table: table, Outbox: filepath.Join(tmp, table+"-outbox"),
			Calendar: local.DemoCalendar(time.Now()), Unthrottled: true, HoldSender: hold,
			Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		})
		if err == nil {
			closers = append(closers, st.Close)
		}
		return st, err
	}
	serve := func(h http.Handler) (*httptest.Server, *http.Client) {
		srv := httptest.NewServer(h)
		closers = append(closers, srv.Close)
		client := srv.Client()
		client.Transport.(*http.Transport).MaxIdleConnsPerHost = applyWorkers
		return srv, client
	}
	st, err := newStack("mentoring", false)
	if err != nil {
		return err
	}
	srv, client := serve(st.Handler())
	// The same stack on a table of its own, its sender held until each round has ended: the
	// request path alone, as in AWS, where the sender is another function on the table's stream.
	held, err := newStack("held", true)
	if err != nil {
		return err
	}
	heldSrv, heldClient := serve(held.Handler())

	raw := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(db.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})

	post := func(client *http.Client, url string, i int) error {
		body, _ := json.Marshal(benchApplication(i))
		res, err := client.Post(url+applicationsPath, "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return fmt.Errorf("stack answered %d", res.StatusCode)
		}
		return nil
	}
	viaStack := func(i int) error { return post(client, srv.URL, i) }
	viaHeld := func(i int) error { return post(heldClient, heldSrv.URL, i) }
	// The reference writes the very item the stack writes (its answers, its owed receipt, and so
	// the outbox index's entry), read back from the held table after its warm-up, into a table
	// made the same way whose sender never runs.
	if _, err := newStack("reference", true); err != nil {
		return err
	}
	var stored map[string]types.AttributeValue
	putInto := func(table string, i int) error {
		item := make(map[string]types.AttributeValue, len(stored))
		for k, v := range stored {
			item[k] = v
		}
		email := fmt.Sprintf("bench%d@example.org", i)
		item["sk"] = &types.AttributeValueMemberS{Value: "APP#mentee#" + email}
		item["email"] = &types.AttributeValueMemberS{Value: email}
		item["id"] = &types.AttributeValueMemberS{Value: fmt.Sprintf("%016x", i)}
		_, err := raw.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(table), Item: item, ConditionExpression: aws.String("attribute_not_exists(pk)"),
		})
		return err
	}
	viaPutItem := func(i int) error { return putInto("reference", i) }
	// The floor of any HTTP endpoint in front of the table: a bare handler that reads the
	// request and makes the same PutItem (into a table of its own made the same way), with no
	// decoding, checks or log. The stack beside it is what our own code adds.
	if _, err := newStack("bare", true); err != nil {
		return err
	}
	bareSrv, bareClient := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a struct{ Email string }
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var i int
		fmt.Sscanf(a.Email, "bench%d@", &i)
		if err := putInto("bare", i); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":"%016x"}`, i)
	}))
	viaBare := func(i int) error { return post(bareClient, bareSrv.URL, i) }

	// Warm every path (connections, first-use costs) outside the measured rounds.
	if _, err := measure(20, func(i int) error { return viaStack(1_000_000 + i) }); err != nil {
		return err
	}
	if _, err := measure(20, func(i int) error { return viaHeld(1_000_000 + i) }); err != nil {
		return err
	}
	if stored, err = owingApplication(ctx, raw, "held"); err != nil {
		return err
	}
	if _, err := measure(20, func(i int) error { return viaPutItem(1_000_000 + i) }); err != nil {
		return err
	}
	if _, err := measure(20, func(i int) error { return viaBare(1_000_000 + i) }); err != nil {
		return err
	}
	if _, err := st.SendOwed(ctx); err != nil {
		return err
	}
	if err := benchDelivery(filepath.Join(tmp, "mentoring-outbox"), func(i int) error { return viaStack(2_000_000 + i) }); err != nil {
		return err
	}
	var stackRuns, heldRuns, rawRuns, bareRuns []run
	for r := 0; r < applyRounds; r++ {
		base := r * applyPerRound
		sr, err := measure(applyPerRound, func(i int) error { return viaStack(base + i) })
		if err != nil {
			return err
		}
		// The receipts still owed go before the raw round, which should not share the machine
		// with them (the sender runs during the stack's own round, as it does under make run).
		if _, err := st.SendOwed(ctx); err != nil {
			return err
		}
		hr, err := measure(applyPerRound, func(i int) error { return viaHeld(base + i) })
		if err != nil {
			return err
		}
		if n, err := held.SendOwed(ctx); err != nil || n < applyPerRound {
			return fmt.Errorf("the held sender sent %d of %d receipts: %v", n, applyPerRound, err)
		}
		rr, err := measure(applyPerRound, func(i int) error { return viaPutItem(base + i) })
		if err != nil {
			return err
		}
		br, err := measure(applyPerRound, func(i int) error { return viaBare(base + i) })
		if err != nil {
			return err
		}
		stackRuns, heldRuns, rawRuns, bareRuns = append(stackRuns, sr), append(heldRuns, hr), append(rawRuns, rr), append(bareRuns, br)
	}
	summarise := func(runs []run) (perSec float64, p50, p99 time.Duration) {
		var all []time.Duration
		var rates []float64
		for _, r := range runs {
			all = append(all, r.latencies...)
			rates = append(rates, float64(len(r.latencies))/r.elapsed.Seconds())
		}
		slices.Sort(all)
		return median(rates), all[len(all)*50/100], all[len(all)*99/100]
	}
	sRate, sP50, sP99 := summarise(stackRuns)
	rRate, rP50, rP99 := summarise(rawRuns)
	hRate, hP50, hP99 := summarise(heldRuns)
	bRate, bP50, bP99 := summarise(bareRuns)
	fmt.Printf("%d rounds of %d submissions each side, alternating, %d concurrent clients, one dynalite (in memory)\n\n",
		applyRounds, applyPerRound, applyWorkers)
	fmt.Printf("| path | submissions/s (median round) | p50 | p99 |\n|---|---|---|---|\n")
	fmt.Printf("| local stack: POST %s (validate, one PutItem owing the receipt, log; the sender at work beside it) | %.0f | %s | %s |\n", applicationsPath, sRate, msf(sP50), msf(sP99))
	fmt.Printf("| local stack, its sender held until the round ended (the request path alone) | %.0f | %s | %s |\n", hRate, msf(hP50), msf(hP99))
	fmt.Printf("| raw PutItem of the same item | %.0f | %s | %s |\n", rRate, msf(rP50), msf(rP99))
	fmt.Printf("| a bare HTTP handler making the same PutItem (the floor of any endpoint) | %.0f | %s | %s |\n", bRate, msf(bP50), msf(bP99))
	fmt.Printf("| ratio (stack / raw): time per submission, the sender beside it | %.2f× | %.2f× | %.2f× |\n",
		rRate/sRate, float64(sP50)/float64(rP50), float64(sP99)/float64(rP99))
	fmt.Printf("| ratio (stack / raw): time per submission, the request path alone | %.2f× (goal ≤ %.1f×) | %.2f× | %.2f× |\n",
		rRate/hRate, overheadGoal, float64(hP50)/float64(rP50), float64(hP99)/float64(rP99))
	fmt.Printf("| ratio (bare handler / raw): the HTTP hop alone | %.2f× | %.2f× | %.2f× |\n",
		rRate/bRate, float64(bP50)/float64(rP50), float64(bP99)/float64(rP99))
	fmt.Printf("| ratio (stack / bare handler): what our request path adds to the hop | %.2f× | %.2f× | %.2f× |\n\n",
		bRate/hRate, float64(hP50)/float64(bP50), float64(hP99)/float64(bP99))
	return nil
}

// benchDelivery sends deliverySamples applications one at a time through submit, and times each
// from its answer to its receipt's file in the outbox folder dir (the local sender, nudged by
// the answer, on its poll of the index).
func benchDelivery(dir string, submit func(i int) error) error {
	count := func() int {
		es, _ := os.ReadDir(dir)
		n := 0
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".eml") {
				n++
			}
		}
		return n
	}
	var lat []time.Duration
	for i := range deliverySamples {
		before := count()
		if err := submit(i); err != nil {
			return err
		}
		acked := time.Now()
		for count() == before {
			if time.Since(acked) > 10*time.Second {
				return fmt.Errorf("application %d: no receipt in the outbox after 10 s", i)
			}
			time.Sleep(200 * time.Microsecond)
		}
		lat = append(lat, time.Since(acked))
	}
	slices.Sort(lat)
	fmt.Printf("From an application's answer to its receipt in the outbox (%d applications one at a time): median %s, p99 %s, max %s\n\n",
		deliverySamples, msf(median(lat)), msf(lat[len(lat)*99/100]), msf(lat[len(lat)-1]))
	return nil
}

func msf(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// zipped is the size of a zip archive holding file as bootstrap, as SAM uploads it.
func zipped(file string) (int, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.CreateHeader(&zip.FileHeader{Name: "bootstrap", Method: zip.Deflate})
	if err != nil {
		return 0, err
	}
	w.Write(b)
	if err := z.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

func benchSize(tmp string) error {
	fmt.Printf("| linux/arm64 bootstrap (as make build) | unzipped | zipped | goal |\n|---|---|---|---|\n")
	for _, fn := range []struct{ name, pkg string }{{"functions/apply", "./functions/apply"}, {"functions/participants", "./functions/participants"},
		{"functions/sender", "./functions/sender"},
		{"minimal Go Lambda (reference)", "./infra/bench/minimal"}} {
		out := filepath.Join(tmp, "arm64-"+filepath.Base(fn.pkg))
		if err := emulator.BuildFor(fn.pkg, out, "linux", "arm64"); err != nil {
			return err
		}
		fi, err := os.Stat(out)
		if err != nil {
			return err
		}
		z, err := zipped(out)
		if err != nil {
			return err
		}
		goal := ""
		if fn.pkg != "./infra/bench/minimal" {
			goal = fmt.Sprintf("≤ %s / ≤ %s", mb(unzippedGoal), mb(zippedGoal))
		}
		fmt.Printf("| %s | %s | %s | %s |\n", fn.name, mb(int(fi.Size())), mb(z), goal)
	}
	fmt.Println()
	return nil
}

func mb(n int) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func benchColdStart(tmp string) error {
	rie, err := emulator.Build(emulator.RIE, tmp, "aws-lambda-rie")
	if err != nil {
		return err
	}
	apply, err := emulator.Build("./functions/apply", filepath.Join(tmp, "apply"), "bootstrap")
	if err != nil {
		return err
	}
	minimal, err := emulator.Build("./infra/bench/minimal", filepath.Join(tmp, "minimal"), "bootstrap")
	if err != nil {
		return err
	}
	minimalPut, err := emulator.Build("./infra/bench/minimalput", filepath.Join(tmp, "minimalput"), "bootstrap")
	if err != nil {
		return err
	}
	event, err := os.ReadFile(filepath.Join(devenv.Root(), "functions", "apply", "testdata", "post-json.json"))
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, err := dynalite.Start(ctx, dynalite.Options{})
	if err != nil {
		return err
	}
	defer db.Stop()
	fns, err := local.New(ctx, local.Config{DynamoDB: db.Endpoint}) // creates the table
	if err != nil {
		return err
	}
	fns.Close()
	calendar := filepath.Join(tmp, "demo.toml")
	os.WriteFile(calendar, local.DemoCalendar(time.Now()), 0o644)
	env := []string{"TABLE_NAME=mentoring", "AWS_ENDPOINT_URL_DYNAMODB=" + db.Endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=bench@example.org",
		"OUTBOX_DIR=" + filepath.Join(tmp, "cold-outbox"), "CALENDAR_FILE=" + calendar}

	// The same event with an empty application: refused (422) before any DynamoDB call, so its
	// cold start is the function's own start-up alone.
	var refused map[string]any
	if err := json.Unmarshal(event, &refused); err != nil {
		return err
	}
	refused["body"], refused["isBase64Encoded"] = `{"role": "mentee"}`, false
	refusedEvent, _ := json.Marshal(refused)

	coldStart := func(bootstrap string, event []byte, want ...int) (time.Duration, error) {
		start := time.Now()
		e, err := emulator.Start(rie, bootstrap, env)
		if err != nil {
			return 0, err
		}
		defer e.Stop()
		out, err := e.Invoke(ctx, event)
		if err != nil {
			return 0, err
		}
		elapsed := time.Since(start)
		var res struct{ StatusCode int }
		if json.Unmarshal(out, &res); !slices.Contains(want, res.StatusCode) {
			return 0, fmt.Errorf("%s answered %s", bootstrap, out)
		}
		return elapsed, nil
	}
	var applyTimes, refusedTimes, minimalTimes, putTimes []time.Duration
	for i := 0; i < coldStarts; i++ {
		a, err := coldStart(apply, event, 200, 201)
		if err != nil {
			return err
		}
		r, err := coldStart(apply, refusedEvent, 422)
		if err != nil {
			return err
		}
		m, err := coldStart(minimal, event, 200)
		if err != nil {
			return err
		}
		p, err := coldStart(minimalPut, event, 201)
		if err != nil {
			return err
		}
		applyTimes, refusedTimes, minimalTimes, putTimes = append(applyTimes, a), append(refusedTimes, r), append(minimalTimes, m), append(putTimes, p)
	}
	a, m, p := median(applyTimes), median(minimalTimes), median(putTimes)
	fmt.Printf("Cold start: emulator process start to the first response, host build, median of %d alternating runs\n\n", coldStarts)
	fmt.Printf("| function | cold start (median) | min | max |\n|---|---|---|---|\n")
	fmt.Printf("| functions/apply (first request stores an application in dynalite) | %s | %s | %s |\n", msf(a), msf(slices.Min(applyTimes)), msf(slices.Max(applyTimes)))
	fmt.Printf("| functions/apply (first request refused before any DynamoDB call) | %s | %s | %s |\n", msf(median(refusedTimes)), msf(slices.Min(refusedTimes)), msf(slices.Max(refusedTimes)))
	fmt.Printf("| minimal Go Lambda (reference) | %s | %s | %s |\n", msf(m), msf(slices.Min(minimalTimes)), msf(slices.Max(minimalTimes)))
	fmt.Printf("| minimal Go Lambda storing the request's body with one PutItem (reference) | %s | %s | %s |\n", msf(p), msf(slices.Min(putTimes)), msf(slices.Max(putTimes)))
	fmt.Printf("| ratio, storing | %.2f× (goal ≤ %.1f×) | | |\n", float64(a)/float64(m), coldStartGoal)
	fmt.Printf("| ratio, storing, to the minimal function that stores | %.2f× | | |\n", float64(a)/float64(p))
	fmt.Printf("| ratio, the minimal function that stores to the one that does not | %.2f× | | |\n", float64(p)/float64(m))
	fmt.Printf("| ratio, start-up alone | %.2f× (goal ≤ %.1f×) | | |\n", float64(median(refusedTimes))/float64(m), startUpGoal)
	return nil
}
