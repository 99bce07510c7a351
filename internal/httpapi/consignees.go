package httpapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/parties"
)

// val is *p, or "" for nil.
func val(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func postalIn(a api.PostalAddress) schematype.PostalAddress {
	return schematype.PostalAddress{Line1: a.Line1, Line2: val(a.Line2), City: a.City, PostalCode: val(a.PostalCode),
		Region: val(a.Region), Country: a.Country, UNLOCODE: val(a.Unlocode)}
}

func postalDTO(a schematype.PostalAddress) api.PostalAddress {
	return api.PostalAddress{Line1: a.Line1, Line2: opt(a.Line2), City: a.City, PostalCode: opt(a.PostalCode),
		Region: opt(a.Region), Country: a.Country, Unlocode: opt(a.UNLOCODE)}
}

func consigneeInput(b api.ConsigneeInput) parties.ConsigneeInput {
	in := parties.ConsigneeInput{
		Name: b.Name, Address: postalIn(b.Address),
		EndUser: parties.EndUserInput{IsConsignee: b.EndUser.IsConsignee, Name: val(b.EndUser.Name),
			EndUse: b.EndUser.EndUse, Industry: b.EndUser.Industry},
	}
	if b.EndUser.Address != nil {
		a := postalIn(*b.EndUser.Address)
		in.EndUser.Address = &a
	}
	if b.Contact != nil {
		in.Contact = parties.Contact{Name: val(b.Contact.Name), Email: val(b.Contact.Email), Phone: val(b.Contact.Phone)}
	}
	if b.Status != nil {
		in.Status = string(*b.Status)
	}
	return in
}

func consigneeDTO(c *ent.Consignee) api.Consignee {
	return api.Consignee{
		Id: c.ID, OrganizationId: c.OrganizationID, Name: c.Name, Address: postalDTO(c.Address),
		Contact: api.ConsigneeContact{Name: opt(c.ContactName), Email: opt(c.ContactEmail), Phone: opt(c.ContactPhone)},
		EndUser: api.EndUser{IsConsignee: c.EndUserIsConsignee, Name: c.EndUserName, Country: c.EndUserCountry,
			Address: postalDTO(c.EndUserAddress), EndUse: c.EndUse, Industry: api.Industry(c.Industry),
			ScreeningStatus: api.ScreeningStatus(c.EndUserScreeningStatus)},
		Status: api.ConsigneeStatus(c.Status), ScreeningStatus: api.ScreeningStatus(c.ScreeningStatus),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func (s *Server) ListConsignees(c echo.Context, id api.ID, p api.ListConsigneesParams) error {
	f := parties.ConsigneeFilter{}
	if p.Status != nil {
		f.Status = string(*p.Status)
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.Consignee, error) {
		f.After, f.Limit = after, n
		return s.Parties.Consignees(ctx, id, f)
	}, func(c *ent.Consignee) uuid.UUID { return c.ID }, consigneeDTO)
}

func (s *Server) CreateConsignee(c echo.Context, id api.ID) error {
	var req api.ConsigneeInput
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Parties.CreateConsignee(c.Request().Context(), id, consigneeInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, consigneeDTO(out))
}

func (s *Server) GetConsignee(c echo.Context, id api.ID) error {
	out, err := s.Parties.Consignee(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, consigneeDTO(out))
}

func (s *Server) ReplaceConsignee(c echo.Context, id api.ID) error {
	var req api.ConsigneeInput
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Parties.ReplaceConsignee(c.Request().Context(), id, consigneeInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, consigneeDTO(out))
}

func (s *Server) DeleteConsignee(c echo.Context, id api.ID) error {
	if err := s.Parties.DeleteConsignee(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}
