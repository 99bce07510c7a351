package seed

import (
	"context"
	"fmt"
	"math/big"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// category groups the demo products a kind of seller offers.
type category string

const (
	catChemicals   category = "chemicals"
	catFood        category = "food"
	catLab         category = "lab"
	catElectronics category = "electronics"
)

type demoProduct struct {
	sku, name, desc, hs, unit, eu, us string
	un                                string
	netG, grossG                      int64
	shelf                             int
	pack                              *schematype.Packaging
	coa                               []schematype.CoASpec
}

func i64(v int64) *int64 { return &v }
func iptr(v int) *int    { return &v }

// demoCatalog is the deterministic product list per category. A few items carry
// dual-use classifications (1C350, 2B350, 3A001); most are EAR99 / not listed.
var demoCatalog = map[category][]demoProduct{
	catChemicals: {
		{sku: "CHEM-ACA-998", name: "Glacial acetic acid 99.8%", desc: "Food and technical grade acetic acid, 25 kg HDPE canisters.",
			hs: "2915.21", unit: "KGM", un: "UN2789", netG: 25000, grossG: 26300, shelf: 730,
			pack: &schematype.Packaging{Type: "3H1", Description: "25 kg HDPE canister", NetQty: "25", PerPallet: 24},
			coa: []schematype.CoASpec{{Parameter: "Assay", Method: "Titration", Unit: "%", Min: "99.8"},
				{Parameter: "Water", Method: "Karl Fischer", Unit: "%", Max: "0.15"},
				{Parameter: "Appearance", Text: "clear, colourless liquid"}}},
		{sku: "CHEM-CIT-ANH", name: "Citric acid anhydrous, fine granular", desc: "E330, food grade, FCC/Ph. Eur.",
			hs: "2918.14", unit: "KGM", netG: 25000, grossG: 25200, shelf: 1095,
			pack: &schematype.Packaging{Type: "5M1", Description: "25 kg multi-wall paper bag", NetQty: "25", PerPallet: 40},
			coa: []schematype.CoASpec{{Parameter: "Assay", Method: "Ph. Eur.", Unit: "%", Min: "99.5", Max: "100.5"},
				{Parameter: "Sulfated ash", Unit: "%", Max: "0.05"}}},
		{sku: "CHEM-TEA-99", name: "Triethanolamine 99%", desc: "Listed chemical weapons precursor: export licence required for many destinations.",
			hs: "2922.15", unit: "KGM", eu: "1C350", us: "1C350", netG: 220000, grossG: 232000, shelf: 730,
			pack: &schematype.Packaging{Type: "1H1", Description: "220 kg plastic drum", NetQty: "220", PerPallet: 4},
			coa: []schematype.CoASpec{{Parameter: "Assay", Method: "GC", Unit: "%", Min: "99.0"},
				{Parameter: "Colour", Method: "APHA", Max: "50"}}},
		{sku: "CHEM-IPA-999", name: "Isopropyl alcohol 99.9%", desc: "Electronic grade IPA.",
			hs: "2905.12", unit: "LTR", un: "UN1219", netG: 157000, grossG: 168000, shelf: 1095,
			pack: &schematype.Packaging{Type: "1A1", Description: "200 L steel drum", NetQty: "200", PerPallet: 4},
			coa: []schematype.CoASpec{{Parameter: "Assay", Method: "GC", Unit: "%", Min: "99.9"},
				{Parameter: "Water", Method: "Karl Fischer", Unit: "ppm", Max: "200"}}},
		{sku: "CHEM-TIO2-R", name: "Titanium dioxide rutile pigment", desc: "Rutile TiO2 for coatings, chloride process.",
			hs: "3206.11", unit: "KGM", netG: 25000, grossG: 25150, shelf: 1825,
			pack: &schematype.Packaging{Type: "5M1", Description: "25 kg paper bag", NetQty: "25", PerPallet: 40},
			coa: []schematype.CoASpec{{Parameter: "TiO2 content", Unit: "%", Min: "94"},
				{Parameter: "Oil absorption", Unit: "g/100g", Max: "20"}}},
	},
	catFood: {
		{sku: "FOOD-PEP-BLK", name: "Black pepper whole, Malabar garbled", desc: "Steam-sterilised, ASTA cleanliness.",
			hs: "0904.11", unit: "KGM", netG: 25000, grossG: 25300, shelf: 730,
			pack: &schematype.Packaging{Type: "5L1", Description: "25 kg PP woven bag with liner", NetQty: "25", PerPallet: 40},
			coa: []schematype.CoASpec{{Parameter: "Moisture", Method: "ASTA 2.0", Unit: "%", Max: "12"},
				{Parameter: "Piperine", Method: "HPLC", Unit: "%", Min: "4.0"},
				{Parameter: "Salmonella", Method: "ISO 6579", Text: "absent in 25 g"}}},
		{sku: "FOOD-TUR-PWD", name: "Turmeric powder, 3% curcumin", desc: "Alleppey finger, ground.",
			hs: "0910.30", unit: "KGM", netG: 25000, grossG: 25300, shelf: 540,
			coa: []schematype.CoASpec{{Parameter: "Curcumin", Method: "ASTA 18.0", Unit: "%", Min: "3.0"},
				{Parameter: "Lead", Method: "ICP-MS", Unit: "mg/kg", Max: "0.5"}}},
		{sku: "FOOD-CAR-GRN", name: "Green cardamom 8 mm bold", desc: "Idukki origin, hand-sorted.",
			hs: "0908.31", unit: "KGM", netG: 20000, grossG: 20400, shelf: 365,
			coa: []schematype.CoASpec{{Parameter: "Volatile oil", Unit: "ml/100g", Min: "4.0"}}},
		{sku: "FOOD-COC-1012", name: "Cocoa powder 10-12% fat, alkalised", desc: "Dark brown, pH 7.2-7.8.",
			hs: "1805.00", unit: "KGM", netG: 25000, grossG: 25250, shelf: 730,
			coa: []schematype.CoASpec{{Parameter: "Fat", Method: "Soxhlet", Unit: "%", Min: "10", Max: "12"},
				{Parameter: "pH", Min: "7.2", Max: "7.8"}}},
		{sku: "FOOD-VAN-BRB", name: "Vanilla beans Bourbon grade A", desc: "Madagascar, 16-18 cm, moisture 30-35%.",
			hs: "0905.10", unit: "KGM", netG: 1000, grossG: 1200, shelf: 720,
			coa: []schematype.CoASpec{{Parameter: "Vanillin", Method: "HPLC", Unit: "%", Min: "1.6"}}},
	},
	catLab: {
		{sku: "LAB-CEN-24", name: "Benchtop centrifuge 24 x 2 ml, refrigerated", desc: "15,000 rpm, -10 to +40 C.",
			hs: "8421.19", unit: "H87", netG: 28000, grossG: 36000},
		{sku: "LAB-PHM-PRO", name: "Laboratory pH/mV meter with ATC electrode", desc: "Resolution 0.001 pH, GLP data logging.",
			hs: "9027.80", unit: "H87", netG: 1400, grossG: 2100},
		{sku: "LAB-BAL-0001", name: "Analytical balance 220 g x 0.1 mg", desc: "Internal calibration, draft shield.",
			hs: "9016.00", unit: "H87", netG: 7000, grossG: 9500},
		{sku: "LAB-REA-500GL", name: "Glass-lined reactor 500 L with agitator", desc: "Corrosion-resistant chemical reactor; controlled as chemical manufacturing equipment.",
			hs: "8419.89", unit: "H87", eu: "2B350.a", us: "2B350.a", netG: 1650000, grossG: 1900000},
	},
	catElectronics: {
		{sku: "ELC-FPGA-RH", name: "Radiation-hardened FPGA, 500k logic cells", desc: "Total dose 300 krad(Si); space-grade.",
			hs: "8542.31", unit: "H87", eu: "3A001.a.1", us: "3A001.a.1", netG: 12, grossG: 60},
		{sku: "ELC-MCU-32", name: "32-bit Arm Cortex-M4 microcontroller", desc: "180 MHz, 1 MB flash, LQFP-100.",
			hs: "8542.31", unit: "H87", us: "5A992.c", netG: 1, grossG: 2},
		{sku: "ELC-MLCC-100N", name: "MLCC 100 nF 50 V X7R 0603, reel of 4000", desc: "AEC-Q200 qualified.",
			hs: "8532.24", unit: "H87", netG: 120, grossG: 180},
		{sku: "ELC-MOS-650", name: "650 V SiC power MOSFET, TO-247", desc: "45 mOhm, for traction inverters.",
			hs: "8541.29", unit: "H87", netG: 6, grossG: 10},
	},
}

// demoPrices gives each demo product its list price per unit (marketplace currency) and
// its order step (MOQ and increment, in the product unit).
var demoPrices = map[string][2]string{
	"CHEM-ACA-998": {"1.85", "25"}, "CHEM-CIT-ANH": {"1.40", "25"}, "CHEM-TEA-99": {"2.90", "220"},
	"CHEM-IPA-999": {"1.65", "200"}, "CHEM-TIO2-R": {"3.20", "25"},
	"FOOD-PEP-BLK": {"7.80", "25"}, "FOOD-TUR-PWD": {"4.60", "25"}, "FOOD-CAR-GRN": {"32.50", "20"},
	"FOOD-COC-1012": {"6.10", "25"}, "FOOD-VAN-BRB": {"285.00", "1"},
	"LAB-CEN-24": {"6450.00", "1"}, "LAB-PHM-PRO": {"890.00", "1"}, "LAB-BAL-0001": {"2380.00", "1"},
	"LAB-REA-500GL": {"148000.00", "1"},
	"ELC-FPGA-RH":   {"18500.00", "1"}, "ELC-MCU-32": {"6.40", "100"}, "ELC-MLCC-100N": {"21.00", "1"},
	"ELC-MOS-650": {"14.20", "50"},
}

// sellerCategories says what each demo seller organization sells, by its position in
// the marketplace's seller list.
var sellerCategories = [][]category{{catChemicals, catLab}, {catFood}, {catElectronics}}

// data turns a demo product into master data.
func (p demoProduct) data(origin string) catalog.ProductData {
	d := catalog.ProductData{
		Name: p.name, Description: p.desc, HSCode: p.hs, CountryOfOrigin: origin, Unit: p.unit,
		EUClassification: p.eu, USClassification: p.us, HazmatUNNumber: p.un, Packaging: p.pack, CoASpec: p.coa,
	}
	if p.netG > 0 {
		d.NetWeightG, d.GrossWeightG = i64(p.netG), i64(p.grossG)
	}
	if p.shelf > 0 {
		d.ShelfLifeDays = iptr(p.shelf)
	}
	return d
}

// seedCatalog adds each seller's products through the catalog service, acting as the
// seller, and publishes them (approving them as the curator in curated marketplaces).
func (s *Seeder) seedCatalog(ctx context.Context, t tenantRef, sellers []orgRef, buyers []orgRef) error {
	for i, seller := range sellers {
		if i >= len(sellerCategories) {
			break
		}
		sctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.id, TenantSlug: t.slug, Model: t.model,
			System: tenant.SystemSeeder, Grants: []tenant.Grant{{OrganizationID: seller.id, Role: "seller_admin"}}})
		cctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.id, TenantSlug: t.slug, Model: t.model,
			System: tenant.SystemSeeder, Grants: []tenant.Grant{{OrganizationID: t.operator, Role: "marketplace_admin"}}})
		// Each seller keeps a "Key accounts" group with the demo buyer in it.
		group, err := s.catalog.CreateBuyerGroup(sctx, catalog.BuyerGroupInput{OwnerID: seller.id, Name: "Key accounts",
			Description: "Negotiated prices for contract customers", MemberIDs: []uuid.UUID{buyers[0].id}})
		if err != nil {
			return fmt.Errorf("buyer group: %w", err)
		}
		n := 0
		for _, cat := range sellerCategories[i] {
			for _, dp := range demoCatalog[cat] {
				p, err := s.catalog.CreateProduct(sctx, catalog.CreateProductInput{SellerID: seller.id, SKU: dp.sku, Data: dp.data(seller.country)})
				if err != nil {
					return fmt.Errorf("product %s: %w", dp.sku, err)
				}
				if _, err := s.catalog.SubmitProduct(sctx, p.ID); err != nil {
					return fmt.Errorf("submit %s: %w", dp.sku, err)
				}
				if t.model == tenant.ModelCurated {
					if _, err := s.catalog.Curate(cctx, p.ID, catalog.CurateInput{Decision: catalog.DecisionApprove}); err != nil {
						return fmt.Errorf("approve %s: %w", dp.sku, err)
					}
				}
				if _, err := s.catalog.CreateOffer(sctx, p.ID, demoOffer(dp.sku, t.currency, group.Group.ID, buyers[0].id, n)); err != nil {
					return fmt.Errorf("offer %s: %w", dp.sku, err)
				}
				n++
			}
		}
	}
	return nil
}

