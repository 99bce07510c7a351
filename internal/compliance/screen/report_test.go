package screen

import (
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestBenchReport prints the figures of issue 4 in one run (make bench):
// list load + index build time, heap after build, names per second per
// core through the index (first pass over the benchmark mix from an empty
// memo, and steady state) and by brute force (CPU time, GOMAXPROCS=1), p50
// and p99 per name, and the evaluation metrics. Run with MANIFOLD_BENCH=1.
func TestBenchReport(t *testing.T) {
	if os.Getenv("MANIFOLD_BENCH") == "" {
		t.Skip("set MANIFOLD_BENCH=1")
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	w0, c0 := time.Now(), cpuTime()
	reg, err := lists.LoadShipped(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	loadWall := time.Since(w0)
	w1 := time.Now()
	s, err := New(t.Context(), reg, Options{MaxMatches: 1000})
	if err != nil {
		t.Fatal(err)
	}
	buildWall, buildCPU := time.Since(w1), cpuTime()-c0
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	st := s.Stats()
	t.Logf("lists: %v", st.Versions)
	t.Logf("load %v + index build %v = %v wall (%v CPU incl. GC, GOMAXPROCS=1); %d entries, %d names, %d tokens",
		loadWall.Round(time.Millisecond), buildWall.Round(time.Millisecond), (loadWall + buildWall).Round(time.Millisecond), buildCPU.Round(time.Millisecond), st.Entries, st.Names, st.Vocabulary)
	t.Logf("heap in use after build: %.0f MB (registry + index; Sys %.0f MB)", float64(m1.HeapAlloc-min(m0.HeapAlloc, m1.HeapAlloc))/1e6, float64(m1.Sys)/1e6)

	qs := benchMix(t)
	run := func(brute bool, n int) (perSec float64, p50, p99 time.Duration) {
		lat := make([]time.Duration, 0, n)
		c := cpuTime()
		for i := range n {
			q := qs[i%len(qs)]
			if brute {
				q = qs[i*len(qs)/n]
			}
			st := time.Now()
			if brute {
				_, err = s.ScreenBrute(t.Context(), q)
			} else {
				_, err = s.Screen(t.Context(), q)
			}
			if err != nil {
				t.Fatal(err)
			}
			lat = append(lat, time.Since(st))
		}
		cpu := cpuTime() - c
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		return float64(n) / cpu.Seconds(), lat[n/2], lat[n*99/100]
	}
	debug.FreeOSMemory()
	first, fp50, fp99 := run(false, len(qs)) // the memo is empty after the build
	steady, sp50, sp99 := run(false, len(qs))
	runtime.GC()
	var m2 runtime.MemStats
	runtime.ReadMemStats(&m2)
	bf, bp50, bp99 := run(true, 40)
	t.Logf("benchmark mix: %d queries (evaluation set and ordinary names)", len(qs))
	t.Logf("index, first pass: %8.0f names/s per core (CPU time), p50 %v, p99 %v (wall, shared machine)", first, fp50.Round(time.Microsecond), fp99.Round(time.Microsecond))
	t.Logf("index, steady:     %8.0f names/s per core (CPU time), p50 %v, p99 %v", steady, sp50.Round(time.Microsecond), sp99.Round(time.Microsecond))
	t.Logf("brute force:       %8.1f names/s per core (CPU time), p50 %v, p99 %v", bf, bp50.Round(time.Microsecond), bp99.Round(time.Microsecond))
	t.Logf("index / brute force: %.0f× (first pass), %.0f× (steady)", first/bf, steady/bf)
	t.Logf("heap in use after screening the mix (memo of the mix's vocabulary tokens filled): %.0f MB", float64(m2.HeapAlloc-min(m0.HeapAlloc, m2.HeapAlloc))/1e6)

	cases := readEval(t)
	all, _, _ := evaluate(t, s, cases)
	t.Logf("evaluation: %d pairs, threshold %.2f: precision %.4f recall %.4f F1 %.4f", len(cases), s.Threshold(), all.precision(), all.recall(), all.f1())
	exact, reord, _ := recallExactReordered(t, s, false)
	t.Logf("recall on every listed primary name: exact %.4f (%d/%d), reordered %.4f (%d/%d)", exact.recall(), exact.tp, exact.tp+exact.fn, reord.recall(), reord.tp, reord.tp+reord.fn)
}
