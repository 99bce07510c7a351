package lists

import (
	"context"
	"testing"
)

// BenchmarkLoadShipped measures parsing every shipped list version into a
// registry (the "list load" part of the load + index budget).
func BenchmarkLoadShipped(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		if _, err := LoadShipped(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOFACRemarks measures the remark parser on a long real remark.
func BenchmarkParseOFACRemarks(b *testing.B) {
	const s = "DOB 21 Jan 1971; alt. DOB 19 Jan 1971; POB Roubaix, France; Passport 1084010 (Egypt); nationality Egypt; Gender Male; a.k.a. 'BILAL'; Linked To: LAZARUS GROUP."
	for b.Loop() {
		ParseOFACRemarks(s)
	}
}