type tenantRef struct {
	id, operator uuid.UUID
	slug         string
	model        tenant.Model
	currency     string
}

// demoOffer prices a demo product: volume tiers in the marketplace currency and in USD
// (or EUR for USD marketplaces), a cheaper list for the seller's key accounts, and every
// fifth offer visible to invited buyers only.
func demoOffer(sku, currency string, keyAccounts, invitedBuyer uuid.UUID, n int) catalog.OfferInput {
	pr := demoPrices[sku]
	step := pr[1]
	base, _ := new(big.Rat).SetString(pr[0])
	scaled := func(f string) string {
		r, _ := new(big.Rat).SetString(f)
		return new(big.Rat).Mul(base, r).FloatString(4)
	}
	mult := func(k int64) string {
		r, _ := new(big.Rat).SetString(step)
		return new(big.Rat).Mul(r, big.NewRat(k, 1)).FloatString(0)
	}
	tiers := func(factor string) []catalog.TierInput {
		f, _ := new(big.Rat).SetString(factor)
		at := func(d string) string {
			x, _ := new(big.Rat).SetString(d)
			return new(big.Rat).Mul(new(big.Rat).Mul(base, f), x).FloatString(4)
		}
		return []catalog.TierInput{{MinQty: step, UnitPrice: at("1")}, {MinQty: mult(10), UnitPrice: at("0.92")}, {MinQty: mult(40), UnitPrice: at("0.85")}}
	}
	other := "USD"
	if currency == "USD" {
		other = "EUR"
	}
	in := catalog.OfferInput{
		MOQ: step, Increment: step, LeadTimeDays: 7 + 7*(n%3),
		Incoterms:  []string{"EXW", "FCA", "CIP", "DAP"},
		Visibility: "all_buyers",
		PriceLists: []catalog.PriceListInput{
			{Currency: currency, Tiers: tiers("1")},
			{Currency: other, Tiers: tiers("1.08")},
			{Currency: currency, BuyerGroupID: &keyAccounts, Tiers: []catalog.TierInput{{MinQty: step, UnitPrice: scaled("0.9")}}},
		},
	}
	if n%5 == 4 {
		in.Visibility, in.InvitedBuyerIDs = "invited_buyers", []uuid.UUID{invitedBuyer}
	}
	return in
}

type orgRef struct {
	id      uuid.UUID
	name    string
	country string
}
