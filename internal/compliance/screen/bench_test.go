package screen

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

// bruteSample is how many queries of the mix the brute-force baseline
// screens (each scores every indexed name).
const bruteSample = 24

var (
	bruteOnce sync.Once
	bruteRate float64
)

// bruteBaseline measures ScreenBrute on bruteSample queries spread over the
// mix: names per second per core (CPU time).
func bruteBaseline(b *testing.B, s *Screener, qs []Query) float64 {
	bruteOnce.Do(func() {
		c0 := cpuTime()
		step := len(qs) / bruteSample
		for k := range bruteSample {
			if _, err := s.ScreenBrute(b.Context(), qs[k*step]); err != nil {
				b.Fatal(err)
			}
		}
		bruteRate = float64(bruteSample) / (cpuTime() - c0).Seconds()
	})
	return bruteRate
}

// BenchmarkScreen screens the benchmark mix (evaluation queries and ordinary
// names, benchMix) through the index, one query per iteration, and reports
// names per second per core (CPU time of the process, so that other load on
// the machine does not count), the p50 and p99 latency per name (wall), and
// the brute-force baseline (ScreenBrute, measured in the same run) with the
// ratio. Run with -cpu 1 and -benchtime 4049x (one pass over the mix).
//
// first-pass: the index's memo of vocabulary-token expansions is emptied
// before every pass over the mix, as right after a build; steady: the memo
// holds the mix's vocabulary tokens, as in a server that has been screening
// for a while (tokens not in the vocabulary are expanded every time).
func BenchmarkScreen(b *testing.B) {
	s := shippedScreener(b)
	qs := benchMix(b)
	for _, mode := range []string{"first-pass", "steady"} {
		b.Run(mode, func(b *testing.B) {
			ix := s.cur.Load().ix
			ix.ClearMemo()
			if mode == "steady" {
				for _, q := range qs {
					if _, err := s.Screen(b.Context(), q); err != nil {
						b.Fatal(err)
					}
				}
			}
			lat := make([]time.Duration, 0, 1<<16)
			i := 0
			c0 := cpuTime()
			for b.Loop() {
				if i%len(qs) == 0 && mode == "first-pass" {
					ix.ClearMemo()
				}
				t := time.Now()
				if _, err := s.Screen(b.Context(), qs[i%len(qs)]); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
				i++
			}
			cpu := cpuTime() - c0
			b.StopTimer()
			rate := float64(i) / cpu.Seconds()
			slices.Sort(lat)
			b.ReportMetric(rate, "names/s/core")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			brute := bruteBaseline(b, s, qs)
			b.ReportMetric(brute, "brute-names/s/core")
			b.ReportMetric(rate/brute, "×brute")
		})
	}
}

// BenchmarkScreenBrute scores every name for each query of the mix (the
// baseline on its own).
func BenchmarkScreenBrute(b *testing.B) {
	s := shippedScreener(b)
	qs := benchMix(b)
	i := 0
	for b.Loop() {
		if _, err := s.ScreenBrute(b.Context(), qs[(i*37)%len(qs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkLoadAndBuild loads the shipped lists and builds the index, and
// reports the heap in use afterwards (registry and index, after a GC).
func BenchmarkLoadAndBuild(b *testing.B) {
	var keep *Screener
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for b.Loop() {
		keep = nil
		reg, err := lists.LoadShipped(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if keep, err = New(b.Context(), reg, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(m1.HeapAlloc-min(m0.HeapAlloc, m1.HeapAlloc))/1e6, "heap-MB")
	b.ReportMetric(float64(m1.Sys)/1e6, "sys-MB")
	runtime.KeepAlive(keep)
}
