package exportcontrol

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// codes renders reason codes with "~" for a "may apply" reason, in order.
func codes(d *Determination) []string {
	out := []string{}
	for _, r := range d.Reasons {
		c := r.Code
		if r.MayApply {
			c += "~"
		}
		out = append(out, c)
	}
	return out
}

func authCodes(as []Authorisation) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Code)
	}
	return out
}

func dollars(n int64) *money.Money { return &money.Money{Amount: n, Currency: "USD"} }

func TestDetermine_Table(t *testing.T) {
	e := testEngine(t)
	const (
		no   = OutcomeNoLicenceRequired
		lic  = OutcomeLicenceRequired
		pro  = OutcomeProhibited
		man  = OutcomeManualReview
		notX = OutcomeNotAnExport
	)
	tests := []struct {
		regime, class, dest string
		value               *money.Money
		endUses             []string
		want                Outcome
		reasons             []string // codes in order; "~" marks may_apply
		exceptions          []string // licence exceptions (us_ear) or general authorisations (eu)
		note                string   // a substring one note must contain
	}{
		// US EAR: Part 746 embargoes and sanctions, EAR99 included.
		{regime: "us_ear", class: "EAR99", dest: "CU", want: lic, reasons: []string{"746.2"}},
		{regime: "us_ear", class: "EAR99", dest: "IR", want: lic, reasons: []string{"746.7"}},
		{regime: "us_ear", class: "EAR99", dest: "KP", want: lic, reasons: []string{"746.4"}},
		{regime: "us_ear", class: "EAR99", dest: "SY", want: lic, reasons: []string{"746.9"}},
		{regime: "us_ear", class: "EAR99", dest: "RU", want: lic, reasons: []string{"746.8"}},
		{regime: "us_ear", class: "EAR99", dest: "BY", want: lic, reasons: []string{"746.8"}},
		{regime: "us_ear", class: "EAR99", dest: "UA-43", want: lic, reasons: []string{"746.6"}},
		{regime: "us_ear", class: "EAR99", dest: "ua-40", want: lic, reasons: []string{"746.6"}},
		{regime: "us_ear", class: "EAR99", dest: "UA-14", want: lic, reasons: []string{"746.6"}},
		{regime: "us_ear", class: "EAR99", dest: "UA-09", want: lic, reasons: []string{"746.6"}},
		{regime: "us_ear", class: "EAR99", dest: "UA", want: no, reasons: []string{}, note: "covered regions"},
		{regime: "us_ear", class: "EAR99", dest: "UA-30", want: no, reasons: []string{}, note: "covered regions"},
		{regime: "us_ear", class: "1C350", dest: "CU", want: lic, reasons: []string{"746.2", "AT1"}},
		{regime: "us_ear", class: "1C350", dest: "IR", want: lic, reasons: []string{"746.7", "AT1"}},
		{regime: "us_ear", class: "1C350", dest: "SY", want: lic, reasons: []string{"746.9", "AT1"}},
		{regime: "us_ear", class: "1C350", dest: "KP", want: lic, reasons: []string{"746.4", "CW~", "AT1"}},
		{regime: "us_ear", class: "1C350", dest: "RU", want: lic, reasons: []string{"746.8", "CB2"}},
		{regime: "us_ear", class: "3A001.a.1", dest: "BY", want: lic, reasons: []string{"746.8", "NS2", "MT1~"}},
		{regime: "us_ear", class: "4A003", dest: "CU", want: lic, reasons: []string{"746.2", "UNKNOWN_ECCN"}},
		// EAR99 elsewhere: NLR with the Part 744 caveat.
		{regime: "us_ear", class: "EAR99", dest: "CN", want: no, reasons: []string{}, note: "Part 744"},
		{regime: "us_ear", class: "ear99", dest: "de", want: no, reasons: []string{}, note: "Part 744"},
		// Not an export.
		{regime: "us_ear", class: "3A001", dest: "US", want: notX, reasons: []string{}},
		{regime: "us_ear", class: "EAR99", dest: "PR", want: notX, reasons: []string{}},
		// Country Chart.
		{regime: "us_ear", class: "3A001", dest: "CN", want: lic, reasons: []string{"NS2", "MT1~", "NP1~"}},
		{regime: "us_ear", class: "3A001.b.1", dest: "CN", want: lic, reasons: []string{"NS2"}, note: "not in Country Group B"},
		{regime: "us_ear", class: "3A001", dest: "DE", want: man, reasons: []string{"MT1~"}},
		{regime: "us_ear", class: "3A001.a.1", dest: "DE", want: man, reasons: []string{"MT1~"}, exceptions: []string{}},
		{regime: "us_ear", class: "3A001.a.1.a", dest: "DE", want: man, reasons: []string{"MT1~"}},
		{regime: "us_ear", class: "3A001.a.1.b", dest: "DE", want: no, reasons: []string{}},
		{regime: "us_ear", class: "3A001.e.2", dest: "CN", want: lic, reasons: []string{"NS2", "NP1~"}},
		{regime: "us_ear", class: "3A001.b.1", dest: "GB", want: no, reasons: []string{}},
		{regime: "us_ear", class: "1C350", dest: "CN", want: lic, reasons: []string{"CB2"}},
		{regime: "us_ear", class: "1C350", dest: "IN", want: no, reasons: []string{}},
		{regime: "us_ear", class: "1C350", dest: "JP", want: no, reasons: []string{}},
		{regime: "us_ear", class: "1C350", dest: "EG", want: lic, reasons: []string{"CB2", "CW~"}},
		{regime: "us_ear", class: "1C350", dest: "LI", want: no, reasons: []string{}, note: "Switzerland"},
		{regime: "us_ear", class: "1C351", dest: "CA", want: lic, reasons: []string{"CB1", "CW~"}},
		{regime: "us_ear", class: "1C351.d.4", dest: "DE", want: lic, reasons: []string{"CB1", "CW"}},
		{regime: "us_ear", class: "1C351.a", dest: "DE", want: lic, reasons: []string{"CB1"}},
		{regime: "us_ear", class: "1A004", dest: "CN", want: lic, reasons: []string{"NS2", "CB2~"}},
		{regime: "us_ear", class: "1C010.a", dest: "CN", want: lic, reasons: []string{"NS2", "MT1~", "NP1~"}},
		{regime: "us_ear", class: "1C011", dest: "DE", want: man, reasons: []string{"MT1~"}},
		{regime: "us_ear", class: "1C111", dest: "DE", want: lic, reasons: []string{"MT1"}},
		{regime: "us_ear", class: "1C111", dest: "CA", want: no, reasons: []string{}},
		{regime: "us_ear", class: "1C991", dest: "SY", want: lic, reasons: []string{"746.9", "AT1"}},
		{regime: "us_ear", class: "1C991", dest: "CN", want: man, reasons: []string{"CB3~"}},
		{regime: "us_ear", class: "1C991", dest: "DE", want: no, reasons: []string{}},
		{regime: "us_ear", class: "2B350.a", dest: "CN", want: lic, reasons: []string{"CB2"}},
		{regime: "us_ear", class: "2B350.a", dest: "DE", want: no, reasons: []string{}},
		{regime: "us_ear", class: "2B351", dest: "AE", want: lic, reasons: []string{"CB2"}},
		{regime: "us_ear", class: "2B352", dest: "IN", want: no, reasons: []string{}},
		{regime: "us_ear", class: "2B001", dest: "CN", want: lic, reasons: []string{"NS2", "MT1~", "NP1~"}},
		{regime: "us_ear", class: "2B991", dest: "CN", want: no, reasons: []string{}},
		{regime: "us_ear", class: "2B991", dest: "KP", want: lic, reasons: []string{"746.4", "AT1"}},
		{regime: "us_ear", class: "3A002", dest: "CN", want: lic, reasons: []string{"NS2", "MT1~"}},
		{regime: "us_ear", class: "3A991", dest: "CN", want: no, reasons: []string{}},
		{regime: "us_ear", class: "3A991", dest: "CU", want: lic, reasons: []string{"746.2", "AT1"}},
		{regime: "us_ear", class: "3B001", dest: "CN", want: lic, reasons: []string{"NS2", "RS~"}},
		{regime: "us_ear", class: "3B001", dest: "JP", want: no, reasons: []string{}},
		{regime: "us_ear", class: "3B991", dest: "RU", want: lic, reasons: []string{"746.8"}},
		{regime: "us_ear", class: "3C002", dest: "CN", want: lic, reasons: []string{"NS2"}},
		{regime: "us_ear", class: "3D001", dest: "DE", want: man, reasons: []string{"NS1~", "MT1~"}, exceptions: []string{"TSR"}},
		{regime: "us_ear", class: "3E001", dest: "CN", want: man, reasons: []string{"NS1~", "MT1~", "NP1~"}},
		// Category 5 Part 2.
		{regime: "us_ear", class: "5A002", dest: "CN", want: lic, reasons: []string{"NS1", "EI"}, exceptions: []string{"ENC"}},
		{regime: "us_ear", class: "5A002.a", dest: "DE", want: lic, reasons: []string{"NS1", "EI"}, exceptions: []string{"ENC"}},
		{regime: "us_ear", class: "5A002", dest: "GB", want: lic, reasons: []string{"EI"}, exceptions: []string{"ENC"}},
		{regime: "us_ear", class: "5A002", dest: "CA", want: no, reasons: []string{}},
		{regime: "us_ear", class: "5A002", dest: "IR", want: lic, reasons: []string{"746.7", "EI", "AT1"}},
		{regime: "us_ear", class: "5D002", dest: "IN", want: lic, reasons: []string{"NS1", "EI"}, exceptions: []string{"ENC"}},
		{regime: "us_ear", class: "5E002", dest: "BR", want: lic, reasons: []string{"NS1", "EI"}, exceptions: []string{"ENC"}},
		{regime: "us_ear", class: "5A992.c", dest: "CN", want: no, reasons: []string{}, note: "740.17(b)(1)"},
		{regime: "us_ear", class: "5A992.c", dest: "KP", want: lic, reasons: []string{"746.4", "AT1"}},
		{regime: "us_ear", class: "5D992", dest: "SY", want: lic, reasons: []string{"746.9", "AT1"}},
		// Unknown and military-origin ECCNs: never "no licence".
		{regime: "us_ear", class: "4A003", dest: "CN", want: man, reasons: []string{"UNKNOWN_ECCN"}},
		{regime: "us_ear", class: "6A003.b.4", dest: "DE", want: man, reasons: []string{"UNKNOWN_ECCN"}},
		{regime: "us_ear", class: "0A501", dest: "DE", want: man, reasons: []string{"UNKNOWN_ECCN"}},
		{regime: "us_ear", class: "9A610.a", dest: "DE", want: man, reasons: []string{"MANUAL_REVIEW_9A610"}},
		{regime: "us_ear", class: "9A610", dest: "CU", want: lic, reasons: []string{"746.2", "MANUAL_REVIEW_9A610"}},
		{regime: "us_ear", class: "9A515.a", dest: "JP", want: man, reasons: []string{"MANUAL_REVIEW_9A515"}},
		// Licence exceptions: LVS within the limit, over it, in another currency; GBS.
		{regime: "us_ear", class: "3A001.c", dest: "BR", value: dollars(100000), want: lic, reasons: []string{"NS2"}, exceptions: []string{"LVS"}},
		{regime: "us_ear", class: "3A001.c", dest: "BR", value: dollars(150001), want: lic, reasons: []string{"NS2"}, exceptions: []string{}, note: "exceeds the limit"},
		{regime: "us_ear", class: "3A001.c", dest: "BR", value: &money.Money{Amount: 100000, Currency: "EUR"}, want: lic, reasons: []string{"NS2"}, exceptions: []string{"LVS"}},
		{regime: "us_ear", class: "3A001.a.2", dest: "BR", want: lic, reasons: []string{"NS2"}, exceptions: []string{"LVS", "GBS"}},
		{regime: "us_ear", class: "3A001.a", dest: "BR", want: lic, reasons: []string{"NS2", "MT1~"}, exceptions: []string{"LVS", "GBS"}},
		{regime: "us_ear", class: "1C350", dest: "BR", want: lic, reasons: []string{"CB2"}, exceptions: []string{}},
		// Declared end uses (Part 744).
		{regime: "us_ear", class: "EAR99", dest: "DE", endUses: []string{"nuclear"}, want: lic, reasons: []string{"744.2"}},
		{regime: "us_ear", class: "EAR99", dest: "CN", endUses: []string{"military"}, want: man, reasons: []string{"744.21~"}},
		{regime: "us_ear", class: "1C350", dest: "IN", endUses: []string{"chemical_biological"}, want: lic, reasons: []string{"744.4"}},
		{regime: "us_ear", class: "EAR99", dest: "RU", endUses: []string{"Military", "missile"}, want: lic, reasons: []string{"746.8", "744.3", "744.21"}},

		// EU: EU001 destinations.
		{regime: "eu_dual_use", class: "1C350", dest: "US", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "1C350", dest: "JP", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "2B350.a", dest: "CH", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "2B350.a", dest: "LI", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "3A001.a.1", dest: "GB", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "5A002", dest: "NO", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "1C350", dest: "AU", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "1C350", dest: "NZ", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "1C350", dest: "CA", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "1C350", dest: "IS", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		// EU001 exclusions.
		{regime: "eu_dual_use", class: "1C351", dest: "US", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}, note: "EU001 does not cover"},
		{regime: "eu_dual_use", class: "1C450.a.1", dest: "JP", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}, note: "EU001 does not cover"},
		{regime: "eu_dual_use", class: "1C450", dest: "JP", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{"EU001"}},
		{regime: "eu_dual_use", class: "0B001", dest: "CA", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}, note: "Annex IV"},
		{regime: "eu_dual_use", class: "9A009.a", dest: "US", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}},
		// Other third countries.
		{regime: "eu_dual_use", class: "1C350", dest: "CN", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}},
		{regime: "eu_dual_use", class: "3A001.a.1", dest: "IN", want: lic, reasons: []string{"EU-ART3"}, exceptions: []string{}},
		// Intra-EU: Annex IV or not.
		{regime: "eu_dual_use", class: "1C350", dest: "FR", want: no, reasons: []string{}, note: "intra-Union"},
		{regime: "eu_dual_use", class: "3A001.a.1", dest: "NL", want: no, reasons: []string{}},
		{regime: "eu_dual_use", class: "0B001", dest: "DE", want: lic, reasons: []string{"EU-ANNEX-IV"}},
		{regime: "eu_dual_use", class: "0C002", dest: "IT", want: lic, reasons: []string{"EU-ANNEX-IV"}},
		{regime: "eu_dual_use", class: "1C351.d.4", dest: "FR", want: lic, reasons: []string{"EU-ANNEX-IV"}},
		{regime: "eu_dual_use", class: "1C351", dest: "FR", want: man, reasons: []string{"EU-ANNEX-IV~"}},
		{regime: "eu_dual_use", class: "5A004.a", dest: "AT", want: lic, reasons: []string{"EU-ANNEX-IV"}},
		{regime: "eu_dual_use", class: "5A002", dest: "AT", want: no, reasons: []string{}},
		// Sanctioned destinations.
		{regime: "eu_dual_use", class: "1C350", dest: "RU", want: pro, reasons: []string{"EU-ART3", "EU-833/2014"}, exceptions: []string{}},
		{regime: "eu_dual_use", class: "3A001.a.1", dest: "BY", want: pro, reasons: []string{"EU-ART3", "EU-765/2006"}},
		{regime: "eu_dual_use", class: "2B350", dest: "KP", want: pro, reasons: []string{"EU-ART3", "EU-2017/1509"}},
		{regime: "eu_dual_use", class: "1C350", dest: "IR", want: pro, reasons: []string{"EU-ART3", "EU-267/2012"}},
		{regime: "eu_dual_use", class: "1C350", dest: "SY", want: lic, reasons: []string{"EU-ART3", "EU-36/2012~"}},
		{regime: "eu_dual_use", class: "1C350", dest: "MM", want: lic, reasons: []string{"EU-ART3", "EU-401/2013~"}},
		{regime: "eu_dual_use", class: "1C350", dest: "UA-43", want: lic, reasons: []string{"EU-ART3", "EU-UA-REGIONS~"}},
		{regime: "eu_dual_use", class: "1C350", dest: "UA", want: lic, reasons: []string{"EU-ART3"}},
		// not_listed: no authorisation, catch-all noted; sanctions reach further.
		{regime: "eu_dual_use", class: "not_listed", dest: "CN", want: no, reasons: []string{}, note: "Article 4"},
		{regime: "eu_dual_use", class: "Not Listed", dest: "US", want: no, reasons: []string{}, note: "Article 4"},
		{regime: "eu_dual_use", class: "not_listed", dest: "DE", want: no, reasons: []string{}},
		{regime: "eu_dual_use", class: "not_listed", dest: "RU", want: man, reasons: []string{"EU-833/2014~"}},
		{regime: "eu_dual_use", class: "not_listed", dest: "BY", want: man, reasons: []string{"EU-765/2006~"}},
		{regime: "eu_dual_use", class: "not_listed", dest: "UA-14", want: man, reasons: []string{"EU-UA-REGIONS~"}},
		{regime: "eu_dual_use", class: "not_listed", dest: "CN", endUses: []string{"nuclear"}, want: lic, reasons: []string{"EU-ART4"}},
		{regime: "eu_dual_use", class: "1C350", dest: "US", endUses: []string{"chemical_biological"}, want: lic, reasons: []string{"EU-ART3", "EU-ART4"}, exceptions: []string{}},
	}
	for _, tt := range tests {
		name := tt.regime + "/" + tt.class + "/" + tt.dest
		if tt.value != nil {
			name += "/" + tt.value.Currency
		}
		if len(tt.endUses) > 0 {
			name += "/" + strings.Join(tt.endUses, "+")
		}
		t.Run(name, func(t *testing.T) {
			d, err := e.Determine(Request{Regime: tt.regime, Classification: tt.class, Destination: tt.dest, Value: tt.value, EndUses: tt.endUses})
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != tt.want {
				t.Errorf("outcome = %s, want %s (reasons %v, notes %q)", d.Outcome, tt.want, codes(d), d.Notes)
			}
			wantRequired := tt.want != OutcomeNoLicenceRequired && tt.want != OutcomeNotAnExport
			if d.LicenceRequired != wantRequired {
				t.Errorf("licence_required = %v, want %v", d.LicenceRequired, wantRequired)
			}
			if got := codes(d); !slices.Equal(got, tt.reasons) {
				t.Errorf("reasons = %v, want %v", got, tt.reasons)
			}
			if tt.exceptions != nil {
				got := authCodes(d.LicenceExceptions)
				if tt.regime == RegimeEUDualUse {
					got = authCodes(d.GeneralAuthorisations)
				}
				if !slices.Equal(got, tt.exceptions) {
					t.Errorf("exceptions/authorisations = %v, want %v", got, tt.exceptions)
				}
			}
			for _, r := range d.Reasons {
				if r.Citation == "" || r.Text == "" {
					t.Errorf("reason %s lacks text or citation: %+v", r.Code, r)
				}
			}
			for _, a := range append(slices.Clone(d.LicenceExceptions), d.GeneralAuthorisations...) {
				if a.Citation == "" || a.Conditions == "" {
					t.Errorf("authorisation %s lacks conditions or citation", a.Code)
				}
			}
			if tt.note != "" && !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, tt.note) }) {
				t.Errorf("no note mentions %q: %q", tt.note, d.Notes)
			}
		})
	}
}

