package identity

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// viewerCache keeps resolved credentials for a few seconds so an authenticated request
// does not pay three queries. Revocations are fanned out to every replica through Redis
// (RevocationChannel) and evict at once; the TTL bounds staleness if a message is lost.
type viewerCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]cachedViewer
}

type cachedViewer struct {
	v       *tenant.Viewer
	expires time.Time
}

const maxCached = 50_000

func newViewerCache(ttl time.Duration) *viewerCache {
	return &viewerCache{ttl: ttl, m: map[string]cachedViewer{}}
}

func (c *viewerCache) get(h []byte) (*tenant.Viewer, bool) {
	if c.ttl <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[string(h)]
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e.v, true
}

func (c *viewerCache) put(h []byte, v *tenant.Viewer, credExpires time.Time) {
	if c.ttl <= 0 {
		return
	}
	exp := time.Now().Add(c.ttl)
	if credExpires.Before(exp) {
		exp = credExpires
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCached {
		now := time.Now()
		for k, e := range c.m {
			if now.After(e.expires) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxCached {
			c.m = map[string]cachedViewer{}
		}
	}
	c.m[string(h)] = cachedViewer{v: v, expires: exp}
}

func (c *viewerCache) evict(r revocation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.TokenHash != nil {
		delete(c.m, string(r.TokenHash))
	}
	for k, e := range c.m {
		if (r.UserID != uuid.Nil && e.v.UserID == r.UserID) ||
			(r.APIKeyID != uuid.Nil && e.v.APIKeyID == r.APIKeyID) ||
			(r.TenantID != uuid.Nil && e.v.TenantID == r.TenantID) {
			delete(c.m, k)
		}
	}
}

// RevocationChannel carries credential revocations to every replica.
const RevocationChannel = "manifold:identity:revoked"

type revocation struct {
	TokenHash hexBytes  `json:"token_hash,omitempty"`
	UserID    uuid.UUID `json:"user_id,omitempty"`
	APIKeyID  uuid.UUID `json:"api_key_id,omitempty"`
	TenantID  uuid.UUID `json:"tenant_id,omitempty"`
}

type hexBytes []byte

func (h hexBytes) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }
func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	d, err := hex.DecodeString(s)
	*h = d
	return err
}

// revoked evicts locally and tells the other replicas.
func (s *Service) revoked(ctx context.Context, r revocation) {
	s.cache.evict(r)
	if s.rdb == nil {
		return
	}
	b, _ := json.Marshal(r)
	if err := s.rdb.Publish(ctx, RevocationChannel, b).Err(); err != nil {
		s.log.WarnContext(ctx, "publish revocation; other replicas rely on the cache TTL", "err", err)
	}
}

// RevokeCached evicts every cached credential of a user, key or tenant on all replicas
// (after disabling a user, changing memberships, or disabling a tenant).
func (s *Service) RevokeCached(ctx context.Context, userID, apiKeyID, tenantID uuid.UUID) {
	s.revoked(ctx, revocation{UserID: userID, APIKeyID: apiKeyID, TenantID: tenantID})
}

// Run listens for revocations from other replicas until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	if s.rdb == nil || s.cache.ttl <= 0 {
		<-ctx.Done()
		return nil
	}
	for ctx.Err() == nil {
		sub := s.rdb.Subscribe(ctx, RevocationChannel)
		ch := sub.Channel()
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case msg, ok := <-ch:
				if !ok {
					break loop
				}
				var r revocation
				if err := json.Unmarshal([]byte(msg.Payload), &r); err == nil {
					s.cache.evict(r)
				}
			}
		}
		sub.Close()
		// A broken subscription may have missed messages: drop everything cached.
		s.cache.mu.Lock()
		s.cache.m = map[string]cachedViewer{}
		s.cache.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}

func orgIDIn(ids []uuid.UUID) predicate.Organization { return organization.IDIn(ids...) }
