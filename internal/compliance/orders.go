package compliance

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/endusestatement"
	"github.com/manifoldhq/manifold/ent/licence"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/compliance/exportcontrol"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// OrderRequest is what an order asks of compliance: its parties and lines.
type OrderRequest struct {
	OrderID       uuid.UUID
	BuyerID       uuid.UUID  // the buyer organization
	ConsigneeID   uuid.UUID  // one of the buyer's consignees (with its end user)
	DistributorID *uuid.UUID // distributor-led: the distributor taking the goods over
	// PaymentCountry is the country of the account the payment comes from (ISO 3166-1
	// alpha-2); "" when not known yet.
	PaymentCountry string
	Lines          []OrderLine
}

// OrderLine is one line of an order.
type OrderLine struct {
	ID        uuid.UUID
	ProductID uuid.UUID
	Quantity  pricing.Quantity // thousandths of Unit; 0 when not given
	Unit      string
	Value     *money.Money
}

// Order outcomes.
const (
	OrderClear   = "clear"   // every check passed: the order may proceed
	OrderHold    = "hold"    // a check waits for a compliance officer (or a party's screening)
	OrderBlocked = "blocked" // a party is blocked, a match was confirmed or the export is prohibited
)

// OrderOutcome is the one answer for an order: its outcome, the checks behind it and,
// unless clear, the reasons in words.
type OrderOutcome struct {
	Outcome string
	Checks  []*ent.ComplianceCheck
	Reasons []string

	held, blocked bool
}

// OrderChecks runs every check an order needs in its marketplace's model and answers one
// outcome. Depth per model (DESIGN.md §5):
//   - curated (heightened): buyer, consignee and end user screened again at order time;
//     a valid end-use statement from the buyer for the end user is required;
//   - closed portal: parties rely on their onboarding screening and periodic rescreens
//     (a party whose screening is not clear holds the order);
//   - distributor-led: the distributor, the consignee and the end user screened at order
//     time; the buyer by its onboarding screening.
//
// In every model each line gets an export-control determination (as a check), and the
// red-flag rules run over the order.
type OrderChecks struct {
	checks *Checks
	engine *exportcontrol.Engine
	sink   OrderOutcomeSink // the orders service; nil: the checks are recorded only
}

// NewOrderChecks builds the service over the checks service and the export-control engine.
func NewOrderChecks(c *Checks, e *exportcontrol.Engine) *OrderChecks {
	return &OrderChecks{checks: c, engine: e}
}

// orderParty is one party an order involves and how deep its check goes.
type orderParty struct {
	st        compliancecheck.SubjectType
	id        uuid.UUID
	role      string // buyer, consignee, end user, distributor
	name      string
	country   string
	kind      string // entity; end users may be persons, so "" (unknown)
	birthDate string
	status    string // the party's screening status
	fresh     bool   // screen the name again for this order
	owner     bool   // a beneficial owner of the buyer: its status is the buyer's
}

