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
