package masterdata

import (
	"errors"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func TestCheck_CollectsEveryFieldError(t *testing.T) {
	var c Check
	if got := c.HSCode("/hs_code", "2915.21"); got != "291521" {
		t.Fatalf("HSCode = %q", got)
	}
	if got := c.Country("/origin", "EU"); got != "" {
		t.Fatalf("Country(EU) = %q", got)
	}
	if got := c.UnitCode("/unit", "XBX"); got != "" {
		t.Fatalf("UnitCode(XBX) = %q", got)
	}
	if got := c.Optional("/lei", "  ", LEI); got != "" {
		t.Fatalf("Optional blank = %q", got)
	}
	if got := c.Optional("/un_number", "1090", UNNumber); got != "UN1090" {
		t.Fatalf("Optional(1090) = %q", got)
	}
	if got := c.VATNumber("/vat", "094259216", "GR"); got != "EL094259216" {
		t.Fatalf("VATNumber = %q", got)
	}
	if got := c.Incoterm("/incoterm", "FOB"); got != IncotermFOB {
		t.Fatalf("Incoterm = %q", got)
	}
	c.IBAN("/iban", "DE00370400440532013000")

	err := c.Err("invalid product")
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != problem.KindValidation || pe.Detail != "invalid product" {
		t.Fatalf("Err = %#v", err)
	}
	want := []problem.FieldError{
		{Field: "/origin", Message: "country must be a country; EU is a union of countries"},
		{Field: "/unit", Message: "unit code XBX is a UN/ECE Recommendation 21 package code, not a unit of measure"},
		{Field: "/iban", Message: "iban check digits are wrong"},
	}
	if len(pe.Fields) != len(want) {
		t.Fatalf("fields = %+v", pe.Fields)
	}
	for i := range want {
		if pe.Fields[i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, pe.Fields[i], want[i])
		}
	}
	if c.OK() {
		t.Fatal("OK() after errors")
	}
}

func TestCheck_NoErrors(t *testing.T) {
	var c Check
	c.Currency("/currency", "eur")
	c.UNLOCODE("/port", "DE HAM")
	c.ECCN("/eccn", "ear99")
	c.DualUseCode("/eu_dual_use", "not listed")
	c.EORI("/eori", "DE1234567")
	c.LEI("/lei", "506700GE1G29325QX363")
	c.NamedPlace("/place", "Hamburg")
	c.TransportMode("/mode", "sea")
	if !c.OK() || c.Err("invalid") != nil {
		t.Fatalf("unexpected errors: %+v", c.Fields)
	}
}

func TestCheck_TermsPutsEachErrorOnItsField(t *testing.T) {
	f := TermsFields{Rule: "row 3, incoterm", Mode: "row 3, mode", Place: "row 3, place", PlaceLOCODE: "row 3, locode"}

	var c Check
	if got := c.Terms(f, "FOB", "air", "Frankfurt", ""); got != (Terms{}) {
		t.Fatalf("Terms = %+v", got)
	}
	if len(c.Fields) != 1 || c.Fields[0].Field != f.Rule {
		t.Fatalf("fields = %+v", c.Fields)
	}

	c = Check{}
	c.Terms(f, "", "boat", "x", "EUBRU")
	got := map[string]bool{}
	for _, fe := range c.Fields {
		got[fe.Field] = true
	}
	if len(c.Fields) != 4 || !got[f.Rule] || !got[f.Mode] || !got[f.Place] || !got[f.PlaceLOCODE] {
		t.Fatalf("fields = %+v", c.Fields)
	}

	c = Check{}
	if got := c.Terms(f, "cip", "Air", "Frankfurt Airport", "DE FRA"); got.Rule != IncotermCIP || got.PlaceLOCODE != "DEFRA" || !c.OK() {
		t.Fatalf("Terms = %+v, fields %+v", got, c.Fields)
	}
}
