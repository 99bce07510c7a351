package parties

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/endusestatement"
	"github.com/manifoldhq/manifold/ent/licence"
	"github.com/manifoldhq/manifold/ent/onboardingdocument"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Licence regimes.
const (
	RegimeUSEAR     = "us_ear"
	RegimeEUDualUse = "eu_dual_use"
	RegimeNational  = "national"
)

// Derived licence statuses.
const (
	LicenceActive    = "active"
	LicenceExpired   = "expired"
	LicenceExhausted = "exhausted"
)

// QtyCap is a quantity cap: a decimal (at most three decimals) of a UN/ECE Rec 20 unit.
type QtyCap struct {
	Qty  string
	Unit string
}

// LicenceInput is the terms of an export licence, for create and replace.
type LicenceInput struct {
	Regime           string
	Number           string
	IssuingAuthority string
	Classifications  []string
	Destinations     []string
	ValueCap         *money.Money
	QtyCap           *QtyCap
	ValidFrom        time.Time
	ValidTo          time.Time
	DocumentID       *uuid.UUID

	qty pricing.Quantity // QtyCap.Qty, set by Validate
}

// text checks a required single-line text of at most max characters.
func text(chk *masterdata.Check, field, s string, max int) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		chk.Add(field, "is required")
	case len([]rune(s)) > max:
		chk.Add(field, "must be at most %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		chk.Add(field, "must not contain control characters")
	}
	return s
}

// classification validates one code under a regime: an ECCN for us_ear (not EAR99:
// EAR99 items need no licence), an EU Annex I code for eu_dual_use (not "not listed"),
// either for a national licence.
func classification(regime, s string) (string, error) {
	switch regime {
	case RegimeUSEAR:
		e, err := masterdata.ECCN(s)
		if err == nil && e == string(masterdata.EAR99) {
			return "", errors.New("EAR99 items need no licence; name a controlled ECCN such as 3A001")
		}
		return e, err
	case RegimeEUDualUse:
		d, err := masterdata.DualUseCode(s)
		if err == nil && d == string(masterdata.DualUseNotListed) {
			return "", errors.New("must be a listed Annex I code such as 1C350")
		}
		return d, err
	default:
		if e, err := masterdata.ECCN(s); err == nil && e != string(masterdata.EAR99) {
			return e, nil
		}
		if d, err := masterdata.DualUseCode(s); err == nil && d != string(masterdata.DualUseNotListed) {
			return d, nil
		}
		return "", errors.New("must be a US ECCN or an EU Annex I code, such as 1C350")
	}
}

