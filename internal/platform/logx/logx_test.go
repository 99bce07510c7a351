package logx_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func TestHandlerAddsContextAttrs(t *testing.T) {
	var buf bytes.Buffer
	log := logx.New("debug", "json", &buf)

	tid, uid := uuid.New(), uuid.New()
	ctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tid, UserID: uid})
	ctx = logx.WithRequestID(ctx, "req-1")
	ctx = logx.WithTaskID(ctx, "task-1")

	log.With("component", "test").InfoContext(ctx, "hello", "request_id", "explicit")

	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("decode %q: %v", buf.String(), err)
	}
	want := map[string]string{
		"request_id": "explicit", // a record's own attribute wins
		"task_id":    "task-1",
		"tenant_id":  tid.String(),
		"user_id":    uid.String(),
		"component":  "test",
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %v, want %q", k, rec[k], v)
		}
	}
	if _, ok := rec["api_key_id"]; ok {
		t.Errorf("api_key_id present for a user viewer")
	}
	if n := strings.Count(buf.String(), `"request_id"`); n != 1 {
		t.Errorf("request_id appears %d times: %s", n, buf.String())
	}
}

func TestHandlerNoContext(t *testing.T) {
	var buf bytes.Buffer
	log := logx.New("info", "text", &buf)
	log.InfoContext(t.Context(), "plain")
	log.Debug("hidden")
	out := buf.String()
	if strings.Contains(out, "request_id") || strings.Contains(out, "tenant_id") {
		t.Errorf("unexpected attrs: %s", out)
	}
	if strings.Contains(out, "hidden") {
		t.Errorf("debug record written at info level: %s", out)
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{
		"debug": slog.LevelDebug, "INFO": slog.LevelInfo, "warn": slog.LevelWarn,
		"error": slog.LevelError, "bogus": slog.LevelInfo, "": slog.LevelInfo,
	} {
		if got := logx.ParseLevel(in); got != want {
			t.Errorf("ParseLevel(%q) = %v, want %v", in, got, want)
		}
	}
}
