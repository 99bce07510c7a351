package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/compliance/exportcontrol"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

func (s *Server) DetermineExportControl(c echo.Context) error {
	var req struct {
		Regime         string       `json:"regime"`
		Classification string       `json:"classification"`
		Destination    string       `json:"destination"`
		Value          *money.Money `json:"value"`
		Quantity       *struct {
			Amount int64  `json:"amount"`
			Unit   string `json:"unit"`
		} `json:"quantity"`
		EndUses  []string   `json:"end_uses"`
		SellerID *uuid.UUID `json:"seller_id"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	in := compliance.DeterminationInput{
		Request: exportcontrol.Request{Regime: req.Regime, Classification: req.Classification,
			Destination: req.Destination, Value: req.Value, EndUses: req.EndUses},
		SellerID: req.SellerID,
	}
	if req.Quantity != nil {
		q := pricing.Quantity(req.Quantity.Amount)
		in.Quantity, in.QuantityUnit = &q, req.Quantity.Unit
	}
	out, err := s.Determinations.Determine(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

type checkDTO struct {
	ID             uuid.UUID                `json:"id"`
	SubjectType    string                   `json:"subject_type"`
	SubjectID      *uuid.UUID               `json:"subject_id,omitempty"`
	OrderID        *uuid.UUID               `json:"order_id,omitempty"`
	SubjectName    string                   `json:"subject_name"`
	SubjectCountry string                   `json:"subject_country,omitempty"`
	SubjectKind    string                   `json:"subject_kind,omitempty"`
	SubjectBirth   string                   `json:"subject_birth_date,omitempty"`
	Kind           string                   `json:"kind"`
	ListVersions   map[string]string        `json:"list_versions"`
	Matches        []schematype.CheckMatch  `json:"matches"`
	Details        *schematype.CheckDetails `json:"details,omitempty"`
	Suppressed     int                      `json:"suppressed"`
	Outcome        string                   `json:"outcome"`
	Status         string                   `json:"status"`
	Decision       string                   `json:"decision"`
	ReviewedBy     *uuid.UUID               `json:"reviewed_by,omitempty"`
	ReviewedAt     *time.Time               `json:"reviewed_at,omitempty"`
	ReviewReason   string                   `json:"review_reason,omitempty"`
	CreatedAt      time.Time                `json:"created_at"`
}

// toCheckDTO renders a check for a list: the matches without their list entries, no
// details.
func toCheckDTO(k *ent.ComplianceCheck) checkDTO {
	d := toCheckDetailDTO(k)
	d.Details = nil
	ms := make([]schematype.CheckMatch, len(d.Matches))
	for i, m := range d.Matches {
		m.Entry = nil
		ms[i] = m
	}
	d.Matches = ms
	return d
}

// toCheckDetailDTO renders one check with each match's list entry as screened.
func toCheckDetailDTO(k *ent.ComplianceCheck) checkDTO {
	ms := k.Matches
	if ms == nil {
		ms = []schematype.CheckMatch{}
	}
	lv := k.ListVersions
	if lv == nil {
		lv = map[string]string{}
	}
	var details *schematype.CheckDetails
	if len(k.Details.Determinations)+len(k.Details.Flags) > 0 || k.Details.NoRegime {
		details = &k.Details
	}
	return checkDTO{ID: k.ID, SubjectType: string(k.SubjectType), SubjectID: k.SubjectID, OrderID: k.OrderID, Details: details, SubjectName: k.SubjectName,
		SubjectCountry: k.SubjectCountry, SubjectKind: k.SubjectKind, SubjectBirth: k.SubjectBirthDate, Kind: string(k.Kind), ListVersions: lv, Matches: ms, Suppressed: k.Suppressed,
		Outcome: string(k.Outcome), Status: string(k.Status), Decision: string(k.Decision), ReviewedBy: k.ReviewedBy,
		ReviewedAt: k.ReviewedAt, ReviewReason: k.ReviewReason, CreatedAt: k.CreatedAt}
}

func (s *Server) ListComplianceChecks(c echo.Context, p api.ListComplianceChecksParams) error {
	in := compliance.ListInput{}
	if p.Status != nil {
		in.Status = string(*p.Status)
	}
	if p.SubjectId != nil {
		in.SubjectID = *p.SubjectId
	}
	if p.Kind != nil {
		in.Kind = string(*p.Kind)
	}
	if p.OrderId != nil {
		in.OrderID = *p.OrderId
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.ComplianceCheck, error) {
		in.After, in.Limit = after, n
		return s.Checks.List(ctx, in)
	}, func(k *ent.ComplianceCheck) uuid.UUID { return k.ID }, toCheckDTO)
}

func (s *Server) GetComplianceCheck(c echo.Context, id api.ID) error {
	k, err := s.Checks.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCheckDetailDTO(k))
}

func (s *Server) ReviewComplianceCheck(c echo.Context, id api.ID) error {
	var req struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	k, err := s.Checks.Review(c.Request().Context(), id, compliance.ReviewInput{Decision: req.Decision, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCheckDetailDTO(k))
}

func (s *Server) ScreenName(c echo.Context) error {
	var req compliance.ScreeningRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Checks.Screen(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