// codes validates and de-duplicates a list with validate; field is the list's pointer.
func codes(chk *masterdata.Check, field string, in []string, required bool, validate func(string) (string, error)) []string {
	if required && len(in) == 0 {
		chk.Add(field, "at least one is required")
	}
	out := make([]string, 0, len(in))
	for i, s := range in {
		v, err := validate(s)
		if !chk.Record(fmt.Sprintf("%s/%d", field, i), err) {
			continue
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Validate normalises the input and reports every invalid field at once.
func (in *LicenceInput) Validate() error {
	var chk masterdata.Check
	regimeOK := slices.Contains([]string{RegimeUSEAR, RegimeEUDualUse, RegimeNational}, in.Regime)
	if !regimeOK {
		chk.Add("/regime", "must be one of us_ear, eu_dual_use, national")
	}
	in.Number = text(&chk, "/number", in.Number, 100)
	in.IssuingAuthority = text(&chk, "/issuing_authority", in.IssuingAuthority, 200)
	if regimeOK {
		in.Classifications = codes(&chk, "/classifications", in.Classifications, true,
			func(s string) (string, error) { return classification(in.Regime, s) })
	}
	in.Destinations = codes(&chk, "/destinations", in.Destinations, true, masterdata.Country)
	if in.ValueCap != nil {
		if in.ValueCap.Amount <= 0 {
			chk.Add("/value_cap/amount", "must be positive (minor units)")
		}
		in.ValueCap.Currency = chk.Currency("/value_cap/currency", in.ValueCap.Currency)
	}
	if in.QtyCap != nil {
		q, err := pricing.ParseQuantity(strings.TrimSpace(in.QtyCap.Qty))
		if err == nil && q <= 0 {
			err = errors.New("must be positive")
		}
		chk.Record("/qty_cap/qty", err)
		in.qty = q
		in.QtyCap.Unit = chk.UnitCode("/qty_cap/unit", in.QtyCap.Unit)
	}
	if in.ValidFrom.IsZero() {
		chk.Add("/valid_from", "is required")
	}
	if in.ValidTo.IsZero() || !in.ValidTo.After(in.ValidFrom) {
		chk.Add("/valid_to", "must be after valid_from")
	}
	in.ValidFrom, in.ValidTo = in.ValidFrom.UTC(), in.ValidTo.UTC()
	return chk.Err("the licence is invalid")
}

// LicenceStatus derives a licence's status at now: expired outside its validity,
// exhausted when a cap is used up, otherwise active.
func LicenceStatus(l *ent.Licence, now time.Time) string {
	switch {
	case now.Before(l.ValidFrom) || !now.Before(l.ValidTo):
		return LicenceExpired
	case l.ValueCap != nil && l.ValueUsed >= *l.ValueCap, l.QtyCap != nil && l.QtyUsed >= *l.QtyCap:
		return LicenceExhausted
	}
	return LicenceActive
}

// Status is LicenceStatus now.
func (s *Service) LicenceStatus(l *ent.Licence) string { return LicenceStatus(l, s.now()) }

var (
	errLicenceNotFound   = problem.NotFound("licence not found")
	errStatementNotFound = problem.NotFound("end-use statement not found")
)

// holderReader checks that the viewer may see the private side of organization id (its
// members and operator staff) and that it is of kind; anything else is not found.
func (s *Service) holderReader(ctx context.Context, c *ent.Client, id uuid.UUID, kind organization.Kind) error {
	o, err := c.Organization.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && (!insider(tenant.FromContext(ctx), o) || o.Kind != kind)) {
		return errOrgNotFound
	}
	return err
}

// holderEditor locks organization id for a change of its licences or statements: its
// admin or operator staff allowed to update organizations, any onboarding status.
func (s *Service) holderEditor(ctx context.Context, tx *ent.Tx, id uuid.UUID, kind organization.Kind) (*ent.Organization, error) {
	v := tenant.FromContext(ctx)
	o, err := s.lockInsider(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if o.Kind != kind {
		return nil, errOrgNotFound
	}
	if !s.mayEdit(ctx, v, o) {
		return nil, problem.Forbidden("only the organization's admin or operator staff change its %s", map[organization.Kind]string{
			organization.KindSeller: "licences", organization.KindBuyer: "end-use statements"}[kind])
	}
	return o, nil
}

func (s *Service) checkDocument(ctx context.Context, tx *ent.Tx, orgID uuid.UUID, docID *uuid.UUID) error {
	if docID == nil {
		return nil
	}
	ok, err := tx.OnboardingDocument.Query().Where(onboardingdocument.ID(*docID), onboardingdocument.OrganizationID(orgID)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Validation("the licence is invalid", problem.Field("/document_id", "is not an onboarding document of this organization"))
	}
	return nil
}

func licenceAudit(l *ent.Licence) map[string]any {
	out := map[string]any{
		"holder_id": l.HolderID, "regime": l.Regime, "number": l.Number, "issuing_authority": l.IssuingAuthority,
		"classifications": l.Classifications, "destinations": l.Destinations,
		"valid_from": l.ValidFrom, "valid_to": l.ValidTo, "value_used": l.ValueUsed, "qty_used": l.QtyUsed,
	}
	if l.ValueCap != nil {
		out["value_cap"] = map[string]any{"amount": *l.ValueCap, "currency": l.ValueCurrency}
	}
	if l.QtyCap != nil {
		out["qty_cap"] = map[string]any{"qty": pricing.Quantity(*l.QtyCap).String(), "unit": l.QtyUnit}
	}
	return out
}

func dupLicence(err error) error {
	if ent.IsConstraintError(err) {
		return problem.Conflict("the seller already has a licence with this regime and number")
	}
	return err
}

// Licences returns a page of a seller's licences ordered by id (its members and
// operator staff).
func (s *Service) Licences(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.Licence, error) {
	if err := s.holderReader(ctx, s.db.Client, orgID, organization.KindSeller); err != nil {
		return nil, err
	}
	q := s.db.Client.Licence.Query().Where(licence.HolderID(orgID)).Order(ent.Asc(licence.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(licence.IDGT(after))
	}
	return q.All(ctx)
}

// Licence returns one licence of a seller (its members and operator staff).
func (s *Service) Licence(ctx context.Context, orgID, id uuid.UUID) (*ent.Licence, error) {
	if err := s.holderReader(ctx, s.db.Client, orgID, organization.KindSeller); err != nil {
		return nil, err
	}
	l, err := s.db.Client.Licence.Query().Where(licence.ID(id), licence.HolderID(orgID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errLicenceNotFound
	}
	return l, err
}

// CreateLicence records a seller's export licence.
func (s *Service) CreateLicence(ctx context.Context, orgID uuid.UUID, in LicenceInput) (*ent.Licence, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.Licence
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindSeller); err != nil {
			return err
		}
		if err := s.checkDocument(ctx, tx, orgID, in.DocumentID); err != nil {
			return err
		}
		c := tx.Licence.Create().SetHolderID(orgID).SetRegime(licence.Regime(in.Regime)).SetNumber(in.Number).
			SetIssuingAuthority(in.IssuingAuthority).SetClassifications(in.Classifications).SetDestinations(in.Destinations).
			SetValidFrom(in.ValidFrom).SetValidTo(in.ValidTo).SetNillableDocumentID(in.DocumentID)
		if in.ValueCap != nil {
			c.SetValueCap(in.ValueCap.Amount).SetValueCurrency(in.ValueCap.Currency)
		}
		if in.QtyCap != nil {
			c.SetQtyCap(int64(in.qty)).SetQtyUnit(in.QtyCap.Unit)
		}
		l, err := c.Save(ctx)
		if err != nil {
			return dupLicence(err)
		}
		out = l
		return s.deps.Audit.Record(ctx, tx, "licence.create", "licence", l.ID.String(), nil, licenceAudit(l))
	})
	return out, err
}

// ReplaceLicence replaces a licence's terms. Used amounts are kept: a cap below what
// has been used, or a change of the cap's currency or unit once some is used, is a
// conflict.
func (s *Service) ReplaceLicence(ctx context.Context, orgID, id uuid.UUID, in LicenceInput) (*ent.Licence, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.Licence
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindSeller); err != nil {
			return err
		}
		old, err := db.ForUpdate(s.db.Dialect, tx.Licence.Query().Where(licence.ID(id), licence.HolderID(orgID))).Only(ctx)
		if ent.IsNotFound(err) {
			return errLicenceNotFound
		}
		if err != nil {
			return err
		}
		if err := s.checkDocument(ctx, tx, orgID, in.DocumentID); err != nil {
			return err
		}
		u := tx.Licence.UpdateOne(old).SetRegime(licence.Regime(in.Regime)).SetNumber(in.Number).
			SetIssuingAuthority(in.IssuingAuthority).SetClassifications(in.Classifications).SetDestinations(in.Destinations).
			SetValidFrom(in.ValidFrom).SetValidTo(in.ValidTo)
		if in.DocumentID != nil {
			u.SetDocumentID(*in.DocumentID)
		} else {
			u.ClearDocumentID()
		}
		if in.ValueCap == nil {
			u.ClearValueCap()
			if old.ValueUsed == 0 {
				u.SetValueCurrency("")
			}
		} else {
			if old.ValueUsed > 0 && (in.ValueCap.Currency != old.ValueCurrency || in.ValueCap.Amount < old.ValueUsed) {
				return problem.Conflict("%d %s of the value cap is used: the cap keeps its currency and is at least that", old.ValueUsed, old.ValueCurrency)
			}
			u.SetValueCap(in.ValueCap.Amount).SetValueCurrency(in.ValueCap.Currency)
		}
		if in.QtyCap == nil {
			u.ClearQtyCap()
			if old.QtyUsed == 0 {
				u.SetQtyUnit("")
			}
		} else {
			if old.QtyUsed > 0 && (in.QtyCap.Unit != old.QtyUnit || int64(in.qty) < old.QtyUsed) {
				return problem.Conflict("%s %s of the quantity cap is used: the cap keeps its unit and is at least that", pricing.Quantity(old.QtyUsed), old.QtyUnit)
			}
			u.SetQtyCap(int64(in.qty)).SetQtyUnit(in.QtyCap.Unit)
		}
		l, err := u.Save(ctx)
		if err != nil {
			return dupLicence(err)
		}
		out = l
		return s.deps.Audit.Record(ctx, tx, "licence.update", "licence", l.ID.String(), licenceAudit(old), licenceAudit(l))
	})
	return out, err
}

