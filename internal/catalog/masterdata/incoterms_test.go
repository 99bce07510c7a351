package masterdata

import (
	"errors"
	"strings"
	"testing"
)

func TestParseIncoterm(t *testing.T) {
	runCodeCases(t, func(s string) (string, error) {
		v, err := ParseIncoterm(s)
		return string(v), err
	}, []codeCase{
		{name: "FOB", in: "FOB", want: "FOB"},
		{name: "lower", in: "cif", want: "CIF"},
		{name: "padded", in: " dap ", want: "DAP"},
		{name: "DPU", in: "DPU", want: "DPU"},
		{name: "empty", in: "", wantErr: "incoterm is required"},
		{name: "DAT was renamed", in: "DAT", wantErr: "replaced by DPU"},
		{name: "DDU withdrawn", in: "ddu", wantErr: "withdrawn in Incoterms 2010"},
		{name: "unknown", in: "FOT", wantErr: "Incoterms 2020 rule"},
		{name: "with place", in: "FOB Hamburg", wantErr: "Incoterms 2020 rule"},
	})
	if len(Incoterms()) != 11 {
		t.Fatalf("Incoterms() has %d rules", len(Incoterms()))
	}
}

func TestParseTransportMode(t *testing.T) {
	runCodeCases(t, func(s string) (string, error) {
		v, err := ParseTransportMode(s)
		return string(v), err
	}, []codeCase{
		{name: "sea", in: "sea", want: "sea"},
		{name: "upper", in: "AIR", want: "air"},
		{name: "inland waterway with space", in: "Inland Waterway", want: "inland_waterway"},
		{name: "inland waterway with hyphen", in: "inland-waterway", want: "inland_waterway"},
		{name: "multimodal", in: " multimodal ", want: "multimodal"},
		{name: "empty", in: "", wantErr: "transport mode is required"},
		{name: "unknown", in: "pipeline", wantErr: "one of sea, inland_waterway"},
		{name: "ocean is not a mode name", in: "ocean", wantErr: "one of sea"},
	})
}

// The Incoterms 2020 rule-by-mode table: the seven any-mode rules with every mode and
// the four sea rules with sea and inland waterway only.
func TestIncoterm_AllowsMode(t *testing.T) {
	for _, rule := range Incoterms() {
		for _, mode := range TransportModes() {
			seaMode := mode == TransportModeSea || mode == TransportModeInlandWaterway
			want := !rule.SeaOnly() || seaMode
			if got := rule.Allows(mode); got != want {
				t.Errorf("%s.Allows(%s) = %v, want %v", rule, mode, got, want)
			}
		}
	}
	sea := map[Incoterm]bool{IncotermFAS: true, IncotermFOB: true, IncotermCFR: true, IncotermCIF: true}
	for _, rule := range Incoterms() {
		if rule.SeaOnly() != sea[rule] {
			t.Errorf("%s.SeaOnly() = %v", rule, rule.SeaOnly())
		}
	}
	if Incoterm("XYZ").Allows(TransportModeSea) || IncotermFCA.Allows("teleport") {
		t.Error("Allows accepted an unknown rule or mode")
	}
}

func TestNamedPlace(t *testing.T) {
	runCodeCases(t, NamedPlace, []codeCase{
		{name: "port", in: "Hamburg", want: "Hamburg"},
		{name: "collapses spaces", in: "  Port of   Rotterdam, Maasvlakte ", want: "Port of Rotterdam, Maasvlakte"},
		{name: "unicode", in: "Łódź", want: "Łódź"},
		{name: "tabs and newlines", in: "Le\tHavre\n", want: "Le Havre"},
		{name: "two characters", in: "Aa", want: "Aa"},
		{name: "empty", in: "", wantErr: "named place is required"},
		{name: "one character", in: "A", wantErr: "2 to 100 characters"},
		{name: "too long", in: strings.Repeat("x", 101), wantErr: "2 to 100 characters"},
		{name: "punctuation only", in: "--", wantErr: "letters or digits"},
		{name: "control character", in: "Ham\x00burg", wantErr: "control characters"},
		{name: "invalid UTF-8", in: "Ham\xffburg", wantErr: "valid UTF-8"},
	})
}

