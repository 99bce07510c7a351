// Package schematype holds the Go types stored in JSON columns. It imports nothing from
// ent, so both the schemas and the generated code can use it.
package schematype

// CoASpec is one line of a product's certificate-of-analysis specification: a measured
// parameter with its test method and either a numeric range (decimal strings, so no
// float rounding) or a text requirement ("clear, colourless liquid").
type CoASpec struct {
	Parameter string `json:"parameter"`
	Method    string `json:"method,omitempty"`
	Unit      string `json:"unit,omitempty"`
	Min       string `json:"min,omitempty"`
	Max       string `json:"max,omitempty"`
	Text      string `json:"text,omitempty"`
}

// Packaging describes how a product ships.
type Packaging struct {
	Type        string `json:"type,omitempty"`        // UN/ECE Rec 21 package code, e.g. "1A1" drum, "5M1" paper bag
	Description string `json:"description,omitempty"` // "25 kg multi-wall paper bag"
	NetQty      string `json:"net_qty,omitempty"`     // decimal string in the product unit
	PerPallet   int    `json:"per_pallet,omitempty"`  // packages per pallet
}

// FieldComment is a reviewer's note on one field (a JSON pointer into the product).
type FieldComment struct {
	Field   string `json:"field"`
	Comment string `json:"comment"`
}