// DeleteLicence deletes a seller's licence.
func (s *Service) DeleteLicence(ctx context.Context, orgID, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindSeller); err != nil {
			return err
		}
		old, err := tx.Licence.Query().Where(licence.ID(id), licence.HolderID(orgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errLicenceNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.Licence.DeleteOne(old).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "licence.delete", "licence", old.ID.String(), licenceAudit(old), nil)
	})
}

// ConsumeLicence uses value and qty (thousandths of the quantity cap's unit) of licence
// id in the caller's transaction, locking the row until it ends, and audits it there.
// It refuses (409) a licence that is not active, a value in another currency than the
// value cap, and anything that would exceed a cap; nothing is used then. Usage is
// counted against the caps a licence has (a licence without a value cap records no
// value). The compliance and order work calls it; that caller checks the destination
// and classifications against the licence.
func (s *Service) ConsumeLicence(ctx context.Context, tx *ent.Tx, id uuid.UUID, value money.Money, qty pricing.Quantity) (*ent.Licence, error) {
	if value.Amount < 0 || qty < 0 {
		return nil, problem.Validation("nothing negative is consumed", problem.Field("/value", "value and quantity must not be negative"))
	}
	l, err := db.ForUpdate(s.db.Dialect, tx.Licence.Query().Where(licence.ID(id))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errLicenceNotFound
	}
	if err != nil {
		return nil, err
	}
	if st := LicenceStatus(l, s.now()); st != LicenceActive {
		return nil, problem.Conflict("licence %s is %s", l.Number, st)
	}
	u := tx.Licence.UpdateOne(l)
	if l.ValueCap != nil && value.Amount > 0 {
		if value.Currency != l.ValueCurrency {
			return nil, problem.Conflict("licence %s is capped in %s, not %s", l.Number, l.ValueCurrency, value.Currency)
		}
		if value.Amount > *l.ValueCap-l.ValueUsed {
			return nil, problem.Conflict("licence %s has %d %s of value left, %d asked", l.Number, *l.ValueCap-l.ValueUsed, l.ValueCurrency, value.Amount)
		}
		u.AddValueUsed(value.Amount)
	}
	if l.QtyCap != nil && qty > 0 {
		if int64(qty) > *l.QtyCap-l.QtyUsed {
			return nil, problem.Conflict("licence %s has %s %s of quantity left, %s asked", l.Number,
				pricing.Quantity(*l.QtyCap-l.QtyUsed), l.QtyUnit, qty)
		}
		u.AddQtyUsed(int64(qty))
	}
	out, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	err = s.deps.Audit.Record(ctx, tx, "licence.consume", "licence", l.ID.String(),
		map[string]any{"value_used": l.ValueUsed, "qty_used": l.QtyUsed},
		map[string]any{"value_used": out.ValueUsed, "qty_used": out.QtyUsed})
	return out, err
}

