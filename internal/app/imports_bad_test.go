package app_test

import (
	"strings"
	"testing"
)

func TestProductImport_BadFilesFailWithAClearReason(t *testing.T) {
	h := newHarness(t, options{embedded: true, runBackground: true})
	seller := h.login("demo-portal", "seller_catalog")
	tests := []struct {
		name, csv, want string
	}{
		{"wrong delimiter", strings.ReplaceAll(importCSV("SEMI", 3), ",", "|"), "delimiter"},
		{"not UTF-8", importHeader + "LAT-1,Acide ac\xe9tique,2915.21,DE,KGM,25000,26200,Assay,99.5\n", "UTF-8"},
		{"missing header columns", "sku;name\nA;B\n", "hs_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.uploadImport(seller, tt.csv)
			if r.Status != 202 {
				t.Fatalf("upload: %d %s", r.Status, r.Body)
			}
			got := h.awaitImport(t, seller, r.JSON(t)["id"].(string), "failed")
			if msg, _ := got["error"].(string); !strings.Contains(msg, tt.want) {
				t.Fatalf("failure %q does not mention %q: %v", msg, tt.want, got)
			}
		})
	}
}

func TestProductImport_FileOverTheLimitIs413(t *testing.T) {
	h := newHarness(t, options{embedded: true, skipSeed: false})
	seller := h.login("demo-portal", "seller_catalog")
	big := importHeader + strings.Repeat("X", 52<<20)
	if r := h.uploadImport(seller, big); r.Status != 413 {
		t.Fatalf("52 MiB upload: %d %.300s", r.Status, r.Body)
	}
}
