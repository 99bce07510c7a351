package parties

import (
	"strings"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func fieldNames(err error) string {
	p, ok := err.(*problem.Error)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range p.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, " ")
}

func TestLicenceInput_Validate(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	good := func() LicenceInput {
		return LicenceInput{Regime: RegimeUSEAR, Number: "D123", IssuingAuthority: "BIS",
			Classifications: []string{"3A001.a.1"}, Destinations: []string{"de"},
			ValueCap: &money.Money{Amount: 100, Currency: "eur"}, QtyCap: &QtyCap{Qty: "12.5", Unit: "KGM"},
			ValidFrom: from, ValidTo: from.AddDate(1, 0, 0)}
	}
	for name, tc := range map[string]struct {
		edit func(*LicenceInput)
		want string // field expected in the error; "" means valid
	}{
		"valid":                   {func(*LicenceInput) {}, ""},
		"unknown regime":          {func(in *LicenceInput) { in.Regime = "uk" }, "/regime"},
		"bad ECCN for us_ear":     {func(in *LicenceInput) { in.Classifications = []string{"1C35"} }, "/classifications/0"},
		"EAR99 needs no licence":  {func(in *LicenceInput) { in.Classifications = []string{"EAR99"} }, "/classifications/0"},
		"no classifications":      {func(in *LicenceInput) { in.Classifications = nil }, "/classifications"},
		"EU code under eu regime": {func(in *LicenceInput) { in.Regime = RegimeEUDualUse; in.Classifications = []string{"1C350"} }, ""},
		"national takes either":   {func(in *LicenceInput) { in.Regime = RegimeNational; in.Classifications = []string{"1C350", "5A002"} }, ""},
		"bad country":             {func(in *LicenceInput) { in.Destinations = []string{"DE", "XX"} }, "/destinations/1"},
		"no destinations":         {func(in *LicenceInput) { in.Destinations = nil }, "/destinations"},
		"zero value cap":          {func(in *LicenceInput) { in.ValueCap.Amount = 0 }, "/value_cap/amount"},
		"bad currency":            {func(in *LicenceInput) { in.ValueCap.Currency = "EURO" }, "/value_cap/currency"},
		"bad qty":                 {func(in *LicenceInput) { in.QtyCap.Qty = "1.2345" }, "/qty_cap/qty"},
		"zero qty":                {func(in *LicenceInput) { in.QtyCap.Qty = "0" }, "/qty_cap/qty"},
		"bad unit":                {func(in *LicenceInput) { in.QtyCap.Unit = "KILO" }, "/qty_cap/unit"},
		"ends before it starts":   {func(in *LicenceInput) { in.ValidTo = from.Add(-time.Hour) }, "/valid_to"},
		"blank number":            {func(in *LicenceInput) { in.Number = "  " }, "/number"},
	} {
		t.Run(name, func(t *testing.T) {
			in := good()
			tc.edit(&in)
			err := in.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected %v (%s)", err, fieldNames(err))
				}
				return
			}
			if !strings.Contains(fieldNames(err), tc.want) {
				t.Fatalf("want %s, got %v (%s)", tc.want, err, fieldNames(err))
			}
		})
	}
	in := good()
	in.Classifications = []string{"3a001.a.1", "3A001.a.1"}
	if err := in.Validate(); err != nil || len(in.Classifications) != 1 || in.Destinations[0] != "DE" || in.ValueCap.Currency != "EUR" || in.qty != 12500 {
		t.Fatalf("normalised: %v %+v", err, in)
	}
}

func TestEndUseInput_RequiresEveryDeclaration(t *testing.T) {
	now := time.Now()
	in := EndUseInput{EndUserName: "Acme", EndUse: "QC", Country: "US", SignedBy: "J. Doe", SignedAt: now, ValidTo: now.Add(time.Hour),
		Declarations: schematype.EndUseDeclarations{NoWMD: true, NoMilitaryEndUse: true, NoReexportWithoutAuthorisation: true}}
	if got := fieldNames(in.Validate()); got != "/declarations/not_sanctioned" {
		t.Fatalf("fields: %q", got)
	}
	in.Declarations.NotSanctioned = true
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestLicenceStatus(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cap := int64(10)
	l := &ent.Licence{ValidFrom: now.AddDate(0, -1, 0), ValidTo: now.AddDate(0, 1, 0), ValueCap: &cap}
	if s := LicenceStatus(l, now); s != LicenceActive {
		t.Fatal(s)
	}
	if s := LicenceStatus(l, now.AddDate(0, 2, 0)); s != LicenceExpired {
		t.Fatal(s)
	}
	l.ValueUsed = 10
	if s := LicenceStatus(l, now); s != LicenceExhausted {
		t.Fatal(s)
	}
}
