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
	"github.com/manifoldhq/manifold/internal/compliance"
)

type rescreenProgressDTO struct {
	Total   int `json:"total"`
	Done    int `json:"done"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
	Matches int `json:"matches"`
}

type rescreenDTO struct {
	rescreenProgressDTO
	ID           uuid.UUID                    `json:"id"`
	RunID        uuid.UUID                    `json:"run_id"`
	Reason       string                       `json:"reason"`
	Status       string                       `json:"status"`
	Phase        string                       `json:"phase"`
	Batches      int                          `json:"batches"`
	ListVersions map[string]string            `json:"list_versions"`
	Failures     []schematype.RescreenFailure `json:"failures"`
	CreatedAt    time.Time                    `json:"created_at"`
	StartedAt    *time.Time                   `json:"started_at,omitempty"`
	FinishedAt   *time.Time                   `json:"finished_at,omitempty"`
}

func toRescreenDTO(r *ent.Rescreen) rescreenDTO {
	lv, fs := r.ListVersions, r.Failures
	if lv == nil {
		lv = map[string]string{}
	}
	if fs == nil {
		fs = []schematype.RescreenFailure{}
	}
	return rescreenDTO{
		rescreenProgressDTO: rescreenProgressDTO{Total: r.Total, Done: r.Done, Skipped: r.Skipped, Failed: r.Failed, Matches: r.Matches},
		ID:                  r.ID, RunID: r.RunID, Reason: r.Reason, Status: string(r.Status), Phase: string(r.Phase),
		Batches: r.Batches, ListVersions: lv, Failures: fs, CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
	}
}

func (s *Server) ListRescreens(c echo.Context, p api.ListRescreensParams) error {
	return list(c, p.Cursor, p.Limit, s.Rescreens.List, func(r *ent.Rescreen) uuid.UUID { return r.ID }, toRescreenDTO)
}

func (s *Server) GetRescreen(c echo.Context, id api.ID) error {
	r, err := s.Rescreens.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRescreenDTO(r))
}

type rescreenTenantDTO struct {
	rescreenProgressDTO
	TenantID   uuid.UUID `json:"tenant_id"`
	RescreenID uuid.UUID `json:"rescreen_id"`
	Status     string    `json:"status"`
}

type rescreenRunDTO struct {
	rescreenProgressDTO
	ID           uuid.UUID           `json:"id"`
	Reason       string              `json:"reason"`
	ListVersions map[string]string   `json:"list_versions"`
	Status       string              `json:"status"`
	TenantsTotal int                 `json:"tenants_total"`
	TenantsDone  int                 `json:"tenants_done"`
	CreatedAt    time.Time           `json:"created_at"`
	StartedAt    *time.Time          `json:"started_at,omitempty"`
	FinishedAt   *time.Time          `json:"finished_at,omitempty"`
	Tenants      []rescreenTenantDTO `json:"tenants,omitempty"`
}

func toRunDTO(p compliance.RunProgress, tenants bool) rescreenRunDTO {
	r := p.Run
	lv := r.ListVersions
	if lv == nil {
		lv = map[string]string{}
	}
	out := rescreenRunDTO{
		rescreenProgressDTO: rescreenProgressDTO{Total: p.Total, Done: p.Done, Skipped: p.Skipped, Failed: p.Failed, Matches: p.Matches},
		ID:                  r.ID, Reason: r.Reason, ListVersions: lv, Status: string(r.Status), TenantsTotal: r.TenantsTotal,
		TenantsDone: r.TenantsDone, CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
	}
	if tenants {
		out.Tenants = []rescreenTenantDTO{}
		for _, rs := range p.Rescreens {
			out.Tenants = append(out.Tenants, rescreenTenantDTO{TenantID: rs.TenantID, RescreenID: rs.ID, Status: string(rs.Status),
				rescreenProgressDTO: rescreenProgressDTO{Total: rs.Total, Done: rs.Done, Skipped: rs.Skipped, Failed: rs.Failed, Matches: rs.Matches}})
		}
	}
	return out
}

func (s *Server) ListRescreenRuns(c echo.Context, p api.ListRescreenRunsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]compliance.RunProgress, error) {
		return s.Rescreens.Runs(ctx, after, n)
	}, func(r compliance.RunProgress) uuid.UUID { return r.Run.ID }, func(r compliance.RunProgress) rescreenRunDTO { return toRunDTO(r, false) })
}

func (s *Server) GetRescreenRun(c echo.Context, id api.ID) error {
	r, err := s.Rescreens.Run(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRunDTO(r, true))
}
