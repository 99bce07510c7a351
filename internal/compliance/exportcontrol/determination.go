package exportcontrol

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

// Regimes, spelled as the licences of internal/parties spell them.
const (
	RegimeUSEAR     = "us_ear"
	RegimeEUDualUse = "eu_dual_use"
)

// Outcome is the answer of a determination.
type Outcome string

const (
	OutcomeNoLicenceRequired Outcome = "no_licence_required"
	OutcomeLicenceRequired   Outcome = "licence_required"
	OutcomeProhibited        Outcome = "prohibited"
	OutcomeManualReview      Outcome = "manual_review"
	OutcomeNotAnExport       Outcome = "not_an_export"
)

func (o Outcome) String() string { return string(o) }

// ParseOutcome parses an outcome's wire form.
func ParseOutcome(s string) (Outcome, error) {
	o := Outcome(s)
	switch o {
	case OutcomeNoLicenceRequired, OutcomeLicenceRequired, OutcomeProhibited, OutcomeManualReview, OutcomeNotAnExport:
		return o, nil
	}
	return "", fmt.Errorf("unknown outcome %q", s)
}

// severity orders outcomes: a determination takes the most severe one any rule gives.
func (o Outcome) severity() int {
	switch o {
	case OutcomeProhibited:
		return 4
	case OutcomeLicenceRequired:
		return 3
	case OutcomeManualReview:
		return 2
	case OutcomeNoLicenceRequired:
		return 1
	}
	return 0
}

// End uses the caller may declare (knowledge of them triggers 15 CFR Part 744 and
// Article 4 of Regulation (EU) 2021/821).
const (
	EndUseNuclear            = "nuclear"
	EndUseMissile            = "missile"
	EndUseChemicalBiological = "chemical_biological"
	EndUseMilitary           = "military"
)

var endUses = []string{EndUseNuclear, EndUseMissile, EndUseChemicalBiological, EndUseMilitary}

// Request asks whether exporting an item to a destination needs a licence.
type Request struct {
	Regime string `json:"regime"`
	// Classification is an ECCN with optional paragraphs or EAR99 (us_ear), or an Annex I
	// code or not_listed (eu_dual_use).
	Classification string `json:"classification"`
	// Destination is an ISO 3166-1 alpha-2 code, or an ISO 3166-2 region code such as
	// UA-43 (Crimea).
	Destination string `json:"destination"`
	// Value of the line in minor units, for licence-exception value limits.
	Value *money.Money `json:"value,omitempty"`
	// EndUses the exporter knows of or was informed of.
	EndUses []string `json:"end_uses,omitempty"`

	country string // set by Validate
	region  string // "UA-43" etc., set by Validate
}

var regionPattern = regexp.MustCompile(`^([A-Z]{2})-([A-Z0-9]{1,3})$`)

// Validate normalises the request and reports every invalid field with a JSON pointer.
func (r *Request) Validate() error {
	var chk masterdata.Check
	r.Regime = strings.TrimSpace(r.Regime)
	switch r.Regime {
	case RegimeUSEAR:
		r.Classification = chk.Value("/classification", r.Classification, masterdata.ECCN)
	case RegimeEUDualUse:
		r.Classification = chk.Value("/classification", r.Classification, masterdata.DualUseCode)
	default:
		chk.Add("/regime", "must be one of us_ear, eu_dual_use")
	}
	d := strings.ToUpper(strings.TrimSpace(r.Destination))
	if m := regionPattern.FindStringSubmatch(d); m != nil {
		r.country = chk.Country("/destination", m[1])
		r.region = d
	} else {
		r.country = chk.Country("/destination", d)
		r.region = ""
	}
	if r.country != "" {
		r.Destination = d
	}
	if r.Value != nil {
		if r.Value.Amount < 0 {
			chk.Add("/value/amount", "must not be negative (minor units)")
		}
		r.Value.Currency = chk.Currency("/value/currency", r.Value.Currency)
	}
	for i, u := range r.EndUses {
		u = strings.TrimSpace(strings.ToLower(u))
		if !slices.Contains(endUses, u) {
			chk.Add(fmt.Sprintf("/end_uses/%d", i), "must be one of %s", strings.Join(endUses, ", "))
		}
		r.EndUses[i] = u
	}
	return chk.Err("the determination request is invalid")
}

func (r *Request) hasEndUse(u string) bool { return slices.Contains(r.EndUses, u) }