// EndUseInput is a buyer's end-use statement, for create and replace.
type EndUseInput struct {
	EndUserName     string
	EndUse          string
	Country         string
	ConsigneeName   string
	Classifications []string
	ProductIDs      []uuid.UUID
	SignedBy        string
	SignedAt        time.Time
	ValidTo         time.Time
	Declarations    schematype.EndUseDeclarations
}

// Validate normalises the input and reports every invalid field at once; every
// declaration must be affirmed.
func (in *EndUseInput) Validate() error {
	var chk masterdata.Check
	in.EndUserName = text(&chk, "/end_user_name", in.EndUserName, 200)
	in.EndUse = strings.TrimSpace(in.EndUse)
	if in.EndUse == "" || len([]rune(in.EndUse)) > 4000 {
		chk.Add("/end_use", "is required: at most 4000 characters")
	}
	in.Country = chk.Country("/country", in.Country)
	if in.ConsigneeName = strings.TrimSpace(in.ConsigneeName); in.ConsigneeName != "" {
		in.ConsigneeName = text(&chk, "/consignee_name", in.ConsigneeName, 200)
	}
	in.Classifications = codes(&chk, "/classifications", in.Classifications, false,
		func(s string) (string, error) { return classification(RegimeNational, s) })
	ids := make([]uuid.UUID, 0, len(in.ProductIDs))
	for _, id := range in.ProductIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	in.ProductIDs = ids
	in.SignedBy = text(&chk, "/signed_by", in.SignedBy, 200)
	if in.SignedAt.IsZero() {
		chk.Add("/signed_at", "is required")
	}
	if in.ValidTo.IsZero() || !in.ValidTo.After(in.SignedAt) {
		chk.Add("/valid_to", "must be after signed_at")
	}
	in.SignedAt, in.ValidTo = in.SignedAt.UTC(), in.ValidTo.UTC()
	d := in.Declarations
	for f, ok := range map[string]bool{
		"no_wmd": d.NoWMD, "no_military_end_use": d.NoMilitaryEndUse,
		"no_reexport_without_authorisation": d.NoReexportWithoutAuthorisation, "not_sanctioned": d.NotSanctioned,
	} {
		if !ok {
			chk.Add("/declarations/"+f, "must be affirmed (true)")
		}
	}
	return chk.Err("the end-use statement is invalid")
}

func (s *Service) checkProducts(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := tx.Product.Query().Where(product.IDIn(ids...)).Count(ctx)
	if err != nil {
		return err
	}
	if n != len(ids) {
		return problem.Validation("the end-use statement is invalid", problem.Field("/product_ids", "names a product that does not exist"))
	}
	return nil
}

