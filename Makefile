# Manifold. `make run` starts the whole product on embedded defaults; `make test` runs
# the full suite (Go on PostgreSQL, Redis and SQLite; the frontend's tests and build).
SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/manifold
# No DWARF in what the Makefile builds (binaries and tests): compiling is about a tenth
# faster and stack traces stay whole; build with plain `go build` for a debugger.
export GOFLAGS := -buildvcs=false -gcflags=all=-dwarf=false -ldflags=-w
# Pure Go throughout (SQLite is modernc.org/sqlite): no C compiler runs and the binary is
# static. Set CGO_ENABLED=1 for the race detector.
CGO_ENABLED ?= 0
export CGO_ENABLED
# The SPA is embedded when it was built (tag ui); without npm the binary is API-only.
HAVE_NPM := $(shell command -v npm >/dev/null 2>&1 && echo yes)

.PHONY: run build build-api go-deps frontend frontend-test test test-go lint generate bench clean

ifeq ($(HAVE_NPM),yes)
# The Go binary and the SPA build in parallel; the dev server serves the SPA from
# frontend/dist (MANIFOLD_UI_DIR), so nothing is compiled twice.
run:
	$(MAKE) --no-print-directory -j2 frontend build-api
	MANIFOLD_UI_DIR=frontend/dist ./$(BIN) dev
else
run: build-api
	./$(BIN) dev
endif

ifeq ($(HAVE_NPM),yes)
# The frontend and the Go dependencies build in parallel; the final, tagged link only
# recompiles the packages that embed the SPA.
build:
	$(MAKE) --no-print-directory -j2 frontend go-deps
	$(GO) build -tags ui -o $(BIN) ./cmd/manifold
else
build: build-api
	@echo "npm not found: built the API-only binary (no web UI)"
endif

build-api:
	$(GO) build -o $(BIN) ./cmd/manifold

# Compiles (without linking) every package of the binary except those the ui tag changes,
# so the tagged build that follows only compiles those three and links once.
UI_PKGS := github.com/manifoldhq/manifold/(cmd/manifold|internal/app|frontend)
go-deps:
	$(GO) build $$($(GO) list -deps ./cmd/manifold | grep -Ev '^$(UI_PKGS)$$')

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build --silent

frontend-test: frontend/node_modules/.package-lock.json
	cd frontend && npm test --silent && npm run build --silent

test: frontend-test test-go

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -p 2 -timeout 12m ./...

lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

generate:
	cd ent && $(GO) run -mod=mod entc.go
	$(GO) generate ./api/...
	$(MAKE) --no-print-directory frontend/node_modules/.package-lock.json
	cd frontend && npm run gen:api --silent
	$(GO) run ./cmd/manifold migrate-gen --name changes

# Benchmarks print their own baselines, measured in the same run.
bench:
	$(GO) test -run '^$$' -bench AuthenticatedGET -benchtime 2000x ./internal/app/
	$(GO) test -run '^$$' -bench Import10k -benchtime 1x -timeout 10m ./internal/app/
	$(GO) test -run '^$$' -bench . ./internal/platform/authz/
	$(GO) test -run '^$$' -bench Search -benchtime 1x -timeout 20m ./internal/catalog/search/
	MANIFOLD_BENCH=1 $(GO) test -count=1 -run TestBenchReport -v ./internal/compliance/screen/
	$(GO) test -run '^$$' -bench '^BenchmarkScreen$$' -benchtime 4049x -cpu 1 ./internal/compliance/screen/
	$(GO) test -run '^$$' -bench '^BenchmarkLoadAndBuild$$' -benchtime 3x -cpu 1 ./internal/compliance/screen/
	$(GO) test -run '^$$' -bench '^BenchmarkScreeningAPI$$' -benchtime 4049x ./internal/app/

clean:
	rm -rf bin var frontend/dist
