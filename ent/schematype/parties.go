package schematype

// Address is one postal address of an organization. Kind says what it is for:
// "registered" (the legal seat, one at most), "billing", "shipping" or "warehouse".
// Country is ISO 3166-1 alpha-2; UNLOCODE (optional) names the nearest trade location.
type Address struct {
	Kind       string `json:"kind"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	PostalCode string `json:"postal_code,omitempty"`
	Region     string `json:"region,omitempty"`
	Country    string `json:"country"`
	UNLOCODE   string `json:"unlocode,omitempty"`
}

// EndUseDeclarations are the statements a buyer affirms in an end-use statement. Every
// one is required to be true when the statement is saved.
type EndUseDeclarations struct {
	// Not for chemical, biological or nuclear weapons or missiles delivering them.
	NoWMD bool `json:"no_wmd"`
	// Not for a military end use or a military end user.
	NoMilitaryEndUse bool `json:"no_military_end_use"`
	// No re-export or transfer without the required authorisation.
	NoReexportWithoutAuthorisation bool `json:"no_reexport_without_authorisation"`
	// The end user is not a sanctioned or listed party.
	NotSanctioned bool `json:"not_sanctioned"`
}

// PostalAddress is a postal address without a purpose: a consignee's, an end user's or
// a distributor hub's. Country is ISO 3166-1 alpha-2; UNLOCODE (optional unless the
// owner says otherwise) names the trade location, in Country.
type PostalAddress struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	PostalCode string `json:"postal_code,omitempty"`
	Region     string `json:"region,omitempty"`
	Country    string `json:"country"`
	UNLOCODE   string `json:"unlocode,omitempty"`
}
