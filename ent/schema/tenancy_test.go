package schema_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestEverySchemaIsTenantOwnedOrListedGlobal(t *testing.T) {
	if _, err := tenantOwned("."); err != nil {
		t.Fatal(err)
	}
}

func TestCoverageCheck_FailsForSchemaWithoutMixin(t *testing.T) {
	owned, err := tenantOwned("testdata/missing")
	if err == nil || !strings.Contains(err.Error(), "Widget") || strings.Contains(err.Error(), "Gadget") {
		t.Fatalf("want an error naming Widget only, got %v", err)
	}
	if !slices.Equal(owned, []string{"Gadget", "Widget"}) {
		t.Fatalf("owned = %v", owned)
	}
}

// entity knows how to create one row of a tenant-owned type and to try to read,
// list, update and delete it by id from another tenant.
type entity struct {
	create func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error)
	get    func(ctx context.Context, c *ent.Client, id uuid.UUID) error
	count  func(ctx context.Context, c *ent.Client) (int, error)
	update func(ctx context.Context, c *ent.Client, id uuid.UUID) error
	delete func(ctx context.Context, c *ent.Client, id uuid.UUID) error
}

// fixture holds rows of tenant A that other entities point at.
type fixture struct {
	user *ent.User
	org  *ent.Organization
}