// Reason is one ground of the answer.
type Reason struct {
	// Code: a chart column with the destination's reason ("NS2"), "AT1", a Part 746 or EU
	// rule ("746.2", "EU-833/2014"), "UNKNOWN_ECCN", ...
	Code     string `json:"code"`
	Text     string `json:"text"`
	Citation string `json:"citation"`
	// MayApply marks a control that applies only to paragraphs or parameters the request
	// did not give: the answer holds unless the item is outside them.
	MayApply bool `json:"may_apply,omitempty"`
}

// Authorisation is a licence exception (EAR) or general authorisation (EU) that may cover
// the export, with the conditions the exporter has to verify.
type Authorisation struct {
	Code       string `json:"code"`
	Conditions string `json:"conditions"`
	Citation   string `json:"citation"`
}

// CoveringLicence names the seller licence that covers the line.
type CoveringLicence struct {
	ID     string `json:"id,omitempty"`
	Number string `json:"number"`
	Regime string `json:"regime"`
}

// Determination is the answer: whether a licence is required, why, and what may cover it.
type Determination struct {
	Regime         string `json:"regime"`
	Classification string `json:"classification"`
	Destination    string `json:"destination"`
	// LicenceRequired is false only when the engine can say no licence (authorisation) is
	// needed; manual_review counts as required until someone has reviewed it.
	LicenceRequired       bool             `json:"licence_required"`
	Outcome               Outcome          `json:"outcome"`
	Reasons               []Reason         `json:"reasons"`
	LicenceExceptions     []Authorisation  `json:"licence_exceptions"`
	GeneralAuthorisations []Authorisation  `json:"general_authorisations"`
	CoveringLicence       *CoveringLicence `json:"covering_licence,omitempty"`
	Notes                 []string         `json:"notes"`
	// DataAsOf is the date of the regulation text the embedded US data reflects (us_ear).
	DataAsOf string `json:"data_as_of,omitempty"`

	country string
	region  string
}

func newDetermination(r *Request, asOf string) *Determination {
	return &Determination{
		Regime: r.Regime, Classification: r.Classification, Destination: r.Destination,
		Reasons: []Reason{}, LicenceExceptions: []Authorisation{}, GeneralAuthorisations: []Authorisation{},
		Notes: []string{}, DataAsOf: asOf, country: r.country, region: r.region,
	}
}

// raise moves the outcome up to o if o is more severe.
func (d *Determination) raise(o Outcome) {
	if o.severity() > d.Outcome.severity() {
		d.Outcome = o
	}
}

func (d *Determination) reason(code, text, citation string, may bool) {
	d.Reasons = append(d.Reasons, Reason{Code: code, Text: text, Citation: citation, MayApply: may})
}

func (d *Determination) note(format string, args ...any) {
	d.Notes = append(d.Notes, fmt.Sprintf(format, args...))
}

// finish derives licence_required from the outcome.
func (d *Determination) finish() {
	if d.Outcome == "" {
		d.Outcome = OutcomeNoLicenceRequired
	}
	switch d.Outcome {
	case OutcomeNoLicenceRequired, OutcomeNotAnExport:
		d.LicenceRequired = false
	default:
		d.LicenceRequired = true
	}
	if d.Outcome == OutcomeProhibited {
		// Nothing can authorise a prohibited export.
		d.LicenceExceptions = []Authorisation{}
		d.GeneralAuthorisations = []Authorisation{}
	}
}

// ReasonCodes lists the codes of the reasons, in order.
func (d *Determination) ReasonCodes() []string {
	out := make([]string, len(d.Reasons))
	for i, r := range d.Reasons {
		out[i] = r.Code
	}
	return out
}

// Engine answers determinations from the embedded reference data.
type Engine struct {
	chart  *CountryChart
	groups *CountryGroups
}

// New loads and validates the embedded Country Chart and Country Groups.
func New() (*Engine, error) {
	c, err := ParseCountryChart(chartJSON)
	if err != nil {
		return nil, err
	}
	g, err := ParseCountryGroups(groupsJSON)
	if err != nil {
		return nil, err
	}
	return &Engine{chart: c, groups: g}, nil
}

// Chart is the Country Chart the engine uses.
func (e *Engine) Chart() *CountryChart { return e.chart }

// Groups is the Country Groups table the engine uses.
func (e *Engine) Groups() *CountryGroups { return e.groups }

// Determine answers a request. Invalid requests give a validation problem naming the field.
func (e *Engine) Determine(r Request) (*Determination, error) {
	r.EndUses = slices.Clone(r.EndUses)
	if r.Value != nil {
		v := *r.Value
		r.Value = &v
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var d *Determination
	if r.Regime == RegimeUSEAR {
		d = e.determineEAR(&r)
	} else {
		d = e.determineEU(&r)
	}
	d.finish()
	return d, nil
}
