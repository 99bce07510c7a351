package httpapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

func licenceInput(b api.LicenceInput) parties.LicenceInput {
	in := parties.LicenceInput{
		Regime: string(b.Regime), Number: b.Number, IssuingAuthority: b.IssuingAuthority,
		Classifications: b.Classifications, Destinations: b.Destinations,
		ValidFrom: b.ValidFrom, ValidTo: b.ValidTo, DocumentID: b.DocumentId,
	}
	if b.ValueCap != nil {
		in.ValueCap = &money.Money{Amount: b.ValueCap.Amount, Currency: b.ValueCap.Currency}
	}
	if b.QtyCap != nil {
		in.QtyCap = &parties.QtyCap{Qty: b.QtyCap.Qty, Unit: b.QtyCap.Unit}
	}
	return in
}

func (s *Server) licenceDTO(l *ent.Licence) api.Licence {
	out := api.Licence{
		Id: l.ID, HolderId: l.HolderID, Regime: api.LicenceRegime(l.Regime), Number: l.Number,
		IssuingAuthority: l.IssuingAuthority, Classifications: l.Classifications, Destinations: l.Destinations,
		ValueUsed: l.ValueUsed, QtyUsed: pricing.Quantity(l.QtyUsed).String(), ValidFrom: l.ValidFrom, ValidTo: l.ValidTo,
		DocumentId: l.DocumentID, Status: api.LicenceStatus(s.Parties.LicenceStatus(l)),
		CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt,
	}
	if out.Classifications == nil {
		out.Classifications = []string{}
	}
	if out.Destinations == nil {
		out.Destinations = []string{}
	}
	if l.ValueCap != nil {
		out.ValueCap = &api.Money{Amount: *l.ValueCap, Currency: l.ValueCurrency}
	}
	if l.QtyCap != nil {
		out.QtyCap = &api.QuantityCap{Qty: pricing.Quantity(*l.QtyCap).String(), Unit: l.QtyUnit}
	}
	return out
}

func (s *Server) ListLicences(c echo.Context, id api.ID, p api.ListLicencesParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.Licence, error) {
		return s.Parties.Licences(ctx, id, after, n)
	}, func(l *ent.Licence) uuid.UUID { return l.ID }, s.licenceDTO)
}

func (s *Server) CreateLicence(c echo.Context, id api.ID) error {
	var req api.LicenceInput
	if err := bind(c, &req); err != nil {
		return err
	}
	l, err := s.Parties.CreateLicence(c.Request().Context(), id, licenceInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.licenceDTO(l))
}

func (s *Server) GetLicence(c echo.Context, id api.ID, licenceID api.LicenceID) error {
	l, err := s.Parties.Licence(c.Request().Context(), id, licenceID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.licenceDTO(l))
}

func (s *Server) ReplaceLicence(c echo.Context, id api.ID, licenceID api.LicenceID) error {
	var req api.LicenceInput
	if err := bind(c, &req); err != nil {
		return err
	}
	l, err := s.Parties.ReplaceLicence(c.Request().Context(), id, licenceID, licenceInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.licenceDTO(l))
}

func (s *Server) DeleteLicence(c echo.Context, id api.ID, licenceID api.LicenceID) error {
	if err := s.Parties.DeleteLicence(c.Request().Context(), id, licenceID); err != nil {
		return err
	}
	return noContent(c)
}

func endUseInput(b api.EndUseStatementInput) parties.EndUseInput {
	in := parties.EndUseInput{
		EndUserName: b.EndUserName, EndUse: b.EndUse, Country: b.Country, SignedBy: b.SignedBy,
		SignedAt: b.SignedAt, ValidTo: b.ValidTo,
		Declarations: schematype.EndUseDeclarations{
			NoWMD: b.Declarations.NoWmd, NoMilitaryEndUse: b.Declarations.NoMilitaryEndUse,
			NoReexportWithoutAuthorisation: b.Declarations.NoReexportWithoutAuthorisation,
			NotSanctioned:                  b.Declarations.NotSanctioned,
		},
	}
	if b.ConsigneeName != nil {
		in.ConsigneeName = *b.ConsigneeName
	}
	if b.Classifications != nil {
		in.Classifications = *b.Classifications
	}
	if b.ProductIds != nil {
		in.ProductIDs = *b.ProductIds
	}
	return in
}

func endUseDTO(e *ent.EndUseStatement) api.EndUseStatement {
	out := api.EndUseStatement{
		Id: e.ID, HolderId: e.HolderID, EndUserName: e.EndUserName, EndUse: e.EndUse, Country: e.Country,
		ConsigneeName: opt(e.ConsigneeName), Classifications: e.Classifications, ProductIds: e.ProductIds,
		SignedBy: e.SignedBy, SignedAt: e.SignedAt, ValidTo: e.ValidTo, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		Declarations: api.EndUseDeclarations{
			NoWmd: e.Declarations.NoWMD, NoMilitaryEndUse: e.Declarations.NoMilitaryEndUse,
			NoReexportWithoutAuthorisation: e.Declarations.NoReexportWithoutAuthorisation,
			NotSanctioned:                  e.Declarations.NotSanctioned,
		},
	}
	if out.Classifications == nil {
		out.Classifications = []string{}
	}
	if out.ProductIds == nil {
		out.ProductIds = []uuid.UUID{}
	}
	return out
}

func (s *Server) ListEndUseStatements(c echo.Context, id api.ID, p api.ListEndUseStatementsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.EndUseStatement, error) {
		return s.Parties.EndUseStatements(ctx, id, after, n)
	}, func(e *ent.EndUseStatement) uuid.UUID { return e.ID }, endUseDTO)
}

func (s *Server) CreateEndUseStatement(c echo.Context, id api.ID) error {
	var req api.EndUseStatementInput
	if err := bind(c, &req); err != nil {
		return err
	}
	e, err := s.Parties.CreateEndUseStatement(c.Request().Context(), id, endUseInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, endUseDTO(e))
}

func (s *Server) GetEndUseStatement(c echo.Context, id api.ID, statementID api.StatementID) error {
	e, err := s.Parties.EndUseStatement(c.Request().Context(), id, statementID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, endUseDTO(e))
}

func (s *Server) ReplaceEndUseStatement(c echo.Context, id api.ID, statementID api.StatementID) error {
	var req api.EndUseStatementInput
	if err := bind(c, &req); err != nil {
		return err
	}
	e, err := s.Parties.ReplaceEndUseStatement(c.Request().Context(), id, statementID, endUseInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, endUseDTO(e))
}

func (s *Server) DeleteEndUseStatement(c echo.Context, id api.ID, statementID api.StatementID) error {
	if err := s.Parties.DeleteEndUseStatement(c.Request().Context(), id, statementID); err != nil {
		return err
	}
	return noContent(c)
}