var entities = map[string]entity{
	"Product": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			p, err := c.Product.Create().SetSellerID(f.org.ID).SetSku("SKU-" + uuid.NewString()[:8]).SetName("Acetic acid").
				SetHsCode("291521").SetCountryOfOrigin("DE").SetUnit("KGM").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return p.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Product.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Product.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Product.UpdateOneID(id).SetName("evil").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Product.DeleteOneID(id).Exec(ctx)
		},
	},
	"ProductRevision": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			p, err := c.Product.Create().SetSellerID(f.org.ID).SetSku("REV-" + uuid.NewString()[:8]).SetName("Citric acid").
				SetHsCode("291814").SetCountryOfOrigin("DE").SetUnit("KGM").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			r, err := c.ProductRevision.Create().SetProductID(p.ID).SetNumber(1).SetData(map[string]any{"name": "Citric acid"}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return r.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ProductRevision.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.ProductRevision.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductRevision.UpdateOneID(id).SetStatus("approved").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductRevision.DeleteOneID(id).Exec(ctx)
		},
	},
	"Offer": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			p, err := c.Product.Create().SetSellerID(f.org.ID).SetSku("OFF-" + uuid.NewString()[:8]).SetName("Acetic acid").
				SetHsCode("291521").SetCountryOfOrigin("DE").SetUnit("KGM").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			o, err := c.Offer.Create().SetSellerID(f.org.ID).SetProductID(p.ID).SetMoq(25000).SetIncrement(25000).
				SetIncoterms([]string{"FCA"}).SetPriceLists([]schematype.PriceList{{Currency: "EUR",
				Tiers: []schematype.PriceTier{{MinQty: 0, UnitPriceAmount: 1250, UnitPriceScale: 2}}}}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return o.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Offer.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Offer.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Offer.UpdateOneID(id).SetMoq(1).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Offer.DeleteOneID(id).Exec(ctx)
		},
	},
	"SearchEntry": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			e, err := c.SearchEntry.Create().SetSellerID(f.org.ID).SetSku("SRCH-1").SetName("Acetic acid").
				SetOriginCountry("DE").SetHsChapter("29").SetDocument("'acetic':1A 'acid':2A").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return e.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.SearchEntry.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.SearchEntry.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.SearchEntry.UpdateOneID(id).SetPublished(true).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.SearchEntry.DeleteOneID(id).Exec(ctx)
		},
	},
	"SearchOffer": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			o, err := c.SearchOffer.Create().SetOfferID(uuid.New()).SetProductID(uuid.New()).SetSellerID(f.org.ID).
				SetAudience("*").SetCurrency("EUR").SetPriceMinor(1250).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return o.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.SearchOffer.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.SearchOffer.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.SearchOffer.UpdateOneID(id).SetPriceMinor(1).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.SearchOffer.DeleteOneID(id).Exec(ctx)
		},
	},
	"Licence": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			l, err := c.Licence.Create().SetHolderID(f.org.ID).SetRegime("eu_dual_use").SetNumber("DE-" + uuid.NewString()[:8]).
				SetIssuingAuthority("BAFA").SetClassifications([]string{"1C350"}).SetDestinations([]string{"US"}).
				SetValidFrom(time.Now()).SetValidTo(time.Now().Add(24 * time.Hour)).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return l.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Licence.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Licence.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Licence.UpdateOneID(id).SetValueUsed(1).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Licence.DeleteOneID(id).Exec(ctx)
		},
	},
	"EndUseStatement": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			e, err := c.EndUseStatement.Create().SetHolderID(f.org.ID).SetEndUserName("Acme Labs").SetEndUse("QC reagent").
				SetCountry("US").SetSignedBy("J. Doe").SetSignedAt(time.Now()).SetValidTo(time.Now().Add(24 * time.Hour)).
				SetDeclarations(schematype.EndUseDeclarations{NoWMD: true, NoMilitaryEndUse: true,
					NoReexportWithoutAuthorisation: true, NotSanctioned: true}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return e.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.EndUseStatement.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.EndUseStatement.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.EndUseStatement.UpdateOneID(id).SetEndUse("evil").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.EndUseStatement.DeleteOneID(id).Exec(ctx)
		},
	},
	"Consignee": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			a := schematype.PostalAddress{Line1: "1 Quay St", City: "Rotterdam", Country: "NL", UNLOCODE: "NLRTM"}
			e, err := c.Consignee.Create().SetOrganizationID(f.org.ID).SetName("Acme Receiving BV").SetAddress(a).
				SetCountry("NL").SetEndUserName("Acme Receiving BV").SetEndUserCountry("NL").SetEndUserAddress(a).
				SetEndUse("QC reagent").SetIndustry("chemicals").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return e.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Consignee.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Consignee.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Consignee.UpdateOneID(id).SetScreeningStatus("clear").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Consignee.DeleteOneID(id).Exec(ctx)
		},
	},
	"DistributorHub": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			h, err := c.DistributorHub.Create().SetDistributorID(f.org.ID).SetName("Hamburg " + uuid.NewString()[:8]).
				SetAddress(schematype.PostalAddress{Line1: "Hafenstr. 1", City: "Hamburg", Country: "DE", UNLOCODE: "DEHAM"}).
				SetCountry("DE").SetUnlocode("DEHAM").SetCapabilities([]string{"bonded"}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return h.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.DistributorHub.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.DistributorHub.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.DistributorHub.UpdateOneID(id).SetActive(false).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.DistributorHub.DeleteOneID(id).Exec(ctx)
		},
	},
	"ServiceRegion": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			r, err := c.ServiceRegion.Create().SetDistributorID(f.org.ID).SetName("DACH " + uuid.NewString()[:8]).
				SetCountries([]string{"DE", "AT", "CH"}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return r.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ServiceRegion.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.ServiceRegion.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ServiceRegion.UpdateOneID(id).SetCountries([]string{"IR"}).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ServiceRegion.DeleteOneID(id).Exec(ctx)
		},
	},
	"DistributorLink": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			other, err := c.Organization.Create().SetKind("buyer").SetLegalName("Linked Buyer " + uuid.NewString()[:8]).
				SetCountry("FR").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			l, err := c.DistributorLink.Create().SetDistributorID(f.org.ID).SetOrganizationID(other.ID).SetKind("buyer").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return l.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.DistributorLink.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.DistributorLink.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.DistributorLink.UpdateOneID(id).SetStatus("ended").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.DistributorLink.DeleteOneID(id).Exec(ctx)
		},
	},
	"BuyerGroup": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			g, err := c.BuyerGroup.Create().SetOwnerID(f.org.ID).SetName("Key accounts " + uuid.NewString()[:8]).
				AddMemberIDs(f.org.ID).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return g.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.BuyerGroup.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.BuyerGroup.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.BuyerGroup.UpdateOneID(id).SetName("evil").ClearMembers().Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.BuyerGroup.DeleteOneID(id).Exec(ctx)
		},
	},
	"User": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			u, err := c.User.Create().SetEmail("x" + uuid.NewString()[:8] + "@a.example").SetPasswordHash("h").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return u.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.User.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.User.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.User.UpdateOneID(id).SetName("evil").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error { return c.User.DeleteOneID(id).Exec(ctx) },
	},
	"Organization": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			o, err := c.Organization.Create().SetKind("buyer").SetLegalName("Org").SetCountry("DE").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return o.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Organization.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Organization.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Organization.UpdateOneID(id).SetLegalName("evil").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Organization.DeleteOneID(id).Exec(ctx)
		},
	},
	"ProductImport": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			i, err := c.ProductImport.Create().SetSellerID(f.org.ID).SetFilename("products.csv").
				SetBlobKey("tenants/x/imports/" + uuid.NewString()).SetSize(10).SetSha256(strings.Repeat("b", 64)).
				SetOptions(schematype.ImportOptions{Encoding: "auto", Delimiter: "auto"}).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return i.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ProductImport.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.ProductImport.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductImport.UpdateOneID(id).SetStatus("cancelled").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductImport.DeleteOneID(id).Exec(ctx)
		},
	},
	"ProductAttachment": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			p, err := c.Product.Create().SetSellerID(f.org.ID).SetSku("SKU-" + uuid.NewString()[:8]).SetName("Acetic acid").
				SetHsCode("291521").SetCountryOfOrigin("DE").SetUnit("KGM").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			a, err := c.ProductAttachment.Create().SetProductID(p.ID).SetSellerID(f.org.ID).SetKind("image").
				SetFilename("drum.png").SetContentType("image/png").SetSize(4).
				SetSha256(strings.Repeat("a", 64)).SetBlobKey("tenants/x/products/" + uuid.NewString()).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return a.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ProductAttachment.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.ProductAttachment.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductAttachment.UpdateOneID(id).SetCaption("changed").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ProductAttachment.DeleteOneID(id).Exec(ctx)
		},
	},
	"ComplianceCheck": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			k, err := c.ComplianceCheck.Create().SetSubjectType("organization").SetSubjectID(f.org.ID).
				SetSubjectName("Acme GmbH").SetKind("sanctions").SetListVersions(map[string]string{}).
				SetMatches([]schematype.CheckMatch{}).SetOutcome("clear").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return k.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ComplianceCheck.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.ComplianceCheck.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ComplianceCheck.UpdateOneID(id).SetStatus("closed").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ComplianceCheck.DeleteOneID(id).Exec(ctx)
		},
	},
	"ScreeningSuppression": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			s, err := c.ScreeningSuppression.Create().SetSubjectType("organization").SetSubjectID(f.org.ID).
				SetList("us_ofac_sdn").SetEntityID(uuid.NewString()[:8]).SetEntryHash("h").
				SetCheckID(uuid.New()).SetReason("different person").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return s.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.ScreeningSuppression.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) {
			return c.ScreeningSuppression.Query().Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ScreeningSuppression.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.ScreeningSuppression.DeleteOneID(id).Exec(ctx)
		},
	},
	"OnboardingDocument": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			d, err := c.OnboardingDocument.Create().SetOrganizationID(f.org.ID).SetDocType("certificate_of_incorporation").
				SetFilename("coi.pdf").SetContentType("application/pdf").SetSize(4).
				SetSha256(strings.Repeat("a", 64)).SetBlobKey("tenants/x/onboarding/" + uuid.NewString()).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return d.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.OnboardingDocument.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.OnboardingDocument.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.OnboardingDocument.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.OnboardingDocument.DeleteOneID(id).Exec(ctx)
		},
	},
	"Invitation": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			i, err := c.Invitation.Create().SetEmail("invitee-" + uuid.NewString()[:8] + "@a.example").SetKind("buyer").
				SetLegalName("Invitee Ltd").SetCountry("GB").SetInviterOrgID(f.org.ID).
				SetExpiresAt(time.Now().Add(time.Hour)).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return i.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Invitation.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Invitation.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Invitation.UpdateOneID(id).SetExpiresAt(time.Now().Add(1000 * time.Hour)).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Invitation.DeleteOneID(id).Exec(ctx)
		},
	},
	"Membership": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			o, err := c.Organization.Create().SetKind("seller").SetLegalName("Other").SetCountry("FR").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			m, err := c.Membership.Create().SetUserID(f.user.ID).SetOrganizationID(o.ID).SetRole("seller_admin").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return m.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Membership.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Membership.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Membership.UpdateOneID(id).SetRole(membership.RoleMarketplaceAdmin).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Membership.DeleteOneID(id).Exec(ctx)
		},
	},
	"Session": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			s, err := c.Session.Create().SetUserID(f.user.ID).SetTokenHash([]byte(uuid.NewString())).
				SetExpiresAt(time.Now().Add(time.Hour)).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return s.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Session.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Session.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Session.UpdateOneID(id).SetExpiresAt(time.Now().Add(100 * time.Hour)).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Session.DeleteOneID(id).Exec(ctx)
		},
	},
	"APIKey": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			k, err := c.APIKey.Create().SetName("k").SetPrefix(uuid.NewString()[:8]).SetKeyHash([]byte(uuid.NewString())).
				SetOrganizationID(f.org.ID).SetRole("buyer_admin").SetCreatedBy(f.user.ID).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return k.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.APIKey.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.APIKey.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.APIKey.UpdateOneID(id).SetRevokedAt(time.Now()).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.APIKey.DeleteOneID(id).Exec(ctx)
		},
	},
	"PolicyRule": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			r, err := c.PolicyRule.Create().SetPtype("p").SetV0("buyer_admin").SetV2("order").SetV3("read").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return r.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.PolicyRule.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.PolicyRule.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.PolicyRule.UpdateOneID(id).SetV3("*").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.PolicyRule.DeleteOneID(id).Exec(ctx)
		},
	},
	"AuditEvent": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			e, err := c.AuditEvent.Create().SetSeq(1).SetActor("a").SetAction("x").SetPrevHash("").SetHash("h").Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return e.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.AuditEvent.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.AuditEvent.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.AuditEvent.UpdateOneID(id).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.AuditEvent.DeleteOneID(id).Exec(ctx)
		},
	},
	"Rescreen": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			// The run is global (a list change rescreens every marketplace); its parts are not.
			run, err := c.RescreenRun.Create().SetReason("us_bis_dpl 2022-09-02").
				SetListVersions(map[string]string{"us_bis_dpl": "2022-09-02#0123456789ab"}).Save(tenant.SystemContext(ctx, tenant.SystemTest))
			if err != nil {
				return uuid.Nil, err
			}
			r, err := c.Rescreen.Create().SetRunID(run.ID).SetReason(run.Reason).SetTotal(3).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return r.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.Rescreen.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.Rescreen.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Rescreen.UpdateOneID(id).SetDone(3).SetStatus("done").Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.Rescreen.DeleteOneID(id).Exec(ctx)
		},
	},
	"IdempotencyRecord": {
		create: func(ctx context.Context, c *ent.Client, f *fixture) (uuid.UUID, error) {
			r, err := c.IdempotencyRecord.Create().SetPrincipal("user:x").SetKey(uuid.NewString()).SetMethod("POST").
				SetPath("/x").SetRequestHash([]byte("h")).SetLockedUntil(time.Now()).SetExpiresAt(time.Now().Add(time.Hour)).Save(ctx)
			if err != nil {
				return uuid.Nil, err
			}
			return r.ID, nil
		},
		get: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			_, err := c.IdempotencyRecord.Get(ctx, id)
			return err
		},
		count: func(ctx context.Context, c *ent.Client) (int, error) { return c.IdempotencyRecord.Query().Count(ctx) },
		update: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.IdempotencyRecord.UpdateOneID(id).SetCompleted(true).Exec(ctx)
		},
		delete: func(ctx context.Context, c *ent.Client, id uuid.UUID) error {
			return c.IdempotencyRecord.DeleteOneID(id).Exec(ctx)
		},
	},
}

