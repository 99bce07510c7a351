# Manifold: see README.md. `make run` starts the product; `make test` runs the suite.
SHELL := /usr/bin/env bash
GO ?= go
BIN := bin/manifold
export GOFLAGS := -buildvcs=false

.PHONY: run build test test-go lint generate bench clean

run: build
	./$(BIN) dev

build:
	$(GO) build -o $(BIN) ./cmd/manifold

test:
	$(GO) vet ./...
	$(GO) test -count=1 -p 2 -timeout 12m ./...

lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

generate:
	cd ent && $(GO) run -mod=mod entc.go
	$(GO) generate ./api/...
	$(GO) run ./cmd/manifold migrate-gen

bench:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./...

clean:
	rm -rf bin var