// A chart reason reads "NS2 for CN" and cites the Country Chart and the ECCN.
func TestDetermine_ReasonTextAndCitations(t *testing.T) {
	e := testEngine(t)
	d, err := e.Determine(Request{Regime: "us_ear", Classification: "3A001.b.1", Destination: "CN"})
	if err != nil {
		t.Fatal(err)
	}
	r := d.Reasons[0]
	if !strings.HasPrefix(r.Text, "NS2 for CN") || !strings.Contains(r.Citation, "15 CFR 738 Supp. No. 1") || !strings.Contains(r.Citation, "ECCN 3A001") {
		t.Errorf("reason = %+v", r)
	}
	d, _ = e.Determine(Request{Regime: "us_ear", Classification: "1C350", Destination: "KP"})
	for _, r := range d.Reasons {
		if r.Code == "AT1" && !strings.Contains(r.Citation, "742.19") {
			t.Errorf("AT1 for KP cites %q, want 742.19", r.Citation)
		}
	}
	d, _ = e.Determine(Request{Regime: "us_ear", Classification: "3A001.a.1", Destination: "DE"})
	if !strings.Contains(d.Reasons[0].Text, "may apply") || !strings.Contains(d.Reasons[0].Text, "3A001.a.1.a") {
		t.Errorf("paragraph-specific reason = %q", d.Reasons[0].Text)
	}
}

