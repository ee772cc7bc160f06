package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

//go:embed lsa_reference.py
var lsaReference []byte

func init() { register("matcher", benchMatcher) }

// Each solver solves each instance benchRuns times in each of benchRounds rounds, the two solvers
// taking turns so that both meet the same load on a shared machine; the tables report medians.
const (
	benchRuns   = 3
	benchRounds = 3
)

// generated is a benchmark instance: sizes, each mentor's capacity, and each pair's weight
// (NaN for a forbidden pair), all drawn from a fixed seed.
type generated struct {
	name             string
	mentees, mentors int
	capacity         func(rng *rand.Rand, m int) int
	weight           func(rng *rand.Rand, e, m int) float64
}

func uniformWeight(rng *rand.Rand, _, _ int) float64 { return rng.Float64() }

func benchMatcher() error {
	dir, err := os.MkdirTemp("", "matcher-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "matcher")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/ala-alsc/mentoring/functions/matcher").CombinedOutput(); err != nil {
		return fmt.Errorf("go build matcher: %v\n%s", err, out)
	}
	script := filepath.Join(dir, "lsa_reference.py")
	if err := os.WriteFile(script, lsaReference, 0o644); err != nil {
		return err
	}

	var cases []generated
	for _, n := range []int{100, 500, 1000, 2000} {
		cases = append(cases, generated{fmt.Sprintf("uniform %d×%d", n, n), n, n, func(*rand.Rand, int) int { return 1 }, uniformWeight})
	}
	cases = append(cases, generated{"2000 mentees × 700 mentors, capacity 3, 30% forbidden", 2000, 700,
		func(*rand.Rand, int) int { return 3 },
		func(rng *rand.Rand, _, _ int) float64 {
			if rng.Float64() < 0.3 {
				return math.NaN()
			}
			return rng.Float64()
		}})

	fmt.Printf("Each instance is solved %d times by the matcher (in process, decoding excluded) and by\n", benchRuns*benchRounds)
	fmt.Printf("scipy %s linear_sum_assignment (capacities expanded into slots; only the call timed),\n", scipyVersion())
	fmt.Printf("in %d alternating rounds; medians.\n\n", benchRounds)
	fmt.Println("| instance | matcher median | scipy median | ratio | relative difference of totals |")
	fmt.Println("|---|---:|---:|---:|---:|")
	failed := false
	for i, c := range cases {
		file := filepath.Join(dir, fmt.Sprintf("case%d.json", i))
		if err := writeInstance(file, c, uint64(i+1)); err != nil {
			return err
		}
		var ours measured
		var ref reference
		var oursTimes, refTimes []float64
		for range benchRounds {
			if ours, err = matcherRun(bin, file, benchRuns); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			if ref, err = scipyRun(script, file); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			oursTimes = append(oursTimes, ours.seconds...)
			refTimes = append(refTimes, ref.Seconds...)
		}
		ours.median, ref.Median = median(oursTimes), median(refTimes)
		diff := math.Abs(ours.total-ref.Total) / math.Abs(ref.Total)
		if diff > 1e-9 || ours.matched != ref.Matched {
			failed = true
		}
		fmt.Printf("| %s | %s | %s | %.2f | %.1e |\n", c.name, seconds(ours.median), seconds(ref.Median),
			ours.median/ref.Median, diff)
		os.Remove(file)
	}
	if failed {
		return fmt.Errorf("the matcher's optimum differs from scipy's on some instance")
	}
	return benchScale(bin, dir)
}

