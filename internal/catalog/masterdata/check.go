package masterdata

import (
	"errors"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Check collects field errors while a request or a CSV row is validated. Its methods
// return the normalised value, or "" (the zero value) after recording an error. The zero
// Check is ready to use; Err turns what was collected into a problem.KindValidation error.
type Check struct {
	problem.Fields
}

// Record adds err under field and reports whether err was nil.
func (c *Check) Record(field string, err error) bool {
	if err == nil {
		return true
	}
	c.Add(field, "%s", err.Error())
	return false
}

// OK reports whether no field error has been recorded.
func (c *Check) OK() bool { return len(c.Fields) == 0 }

// Value validates a required value with any validator of this package (or one of the
// same shape) and returns the normalised value.
func (c *Check) Value(field, value string, validate func(string) (string, error)) string {
	v, err := validate(value)
	if !c.Record(field, err) {
		return ""
	}
	return v
}

// Optional is Value for an optional field: a blank value is not an error and yields "".
func (c *Check) Optional(field, value string, validate func(string) (string, error)) string {
	if strings.TrimSpace(value) == "" {
		return ""
	}
	return c.Value(field, value, validate)
}

// The helpers below check one required field each with the validator of the same name.

func (c *Check) HSCode(field, value string) string   { return c.Value(field, value, HSCode) }
func (c *Check) Country(field, value string) string  { return c.Value(field, value, Country) }
func (c *Check) Currency(field, value string) string { return c.Value(field, value, Currency) }
func (c *Check) UNLOCODE(field, value string) string { return c.Value(field, value, UNLOCODE) }
func (c *Check) UnitCode(field, value string) string { return c.Value(field, value, UnitCode) }
func (c *Check) ECCN(field, value string) string     { return c.Value(field, value, ECCN) }
func (c *Check) DualUseCode(field, value string) string {
	return c.Value(field, value, DualUseCode)
}
func (c *Check) EORI(field, value string) string     { return c.Value(field, value, EORI) }
func (c *Check) LEI(field, value string) string      { return c.Value(field, value, LEI) }
func (c *Check) IBAN(field, value string) string     { return c.Value(field, value, IBAN) }
func (c *Check) UNNumber(field, value string) string { return c.Value(field, value, UNNumber) }
func (c *Check) NamedPlace(field, value string) string {
	return c.Value(field, value, NamedPlace)
}

// VATNumber checks a VAT number against the organisation's country ("" to skip that).
func (c *Check) VATNumber(field, value, orgCountry string) string {
	v, err := VATNumber(value, orgCountry)
	if !c.Record(field, err) {
		return ""
	}
	return v
}

func (c *Check) Incoterm(field, value string) Incoterm {
	v, err := ParseIncoterm(value)
	if !c.Record(field, err) {
		return ""
	}
	return v
}

func (c *Check) TransportMode(field, value string) TransportMode {
	v, err := ParseTransportMode(value)
	if !c.Record(field, err) {
		return ""
	}
	return v
}

// TermsFields names the fields that hold an Incoterm, its transport mode, the named
// place and its optional UN/LOCODE, so each error lands on the right one.
type TermsFields struct {
	Rule, Mode, Place, PlaceLOCODE string
}

// Terms validates the parts of a Terms together (see ParseTerms). A rule that does not
// suit the mode is reported on the rule's field.
func (c *Check) Terms(f TermsFields, rule, mode, place, placeLOCODE string) Terms {
	t, err := ParseTerms(rule, mode, place, placeLOCODE)
	if err == nil {
		return t
	}
	var te *TermsError
	if !errors.As(err, &te) {
		c.Record(f.Rule, err)
		return Terms{}
	}
	c.Record(f.Rule, te.Rule)
	c.Record(f.Mode, te.Mode)
	c.Record(f.Place, te.Place)
	c.Record(f.PlaceLOCODE, te.PlaceLOCODE)
	return Terms{}
}