// Run runs the order's checks in tx (the order's transaction) and answers the outcome.
// It is idempotent per order: a check already recorded for the order (the same party,
// line or the red flags) is reused with its review, so running it again after an
// officer's decision answers the order's current outcome.
func (o *OrderChecks) Run(ctx context.Context, tx *ent.Tx, req OrderRequest) (*OrderOutcome, error) {
	if req.OrderID == uuid.Nil || req.BuyerID == uuid.Nil || req.ConsigneeID == uuid.Nil || len(req.Lines) == 0 {
		return nil, problem.Validation("the order cannot be checked",
			problem.Field("/", "an order id, a buyer, a consignee and at least one line are required"))
	}
	v := tenant.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("compliance: order checks need a viewer")
	}
	// Newest first: a subject's latest check for the order is the one that counts.
	existing, err := tx.ComplianceCheck.Query().Where(compliancecheck.OrderID(req.OrderID)).
		Order(ent.Desc(compliancecheck.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := &OrderOutcome{}
	find := func(kind compliancecheck.Kind, st compliancecheck.SubjectType, id uuid.UUID, name string) *ent.ComplianceCheck {
		for _, k := range existing {
			if k.Kind == kind && k.SubjectType == st && k.SubjectID != nil && *k.SubjectID == id && (name == "" || k.SubjectName == name) {
				return k
			}
		}
		return nil
	}

	buyer, err := tx.Organization.Get(ctx, req.BuyerID)
	if err != nil {
		return nil, notFoundAs(err, "/buyer_id", "no such buyer")
	}
	cons, err := tx.Consignee.Query().Where(consignee.ID(req.ConsigneeID), consignee.OrganizationID(buyer.ID)).Only(ctx)
	if err != nil {
		return nil, notFoundAs(err, "/consignee_id", "no such consignee of the buyer")
	}
	parties := []orderParty{{st: subjectOrganization, id: buyer.ID, role: "buyer", name: buyer.LegalName,
		country: buyer.Country, kind: "entity", status: string(buyer.ScreeningStatus), fresh: v.Model == tenant.ModelCurated}}
	if v.Model == tenant.ModelCurated {
		// Heightened: the buyer's beneficial owners too (their status is the buyer's).
		for _, b := range buyer.BeneficialOwners {
			parties = append(parties, orderParty{st: subjectOrganization, id: buyer.ID, role: "beneficial owner of the buyer", owner: true,
				name: b.Name, country: b.Country, kind: b.Kind, birthDate: b.BirthDate, status: string(buyer.ScreeningStatus), fresh: true})
		}
	}
	deep := v.Model == tenant.ModelCurated || v.Model == tenant.ModelDistributorLed
	parties = append(parties, orderParty{st: compliancecheck.SubjectTypeConsignee, id: cons.ID, role: "consignee",
		name: cons.Name, country: cons.Country, status: string(cons.ScreeningStatus), fresh: deep})
	if !cons.EndUserIsConsignee {
		parties = append(parties, orderParty{st: compliancecheck.SubjectTypeEndUser, id: cons.ID, role: "end user",
			name: cons.EndUserName, country: cons.EndUserCountry, status: string(cons.EndUserScreeningStatus), fresh: deep})
	}
	if req.DistributorID != nil {
		d, err := tx.Organization.Get(ctx, *req.DistributorID)
		if err != nil {
			return nil, notFoundAs(err, "/distributor_id", "no such distributor")
		}
		parties = append(parties, orderParty{st: subjectOrganization, id: d.ID, role: "distributor", name: d.LegalName,
			country: d.Country, kind: "entity", status: string(d.ScreeningStatus), fresh: v.Model == tenant.ModelDistributorLed})
	}
	for _, p := range parties {
		if err := o.party(ctx, tx, req.OrderID, p, find, out); err != nil {
			return nil, err
		}
	}

	destinations := []string{cons.Country}
	if !cons.EndUserIsConsignee && cons.EndUserCountry != cons.Country {
		destinations = append(destinations, cons.EndUserCountry)
	}
	var controlled []string // classifications of controlled lines
	sellers := map[uuid.UUID]*orderSeller{}
	for i, line := range req.Lines {
		k, ctl, err := o.line(ctx, tx, req.OrderID, fmt.Sprintf("/lines/%d", i), line, destinations, sellers, find)
		if err != nil {
			return nil, err
		}
		out.Checks = append(out.Checks, k)
		controlled = append(controlled, ctl...)
	}

	// Red flags are evaluated every time (the payment's country may be known only
	// later): the same flags as the order's last red-flag check reuse it with its
	// review; different ones are a new check, and the old one no longer counts.
	flags, err := o.redFlags(ctx, tx, req, buyer, cons, controlled)
	if err != nil {
		return nil, err
	}
	if k := find(compliancecheck.KindRedFlags, compliancecheck.SubjectTypeOrder, req.OrderID, ""); k != nil && sameFlags(k.Details.Flags, flags) {
		out.Checks = append(out.Checks, k)
	} else {
		if len(flags) > 0 {
			k, err := o.checks.recordDetails(ctx, tx, recordedCheck{
				kind: compliancecheck.KindRedFlags, st: compliancecheck.SubjectTypeOrder, id: req.OrderID, order: req.OrderID,
				name: buyer.LegalName, country: cons.Country, outcome: compliancecheck.OutcomePotentialMatch,
				status: compliancecheck.StatusOpen, details: schematype.CheckDetails{Flags: flags},
			})
			if err != nil {
				return nil, err
			}
			out.Checks = append(out.Checks, k)
		}
	}
	out.decide()
	return out, nil
}

// party checks one party: a fresh screening (once per order) or its screening status.
func (o *OrderChecks) party(ctx context.Context, tx *ent.Tx, order uuid.UUID, p orderParty,
	find func(compliancecheck.Kind, compliancecheck.SubjectType, uuid.UUID, string) *ent.ComplianceCheck, out *OrderOutcome) error {
	names := o.checks.names.Load()
	if p.status == "blocked" && !p.owner {
		out.Reasons = append(out.Reasons, fmt.Sprintf("the %s %s is blocked", p.role, p.name))
		out.blocked = true
	}
	if p.fresh && names != nil {
		k := find(compliancecheck.KindSanctions, p.st, p.id, p.name)
		if k == nil {
			var err error
			q := NameQuery{Name: p.name, Kind: p.kind, Country: p.country, BirthDate: p.birthDate}
			if k, err = o.checks.recordFor(ctx, tx, names, p.st, p.id, q, &order); err != nil {
				return err
			}
		}
		out.Checks = append(out.Checks, k)
		return nil
	}
	if p.owner {
		return nil // stands with the buyer's status, judged once for the buyer
	}
	// By its last screening (onboarding, consignee screening, periodic rescreen).
	switch p.status {
	case "clear", "blocked":
	default:
		out.Reasons = append(out.Reasons, fmt.Sprintf("the %s %s is not cleared by screening (%s)", p.role, p.name, p.status))
		out.held = true
	}
	return nil
}

// line determines one order line under every regime that governs it, for every
// destination, and records it as an export-control check; it answers the line's
// controlled classifications (for the red flags).
func (o *OrderChecks) line(ctx context.Context, tx *ent.Tx, order uuid.UUID, at string, line OrderLine, destinations []string,
	sellers map[uuid.UUID]*orderSeller, find func(compliancecheck.Kind, compliancecheck.SubjectType, uuid.UUID, string) *ent.ComplianceCheck) (*ent.ComplianceCheck, []string, error) {
	if line.ID == uuid.Nil {
		return nil, nil, problem.Validation("the order cannot be checked", problem.Field(at+"/id", "is required"))
	}
	p, err := tx.Product.Get(ctx, line.ProductID)
	if err != nil {
		return nil, nil, notFoundAs(err, at+"/product_id", "no such product")
	}
	sel := sellers[p.SellerID]
	if sel == nil {
		org, err := tx.Organization.Get(ctx, p.SellerID)
		if err != nil {
			return nil, nil, err
		}
		sel = &orderSeller{org: org}
		sellers[p.SellerID] = sel
	}
	seller := sel.org
	var controlled []string
	type regime struct{ name, class string }
	var regimes []regime
	if seller.Country == "US" || p.CountryOfOrigin == "US" {
		regimes = append(regimes, regime{"us_ear", p.UsClassification})
	}
	if masterdata.IsEUMember(seller.Country) {
		regimes = append(regimes, regime{"eu_dual_use", p.EuClassification})
	}
	for _, r := range regimes {
		if r.class != "" && r.class != "EAR99" && r.class != "not_listed" {
			controlled = append(controlled, r.class)
		}
	}
	if k := find(compliancecheck.KindExportControl, compliancecheck.SubjectTypeOrderLine, line.ID, ""); k != nil {
		return k, controlled, nil
	}

	details := schematype.CheckDetails{}
	outcome, status := compliancecheck.OutcomeClear, compliancecheck.StatusClosed
	raise := func(oc compliancecheck.Outcome, st compliancecheck.Status) {
		if outcomeRank[oc] > outcomeRank[outcome] {
			outcome, status = oc, st
		}
	}
	for _, r := range regimes {
		for _, dest := range destinations {
			det, err := o.engine.Determine(exportcontrol.Request{Regime: r.name, Classification: r.class, Destination: dest, Value: line.Value})
			if err != nil {
				return nil, nil, fmt.Errorf("compliance: determination of %s %s for %s: %w", r.name, r.class, dest, err)
			}
			ld := schematype.LineDetermination{Regime: r.name, Classification: r.class, Destination: dest, Outcome: string(det.Outcome)}
			switch det.Outcome {
			case exportcontrol.OutcomeProhibited:
				raise(compliancecheck.OutcomeBlocked, compliancecheck.StatusClosed)
			case exportcontrol.OutcomeLicenceRequired, exportcontrol.OutcomeManualReview:
				licences, err := sel.licences(ctx, tx)
				if err != nil {
					return nil, nil, err
				}
				cov := exportcontrol.Cover(det, licences, exportcontrol.Line{Value: line.Value, Qty: line.Quantity, QtyUnit: qtyUnit(line)}, o.checks.now())
				if ld.Coverage, err = json.Marshal(cov); err != nil {
					return nil, nil, err
				}
				if cov.Covering == nil || det.Outcome == exportcontrol.OutcomeManualReview {
					raise(compliancecheck.OutcomeLicenceRequired, compliancecheck.StatusOpen)
				} else {
					ld.Outcome = "covered_by_licence"
				}
			}
			if ld.Determination, err = json.Marshal(det); err != nil {
				return nil, nil, err
			}
			details.Determinations = append(details.Determinations, ld)
		}
	}
	name := p.Name + " (" + p.Sku + ")"
	details.NoRegime = len(regimes) == 0
	k, err := o.checks.recordDetails(ctx, tx, recordedCheck{
		kind: compliancecheck.KindExportControl, st: compliancecheck.SubjectTypeOrderLine, id: line.ID, order: order,
		name: name, country: destinations[0], outcome: outcome, status: status, details: details,
	})
	return k, controlled, err
}

// orderSeller is a seller of an order's lines, read once per run; its licences only
// when a line needs one.
type orderSeller struct {
	org  *ent.Organization
	lics []exportcontrol.Licence
	read bool
}

func (s *orderSeller) licences(ctx context.Context, tx *ent.Tx) ([]exportcontrol.Licence, error) {
	if !s.read {
		ls, err := tx.Licence.Query().Where(licence.HolderID(s.org.ID)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			s.lics = append(s.lics, licenceOf(l))
		}
		s.read = true
	}
	return s.lics, nil
}

// outcomeRank orders a line's outcomes from the mildest.
var outcomeRank = map[compliancecheck.Outcome]int{compliancecheck.OutcomeClear: 0, compliancecheck.OutcomeLicenceRequired: 1, compliancecheck.OutcomeBlocked: 2}

func qtyUnit(l OrderLine) string {
	if l.Quantity == 0 {
		return ""
	}
	return l.Unit
}

// forwarderName spots a freight forwarder or logistics company by its name, in the
// languages of the demo marketplaces' consignees.
var forwarderName = regexp.MustCompile(`(?i)\b(freight|forward(ing|ers?)|logisti[ck]s?|logistik|spedition|spediteur|cargo|shipping agen(t|cy)|transitaire|transitario|expedi(ci[oó]n|tions?)|customs broker)\b`)

// redFlags applies the red-flag rules to the order.
func (o *OrderChecks) redFlags(ctx context.Context, tx *ent.Tx, req OrderRequest, buyer *ent.Organization, cons *ent.Consignee, controlled []string) ([]schematype.RedFlag, error) {
	var flags []schematype.RedFlag
	slices.Sort(controlled)
	controlled = slices.Compact(controlled)
	if len(controlled) > 0 && (cons.Country != buyer.Country || (!cons.EndUserIsConsignee && cons.EndUserCountry != buyer.Country)) {
		flags = append(flags, schematype.RedFlag{Code: "destination_differs",
			Text: "controlled items go to a country other than the buyer's",
			Evidence: map[string]string{"buyer_country": buyer.Country, "consignee_country": cons.Country,
				"end_user_country": cons.EndUserCountry, "classifications": strings.Join(controlled, ", ")}})
	}
	if m := forwarderName.FindString(cons.Name); m != "" {
		flags = append(flags, schematype.RedFlag{Code: "forwarder_consignee",
			Text:     "the consignee appears to be a freight forwarder or logistics company, not the end user's premises",
			Evidence: map[string]string{"consignee": cons.Name, "matched": m}})
	}
	if pc := strings.ToUpper(strings.TrimSpace(req.PaymentCountry)); pc != "" && pc != buyer.Country && pc != cons.Country {
		flags = append(flags, schematype.RedFlag{Code: "third_country_payment",
			Text:     "the payment comes from a country that is neither the buyer's nor the destination",
			Evidence: map[string]string{"payment_country": pc, "buyer_country": buyer.Country, "consignee_country": cons.Country}})
	}
	// A signed end-use statement: always in a curated marketplace, for controlled items
	// in the others.
	if v := tenant.FromContext(ctx); v.Model == tenant.ModelCurated || len(controlled) > 0 {
		endUser, country := cons.EndUserName, cons.EndUserCountry
		if cons.EndUserIsConsignee {
			endUser, country = cons.Name, cons.Country
		}
		sts, err := tx.EndUseStatement.Query().Where(endusestatement.HolderID(buyer.ID), endusestatement.Country(country),
			endusestatement.ValidToGT(o.checks.now())).All(ctx)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(sts, func(s *ent.EndUseStatement) bool { return coversAll(s.Classifications, controlled) }) {
			flags = append(flags, schematype.RedFlag{Code: "no_end_use_statement",
				Text:     "no valid end-use statement of the buyer covers this end user's country and the order's controlled items",
				Evidence: map[string]string{"end_user": endUser, "country": country, "classifications": strings.Join(controlled, ", ")}})
		}
	}
	return flags, nil
}

// sameFlags: the same rules fired on the same evidence.
func sameFlags(a, b []schematype.RedFlag) bool {
	return slices.EqualFunc(a, b, func(x, y schematype.RedFlag) bool {
		return x.Code == y.Code && maps.Equal(x.Evidence, y.Evidence)
	})
}

// coversAll: a statement without classifications covers every item.
func coversAll(stated, need []string) bool {
	if len(stated) == 0 {
		return true
	}
	for _, n := range need {
		if !slices.ContainsFunc(stated, func(s string) bool {
			return strings.EqualFold(s, n) || strings.HasPrefix(strings.ToUpper(n), strings.ToUpper(s)+".")
		}) {
			return false
		}
	}
	return true
}

// decide folds the checks into the order's outcome: a confirmed match, a prohibited
// export or a blocked party blocks; an open check or a party not cleared holds.
func (out *OrderOutcome) decide() {
	for _, k := range out.Checks {
		switch {
		case k.Decision == compliancecheck.DecisionConfirmed:
			out.blocked = true
			out.Reasons = append(out.Reasons, fmt.Sprintf("%s check %s of %s was confirmed", k.Kind, k.ID, k.SubjectName))
		case k.Outcome == compliancecheck.OutcomeBlocked:
			out.blocked = true
			out.Reasons = append(out.Reasons, fmt.Sprintf("the export of %s to %s is prohibited (check %s)", k.SubjectName, k.SubjectCountry, k.ID))
		case k.Status == compliancecheck.StatusOpen:
			out.held = true
			out.Reasons = append(out.Reasons, fmt.Sprintf("%s check %s of %s waits for review (%s)", k.Kind, k.ID, k.SubjectName, k.Outcome))
		}
	}
	switch {
	case out.blocked:
		out.Outcome = OrderBlocked
	case out.held:
		out.Outcome = OrderHold
	default:
		out.Outcome = OrderClear
	}
}

// recordedCheck is an export-control or red-flag check to record.
type recordedCheck struct {
	kind    compliancecheck.Kind
	st      compliancecheck.SubjectType
	id      uuid.UUID
	order   uuid.UUID
	name    string
	country string
	outcome compliancecheck.Outcome
	status  compliancecheck.Status
	details schematype.CheckDetails
}

// recordDetails records a check that is not a list screening, with its audit event.
func (c *Checks) recordDetails(ctx context.Context, tx *ent.Tx, r recordedCheck) (*ent.ComplianceCheck, error) {
	r.name = truncateBytes(r.name, 1000)
	k, err := tx.ComplianceCheck.Create().SetSubjectType(r.st).SetSubjectID(r.id).SetOrderID(r.order).
		SetSubjectName(r.name).SetSubjectCountry(r.country).SetKind(r.kind).SetListVersions(map[string]string{}).
		SetMatches([]schematype.CheckMatch{}).SetDetails(r.details).SetOutcome(r.outcome).SetStatus(r.status).Save(ctx)
	if err != nil {
		return nil, err
	}
	codes := make([]string, 0, len(r.details.Flags)+len(r.details.Determinations))
	for _, f := range r.details.Flags {
		codes = append(codes, f.Code)
	}
	for _, d := range r.details.Determinations {
		codes = append(codes, d.Regime+" "+d.Classification+" to "+d.Destination+": "+d.Outcome)
	}
	return k, c.audit.Record(ctx, tx, "compliance.check", "compliance_check", k.ID.String(), nil, map[string]any{
		"kind": r.kind, "subject_type": r.st, "subject_id": r.id, "order_id": r.order, "name": r.name,
		"outcome": r.outcome, "status": r.status, "details": codes,
	})
}

// notFoundAs turns a missing referenced row into a validation error on its field.
func notFoundAs(err error, field, msg string) error {
	if ent.IsNotFound(err) {
		return problem.Validation("the order cannot be checked", problem.Field(field, "%s", msg))
	}
	return err
}

// TypeOrderChecks is the job that runs an order's checks.
const TypeOrderChecks = "compliance:order_checks"

// OrderChecksPayload is an order's checks job: the request as the order stood when it
// asked.
type OrderChecksPayload struct {
	OrderID        uuid.UUID          `json:"order_id"`
	BuyerID        uuid.UUID          `json:"buyer_id"`
	ConsigneeID    uuid.UUID          `json:"consignee_id"`
	DistributorID  *uuid.UUID         `json:"distributor_id,omitempty"`
	PaymentCountry string             `json:"payment_country,omitempty"`
	Lines          []OrderLinePayload `json:"lines"`
}

// OrderLinePayload is one line of an order's checks job.
type OrderLinePayload struct {
	ID        uuid.UUID    `json:"id"`
	ProductID uuid.UUID    `json:"product_id"`
	Quantity  int64        `json:"quantity,omitempty"`
	Unit      string       `json:"unit,omitempty"`
	Value     *money.Money `json:"value,omitempty"`
}

// Validate refuses a payload that names no order, buyer, consignee or line.
func (p OrderChecksPayload) Validate() error {
	if p.OrderID == uuid.Nil || p.BuyerID == uuid.Nil || p.ConsigneeID == uuid.Nil || len(p.Lines) == 0 {
		return fmt.Errorf("order_id, buyer_id, consignee_id and lines are required")
	}
	return nil
}

func (p OrderChecksPayload) request() OrderRequest {
	req := OrderRequest{OrderID: p.OrderID, BuyerID: p.BuyerID, ConsigneeID: p.ConsigneeID,
		DistributorID: p.DistributorID, PaymentCountry: p.PaymentCountry}
	for _, l := range p.Lines {
		req.Lines = append(req.Lines, OrderLine{ID: l.ID, ProductID: l.ProductID, Quantity: pricing.Quantity(l.Quantity), Unit: l.Unit, Value: l.Value})
	}
	return req
}

// OrderOutcomeSink receives an order's outcome in the job's transaction: the orders
// service holds or releases the order there.
type OrderOutcomeSink interface {
	ApplyComplianceOutcome(ctx context.Context, tx *ent.Tx, orderID uuid.UUID, out *OrderOutcome) error
}

// SetSink installs the orders service's sink (before the worker starts).
func (o *OrderChecks) SetSink(s OrderOutcomeSink) { o.sink = s }

// Enqueue asks for an order's checks in the order's transaction (the outbox): the job
// runs them on the compliance queue and hands the outcome to the sink.
func (o *OrderChecks) Enqueue(ctx context.Context, tx *ent.Tx, req OrderRequest) error {
	p := OrderChecksPayload{OrderID: req.OrderID, BuyerID: req.BuyerID, ConsigneeID: req.ConsigneeID,
		DistributorID: req.DistributorID, PaymentCountry: req.PaymentCountry}
	for _, l := range req.Lines {
		p.Lines = append(p.Lines, OrderLinePayload{ID: l.ID, ProductID: l.ProductID, Quantity: int64(l.Quantity), Unit: l.Unit, Value: l.Value})
	}
	if err := p.Validate(); err != nil {
		return problem.Validation("the order cannot be checked", problem.Field("/", "%s", err.Error()))
	}
	_, err := jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeOrderChecks, Queue: jobs.QueueCompliance, Payload: p})
	return err
}

// HandleOrderChecks is the job: the checks, their outcome and the sink's change of the
// order commit together, once.
func (o *OrderChecks) HandleOrderChecks(ctx context.Context, p OrderChecksPayload) error {
	return jobs.Once(ctx, o.checks.db.Client, func(tx *ent.Tx) error {
		out, err := o.Run(ctx, tx, p.request())
		if problem.Is(err, problem.KindValidation) {
			// The order names a party or product that is gone: no retry changes that.
			return fmt.Errorf("order %s: %w (%w)", p.OrderID, err, jobs.ErrBadPayload)
		}
		if err != nil {
			return err
		}
		o.checks.log.InfoContext(ctx, "order checked", "order_id", p.OrderID, "outcome", out.Outcome, "checks", len(out.Checks))
		if o.sink == nil {
			return nil
		}
		return o.sink.ApplyComplianceOutcome(ctx, tx, p.OrderID, out)
	})
}