// benchScale times the built command, as staff run it, on a program far larger than ALSC's.
func benchScale(bin, dir string) error {
	const regions = 8
	scale := generated{"5,000 mentees × 2,000 mentors, capacity 1–3, ~40% forbidden", 5000, 2000,
		func(rng *rand.Rand, _ int) int { return 1 + rng.IntN(3) },
		func(rng *rand.Rand, e, m int) float64 {
			// Mentees e%20 < 9 require a mentor in their own region; a few pairs are ruled out
			// one by one (a partner left earlier, a conflict of interest).
			same := e%regions == m%regions
			if (e%20 < 9 && !same) || rng.Float64() < 0.02 {
				return math.NaN()
			}
			w := 0.6 * rng.Float64()
			if same {
				w += 0.4
			}
			return w
		}}
	file := filepath.Join(dir, "scale.json")
	if err := writeInstance(file, scale, 99); err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	var walls []float64
	var rss int64
	var result scaleResult
	for range 3 {
		cmd := exec.Command(bin, "-instance", file)
		var stdout bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("scale: %w", err)
		}
		walls = append(walls, time.Since(start).Seconds())
		rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss*1024)
		if err := json.Unmarshal(stdout.Bytes(), &result); err != nil {
			return err
		}
	}
	fmt.Printf("\nScale: `matcher -instance FILE` as a separate process (%.0f MB of JSON), median of %d runs.\n\n",
		float64(info.Size())/1e6, len(walls))
	fmt.Println("| instance | pairs | unmatched | wall time (goal ≤ 10 s) | peak RSS (goal ≤ 1 GiB) |")
	fmt.Println("|---|---:|---:|---:|---:|")
	fmt.Printf("| %s | %d | %d | %s | %.0f MiB |\n", scale.name, result.Matched, len(result.Unmatched),
		seconds(median(walls)), float64(rss)/(1<<20))
	if median(walls) > 10 || rss > 1<<30 {
		return fmt.Errorf("scale goals missed")
	}
	return nil
}

type scaleResult struct {
	Matched   int      `json:"matched"`
	Total     float64  `json:"total"`
	Unmatched []string `json:"unmatched"`
}

type measured struct {
	seconds       []float64
	median, total float64
	matched       int
}

// matcherRun solves file with the built command, which times each solve in process.
func matcherRun(bin, file string, runs int) (measured, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-instance", file, "-repeat", strconv.Itoa(runs))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return measured{}, fmt.Errorf("matcher: %v: %s", err, stderr.Bytes())
	}
	var timings struct {
		Seconds []float64 `json:"solve_seconds"`
	}
	var out scaleResult
	if err := json.Unmarshal(stderr.Bytes(), &timings); err != nil {
		return measured{}, fmt.Errorf("matcher timings: %v", err)
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return measured{}, err
	}
	return measured{seconds: timings.Seconds, total: out.Total, matched: out.Matched}, nil
}

type reference struct {
	Seconds []float64 `json:"seconds"`
	Median  float64   `json:"-"`
	Total   float64   `json:"total"`
	Matched int       `json:"matched"`
}

func scipyRun(script, file string) (reference, error) {
	out, err := exec.Command("/usr/bin/python3", script, strconv.Itoa(benchRuns), file).Output()
	if err != nil {
		return reference{}, fmt.Errorf("scipy reference: %w", err)
	}
	var ref reference
	return ref, json.Unmarshal(out, &ref)
}

func scipyVersion() string {
	out, err := exec.Command("/usr/bin/python3", "-c", "import scipy; print(scipy.__version__)").Output()
	if err != nil {
		return "(unknown version)"
	}
	return string(bytes.TrimSpace(out))
}

// writeInstance writes c as a matcher JSON instance, weights rounded to six decimals.
func writeInstance(path string, c generated, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(seed, 42))
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"objective": "coverage", "mentors": [`)
	for m := range c.mentors {
		if m > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"id": "m%05d", "capacity": %d}`, m, c.capacity(rng, m))
	}
	w.WriteString(`], "mentees": [`)
	for e := range c.mentees {
		if e > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"id": "e%05d"}`, e)
	}
	w.WriteString(`], "weights": [`)
	buf := make([]byte, 0, 32)
	for e := range c.mentees {
		if e > 0 {
			w.WriteString(",\n")
		}
		w.WriteByte('[')
		for m := range c.mentors {
			if m > 0 {
				w.WriteByte(',')
			}
			if x := c.weight(rng, e, m); math.IsNaN(x) {
				w.WriteString("null")
			} else {
				w.Write(strconv.AppendFloat(buf[:0], math.Round(x*1e6)/1e6, 'g', -1, 64))
			}
		}
		w.WriteByte(']')
	}
	w.WriteString("]}\n")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func seconds(s float64) string {
	if s < 1 {
		return fmt.Sprintf("%.1f ms", s*1000)
	}
	return fmt.Sprintf("%.2f s", s)
}