// The JSON shape is what POST /api/v1/export-controls/determinations and
// `manifold export-check` print: snake_case, empty lists as [], never null.
func TestDetermination_JSONShape(t *testing.T) {
	e := testEngine(t)
	d, err := e.Determine(Request{Regime: "us_ear", Classification: "EAR99", Destination: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"regime", "classification", "destination", "licence_required", "outcome", "reasons", "licence_exceptions", "general_authorisations", "notes", "data_as_of"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing %q in %s", k, b)
		}
	}
	for _, k := range []string{"reasons", "licence_exceptions", "general_authorisations", "notes"} {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s = %v, want a list", k, m[k])
		}
	}
	if _, ok := m["covering_licence"]; ok {
		t.Error("covering_licence must be omitted when there is none")
	}
	if m["outcome"] != "no_licence_required" || m["licence_required"] != false || m["data_as_of"] != "2026-09-24" {
		t.Errorf("%s", b)
	}
}

func TestDetermine_RejectsMalformedInput(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name  string
		req   Request
		field []string
	}{
		{"unknown regime", Request{Regime: "itar", Classification: "EAR99", Destination: "DE"}, []string{"/regime"}},
		{"empty regime", Request{Classification: "EAR99", Destination: "DE"}, []string{"/regime"}},
		{"empty classification", Request{Regime: "us_ear", Destination: "DE"}, []string{"/classification"}},
		{"malformed ECCN", Request{Regime: "us_ear", Classification: "3X001", Destination: "DE"}, []string{"/classification"}},
		{"ECCN with a bad paragraph", Request{Regime: "us_ear", Classification: "3A001..a", Destination: "DE"}, []string{"/classification"}},
		{"EAR99 under EU", Request{Regime: "eu_dual_use", Classification: "EAR99", Destination: "US"}, []string{"/classification"}},
		{"not_listed under EAR", Request{Regime: "us_ear", Classification: "not_listed", Destination: "US"}, []string{"/classification"}},
		{"empty destination", Request{Regime: "us_ear", Classification: "EAR99"}, []string{"/destination"}},
		{"unassigned destination", Request{Regime: "us_ear", Classification: "EAR99", Destination: "XX"}, []string{"/destination"}},
		{"UK for GB", Request{Regime: "us_ear", Classification: "EAR99", Destination: "UK"}, []string{"/destination"}},
		{"three letters", Request{Regime: "us_ear", Classification: "EAR99", Destination: "DEU"}, []string{"/destination"}},
		{"bad region", Request{Regime: "us_ear", Classification: "EAR99", Destination: "XX-43"}, []string{"/destination"}},
		{"negative value", Request{Regime: "us_ear", Classification: "3A001", Destination: "DE", Value: &money.Money{Amount: -1, Currency: "USD"}}, []string{"/value/amount"}},
		{"bad currency", Request{Regime: "us_ear", Classification: "3A001", Destination: "DE", Value: &money.Money{Amount: 1, Currency: "XYZ1"}}, []string{"/value/currency"}},
		{"bad end use", Request{Regime: "us_ear", Classification: "3A001", Destination: "DE", EndUses: []string{"space"}}, []string{"/end_uses/0"}},
		{"everything", Request{Regime: "us_ear", Classification: "?", Destination: "?"}, []string{"/classification", "/destination"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Determine(tt.req)
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != problem.KindValidation {
				t.Fatalf("err = %v, want a validation problem", err)
			}
			var got []string
			for _, f := range pe.Fields {
				got = append(got, f.Field)
			}
			if !slices.Equal(got, tt.field) {
				t.Errorf("fields = %v, want %v (%v)", got, tt.field, pe.Fields)
			}
		})
	}
}

// Determine must not change the caller's request.
func TestDetermine_LeavesRequestAlone(t *testing.T) {
	e := testEngine(t)
	v := &money.Money{Amount: 5, Currency: "usd"}
	uses := []string{" Nuclear "}
	if _, err := e.Determine(Request{Regime: "us_ear", Classification: "ear99", Destination: "de", Value: v, EndUses: uses}); err != nil {
		t.Fatal(err)
	}
	if v.Currency != "usd" || uses[0] != " Nuclear " {
		t.Errorf("request changed: %v %q", v, uses)
	}
}
