package exportcontrol

import "testing"

// Whatever comes in, Determine answers with a known outcome or a validation error, and
// an ECCN outside the table is never "no licence required".
func FuzzDetermine(f *testing.F) {
	e, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("us_ear", "3A001.a.1", "DE")
	f.Add("us_ear", "EAR99", "UA-43")
	f.Add("eu_dual_use", "not_listed", "RU")
	f.Add("eu_dual_use", "1C351.d.4", "FR")
	f.Fuzz(func(t *testing.T, regime, class, dest string) {
		d, err := e.Determine(Request{Regime: regime, Classification: class, Destination: dest})
		if err != nil {
			return
		}
		if _, perr := ParseOutcome(string(d.Outcome)); perr != nil {
			t.Fatal(perr)
		}
		if d.LicenceRequired == (d.Outcome == OutcomeNoLicenceRequired || d.Outcome == OutcomeNotAnExport) {
			t.Fatalf("licence_required %v with outcome %s", d.LicenceRequired, d.Outcome)
		}
		if d.Regime == RegimeUSEAR && d.Classification != "EAR99" && d.Outcome == OutcomeNoLicenceRequired {
			if _, ok := LookupECCN(d.Classification); !ok {
				t.Fatalf("%s is not in the table but got no_licence_required", d.Classification)
			}
		}
	})
}
