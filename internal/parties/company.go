package parties

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Company is an organization's company data: what a registration carries and what an
// update replaces. Identifiers are validated and normalised with the masterdata
// library; field errors are JSON pointers ("/vat_number", "/addresses/0/city").
type Company struct {
	LegalName          string               `json:"legal_name"`
	Country            string               `json:"country"`
	VATNumber          string               `json:"vat_number,omitempty"`
	EORI               string               `json:"eori,omitempty"`
	LEI                string               `json:"lei,omitempty"`
	RegistrationNumber string               `json:"registration_number,omitempty"`
	Addresses          []schematype.Address `json:"addresses,omitempty"`
	BankIBAN           string               `json:"bank_iban,omitempty"`
	StripeAccountID    string               `json:"stripe_account_id,omitempty"`
	// BeneficialOwners are screened with the organization.
	BeneficialOwners []schematype.BeneficialOwner `json:"beneficial_owners,omitempty"`
}

// CompanyPatch changes some of an organization's company data; nil leaves a field as it
// is and "" clears an optional one. Addresses, when given, replace the whole list.
type CompanyPatch struct {
	LegalName          *string
	Country            *string
	VATNumber          *string
	EORI               *string
	LEI                *string
	RegistrationNumber *string
	Addresses          *[]schematype.Address
	BankIBAN           *string
	StripeAccountID    *string
	BeneficialOwners   *[]schematype.BeneficialOwner
}

// Apply returns c with the patch's fields replaced.
func (p CompanyPatch) Apply(c Company) Company {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.LegalName, p.LegalName)
	set(&c.Country, p.Country)
	set(&c.VATNumber, p.VATNumber)
	set(&c.EORI, p.EORI)
	set(&c.LEI, p.LEI)
	set(&c.RegistrationNumber, p.RegistrationNumber)
	set(&c.BankIBAN, p.BankIBAN)
	set(&c.StripeAccountID, p.StripeAccountID)
	if p.Addresses != nil {
		c.Addresses = slices.Clone(*p.Addresses)
	}
	if p.BeneficialOwners != nil {
		c.BeneficialOwners = slices.Clone(*p.BeneficialOwners)
	}
	return c
}

// CompanyOf reads an organization's company data.
func CompanyOf(o *ent.Organization) Company {
	return Company{
		LegalName: o.LegalName, Country: o.Country, VATNumber: o.VatNumber, EORI: o.Eori, LEI: o.Lei,
		RegistrationNumber: o.RegistrationNumber, Addresses: slices.Clone(o.Addresses),
		BankIBAN: o.BankIban, StripeAccountID: o.StripeAccountID, BeneficialOwners: slices.Clone(o.BeneficialOwners),
	}
}

// MaxBeneficialOwners bounds an organization's declared owners.
const MaxBeneficialOwners = 20