func TestCrossTenantSuiteCoversEveryTenantOwnedSchema(t *testing.T) {
	owned, err := tenantOwned(".")
	if err != nil {
		t.Fatal(err)
	}
	var covered []string
	for name := range entities {
		covered = append(covered, name)
	}
	sort.Strings(covered)
	if !slices.Equal(owned, covered) {
		t.Fatalf("tenant-owned schemas %v, cross-tenant suite covers %v: add the missing entity to `entities`", owned, covered)
	}
}

func TestCrossTenant_AnotherTenantCannotReadListUpdateOrDelete(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		mk := func(slug string) context.Context {
			tn := d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
			return tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, TenantSlug: slug})
		}
		ctxA, ctxB := mk("tenant-a"), mk("tenant-b")
		f := &fixture{
			user: d.Client.User.Create().SetEmail("owner@a.example").SetPasswordHash("h").SaveX(ctxA),
			org:  d.Client.Organization.Create().SetKind("buyer").SetLegalName("A Org").SetCountry("DE").SaveX(ctxA),
		}
		for name, e := range entities {
			t.Run(name, func(t *testing.T) {
				id, err := e.create(ctxA, d.Client, f)
				if err != nil {
					t.Fatalf("create in A: %v", err)
				}
				before, err := e.count(ctxB, d.Client)
				if err != nil {
					t.Fatalf("list from B: %v", err)
				}
				if err := e.get(ctxB, d.Client, id); !ent.IsNotFound(err) {
					t.Errorf("get from B: want not found, got %v", err)
				}
				if err := e.update(ctxB, d.Client, id); err == nil {
					t.Errorf("update from B succeeded")
				}
				if err := e.delete(ctxB, d.Client, id); err == nil {
					t.Errorf("delete from B succeeded")
				}
				if err := e.get(ctxA, d.Client, id); err != nil {
					t.Errorf("A lost its row after B's attempts: %v", err)
				}
				if before != 0 {
					// B has its own rows of no type in this test; any row seen is A's.
					t.Errorf("list from B sees %d rows of A", before)
				}
				if _, err := e.count(t.Context(), d.Client); err == nil {
					t.Errorf("query without a viewer was allowed")
				}
				// A tenant context derived from a system context is scoped again.
				derived := tenant.ForTenant(sys, tenant.FromContext(ctxB).TenantID, "", tenant.SystemJobs)
				if n, err := e.count(derived, d.Client); err != nil || n != 0 {
					t.Errorf("tenant context inside a system context sees %d rows of A (err %v)", n, err)
				}
				if n, err := e.count(sys, d.Client); err != nil || n == 0 {
					t.Errorf("the system context sees %d rows (err %v)", n, err)
				}
				if _, err := e.create(t.Context(), d.Client, f); err == nil {
					t.Errorf("create without a viewer was allowed")
				}
			})
		}
	})
}