func statementAudit(e *ent.EndUseStatement) map[string]any {
	return map[string]any{
		"holder_id": e.HolderID, "end_user_name": e.EndUserName, "end_use": e.EndUse, "country": e.Country,
		"consignee_name": e.ConsigneeName, "classifications": e.Classifications, "product_ids": e.ProductIds,
		"signed_by": e.SignedBy, "signed_at": e.SignedAt, "valid_to": e.ValidTo, "declarations": e.Declarations,
	}
}

// EndUseStatements returns a page of a buyer's end-use statements ordered by id (its
// members and operator staff).
func (s *Service) EndUseStatements(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.EndUseStatement, error) {
	if err := s.holderReader(ctx, s.db.Client, orgID, organization.KindBuyer); err != nil {
		return nil, err
	}
	q := s.db.Client.EndUseStatement.Query().Where(endusestatement.HolderID(orgID)).Order(ent.Asc(endusestatement.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(endusestatement.IDGT(after))
	}
	return q.All(ctx)
}

// EndUseStatement returns one statement of a buyer (its members and operator staff).
func (s *Service) EndUseStatement(ctx context.Context, orgID, id uuid.UUID) (*ent.EndUseStatement, error) {
	if err := s.holderReader(ctx, s.db.Client, orgID, organization.KindBuyer); err != nil {
		return nil, err
	}
	e, err := s.db.Client.EndUseStatement.Query().Where(endusestatement.ID(id), endusestatement.HolderID(orgID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errStatementNotFound
	}
	return e, err
}

// CreateEndUseStatement records a buyer's signed end-use statement.
func (s *Service) CreateEndUseStatement(ctx context.Context, orgID uuid.UUID, in EndUseInput) (*ent.EndUseStatement, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.EndUseStatement
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindBuyer); err != nil {
			return err
		}
		if err := s.checkProducts(ctx, tx, in.ProductIDs); err != nil {
			return err
		}
		e, err := tx.EndUseStatement.Create().SetHolderID(orgID).SetEndUserName(in.EndUserName).SetEndUse(in.EndUse).
			SetCountry(in.Country).SetConsigneeName(in.ConsigneeName).SetClassifications(in.Classifications).
			SetProductIds(in.ProductIDs).SetSignedBy(in.SignedBy).SetSignedAt(in.SignedAt).SetValidTo(in.ValidTo).
			SetDeclarations(in.Declarations).Save(ctx)
		if err != nil {
			return err
		}
		out = e
		return s.deps.Audit.Record(ctx, tx, "end_use_statement.create", "end_use_statement", e.ID.String(), nil, statementAudit(e))
	})
	return out, err
}

// ReplaceEndUseStatement replaces a buyer's end-use statement.
func (s *Service) ReplaceEndUseStatement(ctx context.Context, orgID, id uuid.UUID, in EndUseInput) (*ent.EndUseStatement, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.EndUseStatement
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindBuyer); err != nil {
			return err
		}
		old, err := tx.EndUseStatement.Query().Where(endusestatement.ID(id), endusestatement.HolderID(orgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errStatementNotFound
		}
		if err != nil {
			return err
		}
		if err := s.checkProducts(ctx, tx, in.ProductIDs); err != nil {
			return err
		}
		e, err := tx.EndUseStatement.UpdateOne(old).SetEndUserName(in.EndUserName).SetEndUse(in.EndUse).
			SetCountry(in.Country).SetConsigneeName(in.ConsigneeName).SetClassifications(in.Classifications).
			SetProductIds(in.ProductIDs).SetSignedBy(in.SignedBy).SetSignedAt(in.SignedAt).SetValidTo(in.ValidTo).
			SetDeclarations(in.Declarations).Save(ctx)
		if err != nil {
			return err
		}
		out = e
		return s.deps.Audit.Record(ctx, tx, "end_use_statement.update", "end_use_statement", e.ID.String(), statementAudit(old), statementAudit(e))
	})
	return out, err
}

// DeleteEndUseStatement deletes a buyer's end-use statement.
func (s *Service) DeleteEndUseStatement(ctx context.Context, orgID, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.holderEditor(ctx, tx, orgID, organization.KindBuyer); err != nil {
			return err
		}
		old, err := tx.EndUseStatement.Query().Where(endusestatement.ID(id), endusestatement.HolderID(orgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errStatementNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.EndUseStatement.DeleteOne(old).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "end_use_statement.delete", "end_use_statement", old.ID.String(), statementAudit(old), nil)
	})
}
