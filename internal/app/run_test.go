package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/config"
)

// The whole product in one process (manifold dev) keeps serving after its background
// work (loading the sanctions lists) finishes, and stops cleanly when asked.
func TestRunAll_KeepsServingAfterTheListsLoad(t *testing.T) {
	h := newHarness(t, options{embedded: true, noHTTP: true, tweak: func(c *config.Config) {
		c.Addr = "127.0.0.1:0"
		c.Screening = "lists"
	}})
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- h.App.RunAll(ctx, func(a string) { addr <- a }) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("RunAll returned before serving: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("RunAll never listened")
	}
	eventually(t, "the lists to load", func() (bool, string) { return h.App.Names != nil, "not yet" })
	time.Sleep(300 * time.Millisecond)
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz after the lists loaded: %v %v", resp, err)
	}
	resp.Body.Close()
	select {
	case err := <-done:
		t.Fatalf("RunAll returned while it should serve: %v", err)
	default:
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunAll: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("RunAll did not stop")
	}
}