func TestParseTerms(t *testing.T) {
	tests := []struct {
		name                     string
		rule, mode, place, loc   string
		want                     Terms
		ruleErr, modeErr, plcErr string
		locErr                   string
	}{
		{name: "FOB by sea", rule: "fob", mode: "sea", place: "Hamburg",
			want: Terms{Rule: IncotermFOB, Mode: TransportModeSea, Place: "Hamburg"}},
		{name: "CIF by inland waterway", rule: "CIF", mode: "inland waterway", place: "Duisburg",
			want: Terms{Rule: IncotermCIF, Mode: TransportModeInlandWaterway, Place: "Duisburg"}},
		{name: "FCA by air", rule: "FCA", mode: "air", place: "Frankfurt Airport",
			want: Terms{Rule: IncotermFCA, Mode: TransportModeAir, Place: "Frankfurt Airport"}},
		{name: "DAP multimodal with LOCODE", rule: "DAP", mode: "multimodal", place: "Rotterdam", loc: "nl rtm",
			want: Terms{Rule: IncotermDAP, Mode: TransportModeMultimodal, Place: "Rotterdam", PlaceLOCODE: "NLRTM"}},
		{name: "place defaults to LOCODE", rule: "EXW", mode: "road", loc: "DEHAM",
			want: Terms{Rule: IncotermEXW, Mode: TransportModeRoad, Place: "DEHAM", PlaceLOCODE: "DEHAM"}},
		{name: "a place that looks like a code stays text", rule: "CPT", mode: "rail", place: "PARIS",
			want: Terms{Rule: IncotermCPT, Mode: TransportModeRail, Place: "PARIS"}},
		{name: "FOB by air", rule: "FOB", mode: "air", place: "Frankfurt",
			ruleErr: "FOB is for sea and inland waterway transport only; use FCA for air"},
		{name: "CIF multimodal", rule: "CIF", mode: "multimodal", place: "Shanghai",
			ruleErr: "use CIP for multimodal"},
		{name: "CFR by road", rule: "CFR", mode: "road", place: "Lyon", ruleErr: "use CPT for road"},
		{name: "FAS by rail", rule: "FAS", mode: "rail", place: "Basel", ruleErr: "use FCA for rail"},
		{name: "everything missing", ruleErr: "incoterm is required", modeErr: "transport mode is required",
			plcErr: "named place is required"},
		{name: "bad LOCODE only", rule: "DAP", mode: "road", loc: "XX123", locErr: "2-letter country and 3"},
		{name: "bad LOCODE and bad place", rule: "DAP", mode: "road", place: "x", loc: "EUBRU",
			plcErr: "2 to 100 characters", locErr: "valid ISO 3166-1 country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTerms(tt.rule, tt.mode, tt.place, tt.loc)
			if tt.ruleErr == "" && tt.modeErr == "" && tt.plcErr == "" && tt.locErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseTerms = %+v, %v; want %+v", got, err, tt.want)
				}
				return
			}
			var te *TermsError
			if !errors.As(err, &te) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseTerms error = %v, want a *TermsError", err)
			}
			if got != (Terms{}) {
				t.Fatalf("ParseTerms returned %+v with an error", got)
			}
			for _, part := range []struct {
				what string
				err  error
				want string
			}{{"rule", te.Rule, tt.ruleErr}, {"mode", te.Mode, tt.modeErr}, {"place", te.Place, tt.plcErr}, {"locode", te.PlaceLOCODE, tt.locErr}} {
				switch {
				case part.want == "" && part.err != nil:
					t.Errorf("%s error = %v, want none", part.what, part.err)
				case part.want != "" && (part.err == nil || !strings.Contains(part.err.Error(), part.want)):
					t.Errorf("%s error = %v, want %q", part.what, part.err, part.want)
				}
			}
		})
	}
}
