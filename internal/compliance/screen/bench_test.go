package screen

import (
	"testing"
)

// BenchmarkScreen screens the evaluation queries through the index.
func BenchmarkScreen(b *testing.B) {
	s := shippedScreener(b)
	cases := readEval(b)
	i := 0
	for b.Loop() {
		if _, err := s.Screen(b.Context(), cases[i%len(cases)].Query); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkScreenBrute scores every name for each query (the baseline).
func BenchmarkScreenBrute(b *testing.B) {
	s := shippedScreener(b)
	cases := readEval(b)
	i := 0
	for b.Loop() {
		if _, err := s.ScreenBrute(b.Context(), cases[(i*37)%len(cases)].Query); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
