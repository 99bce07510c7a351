package exportcontrol

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

func ptr(n int64) *int64 { return &n }

func TestCover(t *testing.T) {
	e := testEngine(t)
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	base := func(mod func(*Licence)) Licence {
		l := Licence{ID: uuid.MustParse("01890000-0000-7000-8000-000000000001"), Regime: "us_ear", Number: "D123456",
			IssuingAuthority: "BIS", Classifications: []string{"3A001"}, Destinations: []string{"CN", "HK"},
			ValueCap: ptr(10_000_00), ValueCurrency: "USD", ValueUsed: 4_000_00,
			QtyCap: ptr(100 * int64(pricing.Unit)), QtyUnit: "H87", QtyUsed: 40 * int64(pricing.Unit),
			ValidFrom: from, ValidTo: to}
		if mod != nil {
			mod(&l)
		}
		return l
	}
	line := Line{Value: &money.Money{Amount: 5_000_00, Currency: "USD"}, Qty: 10 * pricing.Unit, QtyUnit: "H87"}
	tests := []struct {
		name    string
		class   string
		dest    string
		regime  string
		lic     Licence
		line    Line
		covers  bool
		because string
	}{
		{name: "whole ECCN covers a paragraph", class: "3A001.a.1", dest: "CN", lic: base(nil), line: line, covers: true},
		{name: "same paragraph", class: "3A001.b.1", dest: "CN", lic: base(func(l *Licence) { l.Classifications = []string{"3A001.b"} }), line: line, covers: true},
		{name: "lower-case licence code", class: "3A001.b.1", dest: "CN", lic: base(func(l *Licence) { l.Classifications = []string{"3a001.B"} }), line: line, covers: true},
		{name: "narrower licence", class: "3A001", dest: "CN", lic: base(func(l *Licence) { l.Classifications = []string{"3A001.b.1"} }), line: line, because: "give the line's paragraph"},
		{name: "sibling paragraph", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.Classifications = []string{"3A001.b"} }), line: line, because: "is not among"},
		{name: "prefix is not a paragraph", class: "3A001.ab", dest: "CN", lic: base(func(l *Licence) { l.Classifications = []string{"3A001.a"} }), line: line, because: "is not among"},
		{name: "other destination", class: "3A001.a.1", dest: "RU", lic: base(nil), line: line, because: "destination RU"},
		{name: "not yet valid", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValidFrom = at.Add(time.Hour) }), line: line, because: "not valid until"},
		{name: "expired at valid_to", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValidTo = at }), line: line, because: "expired"},
		{name: "value exhausted", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValueUsed = 6_000_01 }), line: line, because: "remaining value"},
		{name: "value exactly enough", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValueUsed = 5_000_00 }), line: line, covers: true},
		{name: "value currency differs", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValueCurrency = "EUR" }), line: line, because: "in EUR"},
		{name: "value not given", class: "3A001.a.1", dest: "CN", lic: base(nil), line: Line{Qty: line.Qty, QtyUnit: "H87"}, because: "value was not given"},
		{name: "no caps", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.ValueCap, l.QtyCap = nil, nil }), line: Line{}, covers: true},
		{name: "quantity exhausted", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.QtyUsed = 95 * int64(pricing.Unit) }), line: line, because: "remaining quantity"},
		{name: "quantity unit differs", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.QtyUnit = "KGM" }), line: line, because: "in KGM"},
		{name: "quantity not given", class: "3A001.a.1", dest: "CN", lic: base(nil), line: Line{Value: line.Value}, because: "quantity was not given"},
		{name: "regime differs", class: "3A001.a.1", dest: "CN", lic: base(func(l *Licence) { l.Regime = "eu_dual_use" }), line: line, because: "regime eu_dual_use"},
		{name: "covered region needs an express licence", class: "EAR99", dest: "UA-43", lic: base(func(l *Licence) { l.Classifications = []string{"EAR99"}; l.Destinations = []string{"UA"} }), line: line, because: "covered region"},
		{name: "EU licence", regime: "eu_dual_use", class: "1C350", dest: "CN", lic: base(func(l *Licence) { l.Regime = "eu_dual_use"; l.Classifications = []string{"1C350"} }), line: line, covers: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			regime := tt.regime
			if regime == "" {
				regime = "us_ear"
			}
			d, err := e.Determine(Request{Regime: regime, Classification: tt.class, Destination: tt.dest})
			if err != nil {
				t.Fatal(err)
			}
			if !d.LicenceRequired {
				t.Fatalf("setup: %s to %s needs no licence", tt.class, tt.dest)
			}
			cov := Cover(d, []Licence{tt.lic}, tt.line, at)
			ev := cov.Evaluations[0]
			if ev.Covers != tt.covers {
				t.Fatalf("covers = %v, want %v (%q)", ev.Covers, tt.covers, ev.Reasons)
			}
			if tt.covers {
				if d.CoveringLicence == nil || d.CoveringLicence.Number != "D123456" || cov.Covering != d.CoveringLicence {
					t.Errorf("covering licence = %+v", d.CoveringLicence)
				}
				return
			}
			if d.CoveringLicence != nil {
				t.Errorf("covering licence = %+v, want none", d.CoveringLicence)
			}
			if !strings.Contains(strings.Join(ev.Reasons, "; "), tt.because) {
				t.Errorf("reasons %q do not mention %q", ev.Reasons, tt.because)
			}
		})
	}
}

