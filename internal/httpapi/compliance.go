package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

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
