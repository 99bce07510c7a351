package parties

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/distributorlink"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Industries an end user may work in (what the goods are for, broadly).
var Industries = []string{
	"chemicals", "pharmaceuticals", "food_and_beverage", "electronics", "research_and_education",
	"healthcare", "energy", "agriculture", "manufacturing", "distribution", "other",
}

// Consignee statuses. An archived consignee is kept (orders will name it) but not
// offered for new ones.
const (
	ConsigneeActive   = "active"
	ConsigneeArchived = "archived"
)

// ScreeningUnscreened is the screening status of a consignee or end user the
// compliance engine has not looked at (yet, or since its identity changed).
const ScreeningUnscreened = "unscreened"

var (
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]{4,30}$`)
)

// Contact is whom to call at a consignee; every part is optional.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// EndUserInput is who uses the goods and for what. When IsConsignee the end user is
// the consignee itself (its name and address are the consignee's; Name and Address
// must be left empty); otherwise Name and Address are required.
type EndUserInput struct {
	IsConsignee bool
	Name        string
	Address     *schematype.PostalAddress
	EndUse      string
	Industry    string
}

// ConsigneeInput is a consignee's data, for create and replace. Status "" means active.
type ConsigneeInput struct {
	Name    string
	Address schematype.PostalAddress
	Contact Contact
	EndUser EndUserInput
	Status  string
}

// Validate normalises the input and reports every invalid field at once.
func (in *ConsigneeInput) Validate() error {
	var chk masterdata.Check
	in.Name = text(&chk, "/name", in.Name, 200)
	postal(&chk, "/address", postalOf(&in.Address), false)
	c := &in.Contact
	if c.Name = strings.TrimSpace(c.Name); c.Name != "" {
		c.Name = text(&chk, "/contact/name", c.Name, 200)
	}
	if c.Email = strings.TrimSpace(c.Email); c.Email != "" && (len(c.Email) > 254 || !emailRE.MatchString(c.Email)) {
		chk.Add("/contact/email", "must be an email address")
	}
	if c.Phone = strings.TrimSpace(c.Phone); c.Phone != "" && !phoneRE.MatchString(c.Phone) {
		chk.Add("/contact/phone", "must be a phone number: digits, spaces and ( ) . / -, optionally after +")
	}
	e := &in.EndUser
	if e.IsConsignee {
		if strings.TrimSpace(e.Name) != "" {
			chk.Add("/end_user/name", "must be empty when the consignee is the end user")
		}
		if e.Address != nil {
			chk.Add("/end_user/address", "must be empty when the consignee is the end user")
		}
		e.Name, e.Address = in.Name, &schematype.PostalAddress{}
		*e.Address = in.Address
	} else {
		e.Name = text(&chk, "/end_user/name", e.Name, 200)
		if e.Address == nil {
			chk.Add("/end_user/address", "is required when the consignee is not the end user")
		} else {
			postal(&chk, "/end_user/address", postalOf(e.Address), false)
		}
	}
	e.EndUse = text(&chk, "/end_user/end_use", strings.Join(strings.Fields(e.EndUse), " "), 2000)
	if e.Industry = strings.ToLower(strings.TrimSpace(e.Industry)); !slices.Contains(Industries, e.Industry) {
		chk.Add("/end_user/industry", "must be one of %s", strings.Join(Industries, ", "))
	}
	switch in.Status {
	case "":
		in.Status = ConsigneeActive
	case ConsigneeActive, ConsigneeArchived:
	default:
		chk.Add("/status", "must be active or archived")
	}
	return chk.Err("the consignee is invalid")
}

var errConsigneeNotFound = problem.NotFound("consignee not found")

// activeLink reports whether an active distributor link joins one of distributors to
// one of orgs.
func activeLink(ctx context.Context, c *ent.Client, distributors, orgs []uuid.UUID) (bool, error) {
	if len(distributors) == 0 || len(orgs) == 0 {
		return false, nil
	}
	return c.DistributorLink.Query().Where(distributorlink.DistributorIDIn(distributors...),
		distributorlink.OrganizationIDIn(orgs...), distributorlink.StatusEQ(distributorlink.StatusActive)).Exist(ctx)
}

// consigneeReader checks that the viewer may read buyer id's consignees: its members,
// operator staff, and the members of a distributor actively linked to it. Anything
// else, and an organization that is not a buyer, is not found.
func (s *Service) consigneeReader(ctx context.Context, c *ent.Client, id uuid.UUID) error {
	v := tenant.FromContext(ctx)
	o, err := c.Organization.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && o.Kind != organization.KindBuyer) {
		return errOrgNotFound
	}
	if err != nil || insider(v, o) {
		return err
	}
	ok, err := activeLink(ctx, c, v.OrganizationIDs(), []uuid.UUID{id})
	if err == nil && !ok {
		return errOrgNotFound
	}
	return err
}

// consigneeEditor locks buyer id for a change of its consignees: only its admin.
// Others who may read them get 403, anyone else 404.
func (s *Service) consigneeEditor(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	if err := s.consigneeReader(ctx, tx.Client(), id); err != nil {
		return err
	}
	o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(id))).Only(ctx)
	if err != nil {
		return err
	}
	if !orgAdmin(tenant.FromContext(ctx), o) {
		return problem.Forbidden("only the buyer's admin changes its consignees")
	}
	return nil
}

func consigneeAudit(c *ent.Consignee) map[string]any {
	return map[string]any{
		"organization_id": c.OrganizationID, "name": c.Name, "address": c.Address,
		"contact": map[string]any{"name": c.ContactName, "email": c.ContactEmail, "phone": c.ContactPhone},
		"end_user": map[string]any{"is_consignee": c.EndUserIsConsignee, "name": c.EndUserName, "address": c.EndUserAddress,
			"end_use": c.EndUse, "industry": c.Industry},
		"status": c.Status, "screening_status": c.ScreeningStatus, "end_user_screening_status": c.EndUserScreeningStatus,
	}
}

// ConsigneeFilter selects a page of a buyer's consignees; Status "" is every status.
type ConsigneeFilter struct {
	Status string
	After  uuid.UUID
	Limit  int
}

// Consignees returns a page of buyer orgID's consignees ordered by id.
func (s *Service) Consignees(ctx context.Context, orgID uuid.UUID, f ConsigneeFilter) ([]*ent.Consignee, error) {
	if err := s.consigneeReader(ctx, s.db.Client, orgID); err != nil {
		return nil, err
	}
	q := s.db.Client.Consignee.Query().Where(consignee.OrganizationID(orgID)).Order(ent.Asc(consignee.FieldID)).Limit(f.Limit)
	if f.Status != "" {
		if consignee.StatusValidator(consignee.Status(f.Status)) != nil {
			return nil, problem.Validation("bad filter", problem.Field("query.status", "must be active or archived"))
		}
		q = q.Where(consignee.StatusEQ(consignee.Status(f.Status)))
	}
	if f.After != uuid.Nil {
		q = q.Where(consignee.IDGT(f.After))
	}
	return q.All(ctx)
}

// Consignee returns one consignee the viewer may read; anything else is not found.
func (s *Service) Consignee(ctx context.Context, id uuid.UUID) (*ent.Consignee, error) {
	return s.consignee(ctx, s.db.Client, id)
}

func (s *Service) consignee(ctx context.Context, client *ent.Client, id uuid.UUID) (*ent.Consignee, error) {
	c, err := client.Consignee.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errConsigneeNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.consigneeReader(ctx, client, c.OrganizationID); err != nil {
		if problem.Is(err, problem.KindNotFound) {
			return nil, errConsigneeNotFound
		}
		return nil, err
	}
	return c, nil
}

// applyConsignee sets a validated input on a create or update.
func applyConsignee(m *ent.ConsigneeMutation, in ConsigneeInput) {
	m.SetName(in.Name)
	m.SetAddress(in.Address)
	m.SetCountry(in.Address.Country)
	m.SetContactName(in.Contact.Name)
	m.SetContactEmail(in.Contact.Email)
	m.SetContactPhone(in.Contact.Phone)
	m.SetEndUserIsConsignee(in.EndUser.IsConsignee)
	m.SetEndUserName(in.EndUser.Name)
	m.SetEndUserAddress(*in.EndUser.Address)
	m.SetEndUserCountry(in.EndUser.Address.Country)
	m.SetEndUse(in.EndUser.EndUse)
	m.SetIndustry(in.EndUser.Industry)
	m.SetStatus(consignee.Status(in.Status))
}

// TypeScreenConsignee screens a consignee and its end user (internal/compliance handles
// it); enqueued with every change that leaves one of them unscreened.
const TypeScreenConsignee = "compliance:screen_consignee"

// ConsigneePayload names the consignee to screen.
type ConsigneePayload struct {
	ConsigneeID uuid.UUID `json:"consignee_id"`
}

// Validate refuses a payload without a consignee (not retried).
func (p ConsigneePayload) Validate() error {
	if p.ConsigneeID == uuid.Nil {
		return errors.New("consignee_id is required")
	}
	return nil
}

func enqueueConsigneeScreening(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	_, err := jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeScreenConsignee, Queue: jobs.QueueCompliance,
		Payload: ConsigneePayload{ConsigneeID: id}})
	return err
}

// CreateConsignee adds a consignee to buyer orgID (its admin). Consignee and end user
// start unscreened; their screening is queued in the same transaction.
func (s *Service) CreateConsignee(ctx context.Context, orgID uuid.UUID, in ConsigneeInput) (*ent.Consignee, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.Consignee
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if err := s.consigneeEditor(ctx, tx, orgID); err != nil {
			return err
		}
		b := tx.Consignee.Create().SetOrganizationID(orgID)
		applyConsignee(b.Mutation(), in)
		c, err := b.Save(ctx)
		if err != nil {
			return err
		}
		out = c
		if err := enqueueConsigneeScreening(ctx, tx, c.ID); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "consignee.create", "consignee", c.ID.String(), nil, consigneeAudit(c))
	})
	return out, err
}

// ReplaceConsignee replaces a consignee's data (its buyer's admin). A change of the
// consignee's or the end user's name or address resets that subject's screening
// status to unscreened: a screening is of a name at an address.
func (s *Service) ReplaceConsignee(ctx context.Context, id uuid.UUID, in ConsigneeInput) (*ent.Consignee, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.Consignee
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.consignee(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.consigneeEditor(ctx, tx, old.OrganizationID); err != nil {
			return err
		}
		old, err = db.ForUpdate(s.db.Dialect, tx.Consignee.Query().Where(consignee.ID(id))).Only(ctx)
		if err != nil {
			return err
		}
		u := tx.Consignee.UpdateOne(old)
		applyConsignee(u.Mutation(), in)
		if old.Name != in.Name || old.Address != in.Address {
			u.SetScreeningStatus(consignee.ScreeningStatus(ScreeningUnscreened))
		}
		if old.EndUserName != in.EndUser.Name || old.EndUserAddress != *in.EndUser.Address {
			u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(ScreeningUnscreened))
		}
		c, err := u.Save(ctx)
		if err != nil {
			return err
		}
		out = c
		if c.ScreeningStatus == consignee.ScreeningStatus(ScreeningUnscreened) ||
			c.EndUserScreeningStatus == consignee.EndUserScreeningStatus(ScreeningUnscreened) {
			if err := enqueueConsigneeScreening(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		return s.deps.Audit.Record(ctx, tx, "consignee.update", "consignee", c.ID.String(), consigneeAudit(old), consigneeAudit(c))
	})
	return out, err
}

// DeleteConsignee deletes a consignee (its buyer's admin). Orders will keep their own
// copy of the consignee; archive one that should only stop being offered.
func (s *Service) DeleteConsignee(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.consignee(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.consigneeEditor(ctx, tx, old.OrganizationID); err != nil {
			return err
		}
		if err := tx.Consignee.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "consignee.delete", "consignee", id.String(), consigneeAudit(old), nil)
	})
}