// The first licence that covers wins; the others say why not, all reasons at once.
func TestCover_PicksFirstCoveringAndExplainsTheRest(t *testing.T) {
	e := testEngine(t)
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	d, _ := e.Determine(Request{Regime: "us_ear", Classification: "1C350", Destination: "CN"})
	lics := []Licence{
		{Regime: "us_ear", Number: "OLD", Classifications: []string{"2B350"}, Destinations: []string{"IN"}, ValidFrom: at.AddDate(-2, 0, 0), ValidTo: at.AddDate(-1, 0, 0)},
		{Regime: "us_ear", Number: "GOOD", Classifications: []string{"1C350"}, Destinations: []string{"CN"}, ValidFrom: at.AddDate(-1, 0, 0), ValidTo: at.AddDate(1, 0, 0)},
		{Regime: "us_ear", Number: "ALSO", Classifications: []string{"1C350"}, Destinations: []string{"CN"}, ValidFrom: at.AddDate(-1, 0, 0), ValidTo: at.AddDate(1, 0, 0)},
	}
	cov := Cover(d, lics, Line{}, at)
	if cov.Covering == nil || cov.Covering.Number != "GOOD" {
		t.Fatalf("covering = %+v", cov.Covering)
	}
	if got := len(cov.Evaluations[0].Reasons); got != 3 {
		t.Errorf("OLD: %d reasons, want 3 (classification, destination, validity): %q", got, cov.Evaluations[0].Reasons)
	}
	if !cov.Evaluations[2].Covers {
		t.Error("ALSO covers too")
	}
}

func TestCover_NothingToCover(t *testing.T) {
	e := testEngine(t)
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	lic := []Licence{{Regime: "eu_dual_use", Number: "X", Classifications: []string{"1C350"}, Destinations: []string{"RU", "DE"}, ValidFrom: at.AddDate(-1, 0, 0), ValidTo: at.AddDate(1, 0, 0)}}
	for _, tc := range []struct{ class, dest, note string }{{"1C350", "DE", "No licence"}, {"1C350", "RU", "prohibited"}} {
		d, _ := e.Determine(Request{Regime: "eu_dual_use", Classification: tc.class, Destination: tc.dest})
		cov := Cover(d, lic, Line{}, at)
		if cov.Covering != nil || len(cov.Evaluations) != 0 || !strings.Contains(strings.Join(cov.Notes, " "), tc.note) {
			t.Errorf("%s to %s: %+v", tc.class, tc.dest, cov)
		}
	}
}
