package masterdata

import (
	"errors"
	"strings"
	"testing"
)

// codeCase is one row of a validator table: want is the normalised value; wantErr, if
// set, is a part of the expected error text (and want is ignored).
type codeCase struct {
	name    string
	in      string
	want    string
	wantErr string
}

func runCodeCases(t *testing.T, validate func(string) (string, error), cases []codeCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("(%q) = %q, want error containing %q", tt.in, got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("(%q) error = %q, want it to contain %q", tt.in, err, tt.wantErr)
				}
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("(%q) error %v does not match ErrInvalid", tt.in, err)
				}
				if got != "" {
					t.Fatalf("(%q) returned %q with an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("(%q) error = %v, want %q", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Fatalf("(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := validate(got)
			if err != nil || again != got {
				t.Fatalf("not idempotent: (%q) = %q, %v", got, again, err)
			}
		})
	}
}
