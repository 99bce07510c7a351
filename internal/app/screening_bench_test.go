package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/config"
)

// screeningMix is the query mix of the screening benchmarks
// (internal/compliance/screen, benchMix): every evaluation query and the
// ordinary names of testdata/bench/clean.txt, interleaved.
func screeningMix(t testing.TB) []map[string]string {
	t.Helper()
	dir := filepath.Join("..", "compliance", "screen", "testdata")
	var evalQs, clean []map[string]string
	for _, f := range []string{"eval/generated.jsonl", "eval/curated.jsonl"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "//") {
				continue
			}
			var c struct {
				Query map[string]string `json:"query"`
			}
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatal(err)
			}
			evalQs = append(evalQs, c.Query)
		}
	}
	fh, err := os.Open(filepath.Join(dir, "bench", "clean.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			clean = append(clean, map[string]string{"name": l})
		}
	}
	// three ordinary names for every evaluation query, evenly
	var out []map[string]string
	for i, j := 0, 0; i < len(evalQs) || j < len(clean); {
		if i < len(evalQs) && (j >= len(clean) || i*len(clean) <= j*len(evalQs)) {
			out = append(out, evalQs[i])
			i++
		} else {
			out = append(out, clean[j])
			j++
		}
	}
	return out
}

// BenchmarkScreeningAPI measures POST /api/v1/screenings over loopback HTTP
// with keep-alive through the whole product (request id, access log,
// metrics, OpenAPI validation, bearer authentication, casbin, the screener
// over the lists shipped in the binary, entry hashes, JSON), one request at
// a time over the screening benchmark mix, starting right after the lists
// are loaded (the index's memo of token expansions empty). It reports the
// p50 and p99 latency per request (target p99 < 5 ms), and the same for a
// bare echo handler answering fixed JSON, requests alternating, to show the
// machine's own latency. Run with -benchtime 4049x (one pass over the mix).
func BenchmarkScreeningAPI(b *testing.B) {
	h := newHarness(b, options{embedded: true, tweak: func(c *config.Config) { c.Screening = "lists" }})
	start := time.Now()
	if err := h.App.LoadSanctionsLists(context.Background()); err != nil {
		b.Fatal(err)
	}
	loaded := time.Since(start)
	tok := h.login("demo-curated", "compliance_officer")
	full := httptest.NewServer(h.E)
	defer full.Close()
	bareEcho := echo.New()
	bareEcho.POST("/api/v1/screenings", func(c echo.Context) error {
		return c.JSONBlob(http.StatusOK, []byte(`{"decision":"clear","matches":[],"list_versions":{}}`))
	})
	bare := httptest.NewServer(bareEcho)
	defer bare.Close()
	post := func(base, auth string, body []byte) {
		req, _ := http.NewRequest("POST", base+"/api/v1/screenings", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%d %s: %s", resp.StatusCode, body, out)
		}
	}
	var bodies [][]byte
	for _, q := range screeningMix(b) {
		j, err := json.Marshal(q)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, j)
	}
	warm := []byte(`{"name":"Warm Up"}`)
	for range 100 { // connections, token and policy caches; not the mix
		post(full.URL, tok, warm)
		post(bare.URL, "", warm)
	}
	var fullT, bareT []time.Duration
	i := 0
	for b.Loop() {
		body := bodies[i%len(bodies)]
		s := time.Now()
		post(bare.URL, "", body)
		bareT = append(bareT, time.Since(s))
		s = time.Now()
		post(full.URL, tok, body)
		fullT = append(fullT, time.Since(s))
		i++
	}
	b.StopTimer()
	slices.Sort(fullT)
	slices.Sort(bareT)
	pct := func(d []time.Duration, p int) time.Duration { return d[min(len(d)-1, len(d)*p/100)] }
	b.ReportMetric(float64(pct(fullT, 50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(pct(fullT, 99).Microseconds()), "p99-µs")
	b.ReportMetric(float64(pct(bareT, 50).Microseconds()), "bare-p50-µs")
	b.ReportMetric(float64(pct(bareT, 99).Microseconds()), "bare-p99-µs")
	b.ReportMetric(float64(loaded.Milliseconds()), "lists-load-ms")
	b.Logf("n=%d: p50 %v p99 %v max %v; bare echo p50 %v p99 %v; lists loaded and indexed in %v",
		len(fullT), pct(fullT, 50), pct(fullT, 99), fullT[len(fullT)-1], pct(bareT, 50), pct(bareT, 99), loaded.Round(time.Millisecond))
}
