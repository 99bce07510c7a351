package importcsv

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func plan(t *testing.T, in string, store *fakeStore) *Report {
	t.Helper()
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{}, okValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestApply_RefusesAReportWithErrors(t *testing.T) {
	store := newFakeStore(nil)
	rep := plan(t, rowsCSV(10, func(i int) bool { return i == 4 }), store)
	res, err := Apply(t.Context(), rep, Options{}, store)
	if !errors.Is(err, ErrHasErrors) || !problem.Is(err, problem.KindUnprocessable) || res != nil {
		t.Fatalf("Apply = %+v, %v; want ErrHasErrors", res, err)
	}
	if store.calls+store.commits+store.rollbacks != 0 || len(store.products) != 0 {
		t.Errorf("the sink was used: %+v", store)
	}
}

func TestApply_WritesTheWholeFileInOneTransaction(t *testing.T) {
	store := newFakeStore(map[string]catalog.ProductData{"SKU-00001": {Name: "Old"}})
	rep := plan(t, rowsCSV(1200, nil), store)
	var calls [][2]int
	res, err := Apply(t.Context(), rep, Options{BatchSize: 500, Progress: func(d, tot int) { calls = append(calls, [2]int{d, tot}) }}, store)
	if err != nil {
		t.Fatal(err)
	}
	if *res != (ApplyResult{Created: 1199, Updated: 1}) || store.calls != 3 || store.commits != 1 || len(store.products) != 1200 {
		t.Fatalf("result %+v, %d batches, %d commits, %d products", res, store.calls, store.commits, len(store.products))
	}
	if last := calls[len(calls)-1]; len(calls) != 4 || last != [2]int{1200, 1200} {
		t.Errorf("progress = %v", calls)
	}
	// Importing the same file again changes nothing and opens no transaction.
	again := plan(t, rowsCSV(1200, nil), store)
	res, err = Apply(t.Context(), again, Options{}, store)
	if err != nil || again.Counts.Unchanged != 1200 || *res != (ApplyResult{}) || store.commits != 1 {
		t.Fatalf("re-import: counts %+v, result %+v, %v, commits %d", again.Counts, res, err, store.commits)
	}
}

func TestApply_LeavesNothingBehindOnFailure(t *testing.T) {
	tests := []struct {
		name      string
		failAfter int
		cancelAt  int
		want      error
	}{
		{name: "sink fails on the third batch", failAfter: 3, want: errSinkFailed},
		{name: "cancelled after the second batch", cancelAt: 200, want: context.Canceled},
		{name: "cancelled after the last batch", cancelAt: 500, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(nil)
			rep := plan(t, rowsCSV(500, nil), store)
			store.failAfter = tt.failAfter
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			opts := Options{BatchSize: 100, Progress: func(done, _ int) {
				if tt.cancelAt > 0 && done >= tt.cancelAt {
					cancel()
				}
			}}
			res, err := Apply(ctx, rep, opts, store)
			if !errors.Is(err, tt.want) || res != nil {
				t.Fatalf("Apply = %+v, %v; want %v", res, err, tt.want)
			}
			if len(store.products) != 0 || store.commits != 0 || store.rollbacks != 1 {
				t.Errorf("%d products, %d commits, %d rollbacks: the file was half imported", len(store.products), store.commits, store.rollbacks)
			}
		})
	}
}

func TestApply_ImportValidRowsCommitsBatchByBatch(t *testing.T) {
	store := newFakeStore(nil)
	rep := plan(t, rowsCSV(250, func(i int) bool { return i%50 == 0 }), store)
	res, err := Apply(t.Context(), rep, Options{BatchSize: 100, ImportValidRows: true}, store)
	if err != nil {
		t.Fatal(err)
	}
	if *res != (ApplyResult{Created: 245, Skipped: 5}) || store.commits != 3 || len(store.products) != 245 {
		t.Fatalf("result %+v, %d commits, %d products", res, store.commits, len(store.products))
	}
}

func TestApply_ImportValidRowsKeepsCommittedBatchesWhenCancelled(t *testing.T) {
	store := newFakeStore(nil)
	rep := plan(t, rowsCSV(500, nil), store)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	opts := Options{BatchSize: 100, ImportValidRows: true, Progress: func(done, _ int) {
		if done == 200 {
			cancel()
		}
	}}
	res, err := Apply(ctx, rep, opts, store)
	if !errors.Is(err, context.Canceled) || res == nil || res.Created != 200 || len(store.products) != 200 || store.rollbacks != 0 {
		t.Fatalf("Apply = %+v, %v; %d products", res, err, len(store.products))
	}
}