// The sanctions list versions and rescreen runs are global: only system contexts read
// or write them; a marketplace's principal sees them through its own Rescreen rows and
// the API, never directly.
func TestGlobalListTables_SystemOnly(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		tn := d.Client.Tenant.Create().SetSlug("tenant-g").SetName("g").SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
		tctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, TenantSlug: "tenant-g"})
		v := d.Client.SanctionsListVersion.Create().SetList("us_bis_dpl").SetFormat("dpl").SetVersionDate(time.Now()).
			SetContentHash(strings.Repeat("a", 64)).SetOrigin("loaded").SetEntries(1).SetCounts(map[string]int{"entity": 1}).
			SetCoverage(schematype.ListCoverage{}).SetFileNames([]string{"dpl.txt"}).SetStatus("current").SetCurrentList("us_bis_dpl").SaveX(sys)
		d.Client.RescreenRun.Create().SetReason("x").SetListVersions(map[string]string{}).SaveX(sys)
		if _, err := d.Client.SanctionsListVersion.Query().Count(tctx); err == nil {
			t.Error("a tenant viewer read list versions")
		}
		if _, err := d.Client.RescreenRun.Query().Count(tctx); err == nil {
			t.Error("a tenant viewer read rescreen runs")
		}
		if err := d.Client.SanctionsListVersion.UpdateOneID(v.ID).SetStatus("superseded").Exec(tctx); err == nil {
			t.Error("a tenant viewer changed a list version")
		}
		if _, err := d.Client.SanctionsListFile.Create().SetVersionID(v.ID).SetPosition(0).SetName("dpl.txt").SetSize(1).
			SetSha256(strings.Repeat("b", 64)).SetCompression("none").SetContent([]byte("x")).Save(tctx); err == nil {
			t.Error("a tenant viewer stored a list file")
		}
		// One current version per list, enforced by the database.
		_, err := d.Client.SanctionsListVersion.Create().SetList("us_bis_dpl").SetFormat("dpl").SetVersionDate(time.Now()).
			SetContentHash(strings.Repeat("c", 64)).SetOrigin("loaded").SetEntries(1).SetCounts(map[string]int{}).
			SetCoverage(schematype.ListCoverage{}).SetFileNames([]string{"dpl.txt"}).SetStatus("current").SetCurrentList("us_bis_dpl").Save(sys)
		if err == nil {
			t.Error("a second current version of one list was stored")
		}
	})
}