var birthDateRE = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// checkOwners normalises and validates the beneficial owners: a name, individual or
// entity, a country, a birth date for individuals where known, a share of at most 100 %
// each and in total.
func (c *Company) checkOwners(chk *masterdata.Check, prefix string) {
	if len(c.BeneficialOwners) > MaxBeneficialOwners {
		chk.Add(prefix+"/beneficial_owners", "at most %d beneficial owners", MaxBeneficialOwners)
		return
	}
	total := 0
	for i := range c.BeneficialOwners {
		b := &c.BeneficialOwners[i]
		f := fmt.Sprintf("%s/beneficial_owners/%d", prefix, i)
		b.Name = strings.Join(strings.Fields(b.Name), " ")
		if n := len([]rune(b.Name)); n < 2 || n > 200 || !printable(b.Name) {
			chk.Add(f+"/name", "is required: 2 to 200 printable characters")
		}
		b.Kind = strings.ToLower(strings.TrimSpace(b.Kind))
		if b.Kind == "" {
			b.Kind = "individual"
		}
		if b.Kind != "individual" && b.Kind != "entity" {
			chk.Add(f+"/kind", "must be individual or entity")
		}
		if b.Country != "" {
			b.Country = chk.Country(f+"/country", b.Country)
		}
		b.BirthDate = strings.TrimSpace(b.BirthDate)
		switch {
		case b.BirthDate == "":
		case b.Kind == "entity":
			chk.Add(f+"/birth_date", "is for individuals")
		case !birthDateRE.MatchString(b.BirthDate):
			chk.Add(f+"/birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if b.SharePct < 0 || b.SharePct > 100 {
			chk.Add(f+"/share_pct", "must be 0 to 100")
		}
		total += b.SharePct
	}
	if total > 100 {
		chk.Add(prefix+"/beneficial_owners", "shares add up to %d %%, more than 100 %%", total)
	}
}

// Address kinds.
const (
	AddressRegistered = "registered"
	AddressBilling    = "billing"
	AddressShipping   = "shipping"
	AddressWarehouse  = "warehouse"
)

var addressKinds = []string{AddressRegistered, AddressBilling, AddressShipping, AddressWarehouse}

// MaxAddresses bounds an organization's address list.
const MaxAddresses = 20

var stripeAccountRE = regexp.MustCompile(`^acct_[A-Za-z0-9]{6,58}$`)

// Validate normalises c in place and reports every invalid field at once, under prefix
// ("" for a body that is the company itself).
func (c *Company) Validate(prefix string) error {
	var chk masterdata.Check
	c.check(&chk, prefix)
	return chk.Err("company data is invalid")
}

func (c *Company) check(chk *masterdata.Check, prefix string) {
	c.LegalName = strings.Join(strings.Fields(c.LegalName), " ")
	if n := len([]rune(c.LegalName)); n < 2 || n > 300 {
		chk.Add(prefix+"/legal_name", "is required: 2 to 300 characters")
	} else if !printable(c.LegalName) {
		chk.Add(prefix+"/legal_name", "must not contain control characters")
	}
	c.Country = chk.Country(prefix+"/country", c.Country)
	c.VATNumber = strings.TrimSpace(c.VATNumber)
	switch {
	case c.VATNumber == "":
	case masterdata.IsEUMember(c.Country) || c.Country == "GB" || c.Country == "XI":
		c.VATNumber = chk.VATNumber(prefix+"/vat_number", c.VATNumber, c.Country)
	default:
		// Outside the EU and the UK there is no one format to check (Swiss UID, UAE
		// TRN, GSTIN, …): keep the compact form of a plausible tax number.
		v := strings.ToUpper(strings.NewReplacer(" ", "", ".", "", "-", "").Replace(c.VATNumber))
		if len(v) < 4 || len(v) > 20 || strings.ContainsFunc(v, func(r rune) bool {
			return (r < 'A' || r > 'Z') && (r < '0' || r > '9')
		}) {
			chk.Add(prefix+"/vat_number", "must be 4 to 20 letters and digits (spaces, dots and hyphens are removed)")
		}
		c.VATNumber = v
	}
	c.EORI = chk.Optional(prefix+"/eori", c.EORI, masterdata.EORI)
	c.LEI = chk.Optional(prefix+"/lei", c.LEI, masterdata.LEI)
	c.RegistrationNumber = strings.TrimSpace(c.RegistrationNumber)
	if len(c.RegistrationNumber) > 50 || !printable(c.RegistrationNumber) {
		chk.Add(prefix+"/registration_number", "must be at most 50 printable characters")
	}
	c.BankIBAN = chk.Optional(prefix+"/bank_iban", c.BankIBAN, masterdata.IBAN)
	c.StripeAccountID = strings.TrimSpace(c.StripeAccountID)
	if c.StripeAccountID != "" && !stripeAccountRE.MatchString(c.StripeAccountID) {
		chk.Add(prefix+"/stripe_account_id", "must be a Stripe connected account id (acct_…)")
	}
	c.checkOwners(chk, prefix)
	if len(c.Addresses) > MaxAddresses {
		chk.Add(prefix+"/addresses", "at most %d addresses", MaxAddresses)
		return
	}
	registered := 0
	for i := range c.Addresses {
		a := &c.Addresses[i]
		f := fmt.Sprintf("%s/addresses/%d", prefix, i)
		a.Kind = strings.ToLower(strings.TrimSpace(a.Kind))
		if a.Kind == "" {
			a.Kind = AddressRegistered
		}
		if !slices.Contains(addressKinds, a.Kind) {
			chk.Add(f+"/kind", "must be one of %s", strings.Join(addressKinds, ", "))
		}
		if a.Kind == AddressRegistered {
			registered++
			if registered == 2 {
				chk.Add(f+"/kind", "an organization has one registered address")
			}
		}
		postal(chk, f, postalFields{&a.Line1, &a.Line2, &a.City, &a.PostalCode, &a.Region, &a.Country, &a.UNLOCODE}, false)
	}
}

// missingForSubmission lists what an organization still lacks for a review, besides
// documents: a registered address, and for sellers a payout account.
func missingForSubmission(kind string, c Company) problem.Fields {
	var f problem.Fields
	if !slices.ContainsFunc(c.Addresses, func(a schematype.Address) bool { return a.Kind == AddressRegistered }) {
		f.Add("/addresses", "a registered address is required")
	}
	if kind == "seller" && c.BankIBAN == "" && c.StripeAccountID == "" {
		f.Add("/bank_iban", "a seller needs a payout account: an IBAN or a Stripe connected account id")
	}
	return f
}

// postalFields points at the parts of an address, whichever type holds them.
type postalFields struct {
	line1, line2, city, postalCode, region, country, unlocode *string
}

// postal normalises and checks one postal address under pointer f: line1 and city are
// required, the country is ISO 3166-1 alpha-2, the UN/LOCODE (required when
// locodeRequired) is well formed and in the address's country.
func postal(chk *masterdata.Check, f string, a postalFields, locodeRequired bool) {
	for _, t := range []struct {
		name     string
		v        *string
		required bool
		max      int
	}{
		{"line1", a.line1, true, 200}, {"line2", a.line2, false, 200}, {"city", a.city, true, 100},
		{"postal_code", a.postalCode, false, 20}, {"region", a.region, false, 100},
	} {
		*t.v = strings.Join(strings.Fields(*t.v), " ")
		switch {
		case t.required && *t.v == "":
			chk.Add(f+"/"+t.name, "is required")
		case len([]rune(*t.v)) > t.max:
			chk.Add(f+"/"+t.name, "must be at most %d characters", t.max)
		case !printable(*t.v):
			chk.Add(f+"/"+t.name, "must not contain control characters")
		}
	}
	*a.country = chk.Country(f+"/country", *a.country)
	if locodeRequired {
		*a.unlocode = chk.UNLOCODE(f+"/unlocode", *a.unlocode)
	} else {
		*a.unlocode = chk.Optional(f+"/unlocode", *a.unlocode, masterdata.UNLOCODE)
	}
	if l, c := *a.unlocode, *a.country; l != "" && c != "" && !strings.HasPrefix(l, c) {
		chk.Add(f+"/unlocode", "is in %s, not in the address's country %s", l[:2], c)
	}
}

// postalOf points at the parts of a PostalAddress.
func postalOf(a *schematype.PostalAddress) postalFields {
	return postalFields{&a.Line1, &a.Line2, &a.City, &a.PostalCode, &a.Region, &a.Country, &a.UNLOCODE}
}

func printable(s string) bool {
	return !strings.ContainsFunc(s, unicode.IsControl)
}
