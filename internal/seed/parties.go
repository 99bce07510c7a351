package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// demoConsignee is a ship-to party of a demo buyer; endUser nil means the consignee is
// the end user.
type demoConsignee struct {
	name     string
	addr     schematype.PostalAddress
	contact  parties.Contact
	endUser  *demoEndUser
	endUse   string
	industry string
}

type demoEndUser struct {
	name string
	addr schematype.PostalAddress
}

// demoConsignees are the demo buyers' consignees, by the buyer's legal name: the
// buyer's own plant or warehouse, and for some a third party that uses the goods.
var demoConsignees = map[string][]demoConsignee{
	"Osaka Fine Materials K.K.": {
		{name: "Osaka Fine Materials K.K. Sakai Plant", industry: "chemicals",
			addr:    schematype.PostalAddress{Line1: "3-1 Chikkoshinmachi", City: "Sakai", PostalCode: "592-8331", Region: "Osaka", Country: "JP", UNLOCODE: "JPOSA"},
			contact: parties.Contact{Name: "Haruto Sato", Email: "receiving@osaka-fine.example", Phone: "+81 72 000 1234"},
			endUse:  "Intermediates for specialty coatings made at the plant"},
		{name: "Kansai Analytical Services Co., Ltd.", industry: "research_and_education",
			addr:    schematype.PostalAddress{Line1: "2-4-7 Nakanoshima", City: "Osaka", PostalCode: "530-0005", Country: "JP", UNLOCODE: "JPOSA"},
			contact: parties.Contact{Name: "Yui Tanaka", Email: "lab@kansai-analytical.example"},
			endUser: &demoEndUser{name: "Kyoto Materials Research Institute",
				addr: schematype.PostalAddress{Line1: "1 Yoshida-Honmachi", City: "Kyoto", PostalCode: "606-8501", Country: "JP", UNLOCODE: "JPUKY"}},
			endUse: "Reference standards for HPLC method validation"},
	},
	"Lyon Cosmetiques SAS": {
		{name: "Lyon Cosmetiques SAS Entrepot Vénissieux", industry: "manufacturing",
			addr:    schematype.PostalAddress{Line1: "12 Boulevard Irène Joliot-Curie", City: "Vénissieux", PostalCode: "69200", Country: "FR", UNLOCODE: "FRMRS"},
			contact: parties.Contact{Name: "Camille Martin", Email: "logistique@lyon-cosmetiques.example", Phone: "+33 4 72 00 00 00"},
			endUse:  "Fragrance and active ingredients for cosmetic formulations"},
	},
	"Great Lakes Coatings Inc.": {
		{name: "Great Lakes Coatings Toledo Plant", industry: "chemicals",
			addr:    schematype.PostalAddress{Line1: "4400 Coatings Drive", City: "Toledo", PostalCode: "43611", Region: "OH", Country: "US", UNLOCODE: "USTOL"},
			contact: parties.Contact{Name: "Mike Johnson", Email: "receiving@greatlakes-coatings.example", Phone: "+1 419 555 0142"},
			endUse:  "Curing agents and pigments for industrial coatings"},
	},
	"Riyadh Food Industries Co.": {
		{name: "Riyadh Food Industries Second Industrial City Plant", industry: "food_and_beverage",
			addr:    schematype.PostalAddress{Line1: "Street 64, Second Industrial City", City: "Riyadh", PostalCode: "14331", Country: "SA", UNLOCODE: "SARUH"},
			contact: parties.Contact{Name: "Omar Al-Harbi", Email: "imports@riyadh-food.example", Phone: "+966 11 000 0000"},
			endUse:  "Spices and flavourings for packaged foods"},
		// A consignee whose end user is on the lists: in a running demo (screening against
		// the shipped lists) the compliance officer's review queue shows the end user
		// beside the OFAC entry.
		{name: "Jeddah Airport Catering Logistics Co.", industry: "food_and_beverage",
			addr:    schematype.PostalAddress{Line1: "King Abdulaziz International Airport, Cargo Village", City: "Jeddah", PostalCode: "23635", Country: "SA", UNLOCODE: "SAJED"},
			contact: parties.Contact{Name: "Faisal Al-Qahtani", Email: "cargo@jeddah-catering.example"},
			endUser: &demoEndUser{name: "Mahan Air",
				addr: schematype.PostalAddress{Line1: "Mahan Air Tower, Azadegan Street", City: "Tehran", Country: "IR", UNLOCODE: "IRTHR"}},
			endUse: "In-flight catering supplies"},
	},
	"Boston BioAnalytics Inc.": {
		{name: "Boston BioAnalytics Seaport Lab", industry: "research_and_education",
			addr:    schematype.PostalAddress{Line1: "1 Design Center Place", City: "Boston", PostalCode: "02210", Region: "MA", Country: "US", UNLOCODE: "USBOS"},
			contact: parties.Contact{Name: "Emily Chen", Email: "lab-receiving@boston-bio.example", Phone: "+1 617 555 0199"},
			endUse:  "Laboratory instruments and reagents for contract bioanalysis"},
		{name: "Cambridge Clinical Research LLC", industry: "healthcare",
			addr:    schematype.PostalAddress{Line1: "300 Technology Square", City: "Cambridge", PostalCode: "02139", Region: "MA", Country: "US", UNLOCODE: "USBOS"},
			contact: parties.Contact{Name: "Daniel Brooks", Email: "dock@cambridge-clinical.example"},
			endUser: &demoEndUser{name: "Cambridge Clinical Research LLC",
				addr: schematype.PostalAddress{Line1: "300 Technology Square", City: "Cambridge", PostalCode: "02139", Region: "MA", Country: "US"}},
			endUse: "Sample preparation for clinical trial assays"},
	},
	"Singapore Precision Labs Pte. Ltd.": {
		{name: "Singapore Precision Labs Tuas Facility", industry: "electronics",
			addr:    schematype.PostalAddress{Line1: "10 Tuas South Avenue 2", City: "Singapore", PostalCode: "637616", Country: "SG", UNLOCODE: "SGSIN"},
			contact: parties.Contact{Name: "Wei Ling Tan", Email: "stores@sg-precision.example", Phone: "+65 6000 0000"},
			endUse:  "Test and calibration of semiconductor metrology equipment"},
	},
	"Milano Farmaceutici S.p.A.": {
		{name: "Milano Farmaceutici Stabilimento Rho", industry: "pharmaceuticals",
			addr:    schematype.PostalAddress{Line1: "Via Risorgimento 20", City: "Rho", PostalCode: "20017", Region: "MI", Country: "IT", UNLOCODE: "ITMIL"},
			contact: parties.Contact{Name: "Giulia Rossi", Email: "magazzino@milano-farma.example", Phone: "+39 02 0000 0000"},
			endUse:  "Excipients and analytical standards for drug manufacturing"},
	},
	"Dubai Fresh Foods LLC": {
		{name: "Dubai Fresh Foods Al Quoz Kitchen", industry: "food_and_beverage",
			addr:    schematype.PostalAddress{Line1: "Street 18, Al Quoz Industrial Area 3", City: "Dubai", Country: "AE", UNLOCODE: "AEDXB"},
			contact: parties.Contact{Name: "Fatima Al Mansoori", Email: "receiving@dubai-fresh.example", Phone: "+971 4 000 0000"},
			endUse:  "Ingredients for ready meals"},
		{name: "Abu Dhabi Catering Services LLC", industry: "food_and_beverage",
			addr:    schematype.PostalAddress{Line1: "Mussafah Industrial Area M-26", City: "Abu Dhabi", Country: "AE", UNLOCODE: "AEAUH"},
			contact: parties.Contact{Name: "Rashid Khan", Email: "stores@ad-catering.example"},
			endUser: &demoEndUser{name: "Abu Dhabi Catering Services LLC",
				addr: schematype.PostalAddress{Line1: "Mussafah Industrial Area M-26", City: "Abu Dhabi", Country: "AE"}},
			endUse: "Airline and institutional catering"},
	},
	"Doha Catering Supplies W.L.L.": {
		{name: "Doha Catering Supplies Industrial Area Store", industry: "distribution",
			addr:    schematype.PostalAddress{Line1: "Street 41, Industrial Area", City: "Doha", Country: "QA", UNLOCODE: "QADOH"},
			contact: parties.Contact{Name: "Ahmed Al-Thani", Email: "warehouse@doha-catering.example", Phone: "+974 4000 0000"},
			endUse:  "Resale to hotels and restaurants"},
	},
	"Nairobi Agro Processors Ltd": {
		{name: "Nairobi Agro Processors Athi River Plant", industry: "agriculture",
			addr:    schematype.PostalAddress{Line1: "Export Processing Zone, Plot 12", City: "Athi River", Country: "KE", UNLOCODE: "KENBO"},
			contact: parties.Contact{Name: "Grace Wanjiru", Email: "stores@nairobi-agro.example", Phone: "+254 20 000 0000"},
			endUse:  "Processing aids for tea and coffee"},
	},
}

type demoHub struct {
	name string
	addr schematype.PostalAddress
	caps []string
}

type demoRegion struct {
	name      string
	countries []string
	hub       string // a hub's name; "" serves from any hub
}

// demoHubs and demoRegions are each demo distributor's hubs and service regions.
var (
	demoHubs = map[string][]demoHub{
		"Hanse Distribution GmbH": {
			{"Hamburg Waltershof", schematype.PostalAddress{Line1: "Am Ballinkai 1", City: "Hamburg", PostalCode: "21129", Country: "DE", UNLOCODE: "DEHAM"},
				[]string{"ambient", "hazmat", "bonded"}},
			{"Rotterdam Maasvlakte", schematype.PostalAddress{Line1: "Europaweg 875", City: "Rotterdam", PostalCode: "3199 LD", Country: "NL", UNLOCODE: "NLRTM"},
				[]string{"ambient", "cold_chain", "frozen", "bonded"}},
		},
		"Alpine Freight Partners AG": {
			{"Basel Rheinhafen", schematype.PostalAddress{Line1: "Hafenstrasse 25", City: "Basel", PostalCode: "4057", Country: "CH", UNLOCODE: "CHBSL"},
				[]string{"ambient", "cold_chain", "pharma_gdp", "bonded"}},
			{"Zurich Airport Cargo", schematype.PostalAddress{Line1: "Frachtstrasse 4", City: "Zurich", PostalCode: "8058", Country: "CH", UNLOCODE: "CHZRH"},
				[]string{"ambient", "cold_chain", "deep_frozen", "hazmat"}},
		},
		"Emirates Last Mile Distribution LLC": {
			{"Jebel Ali Free Zone", schematype.PostalAddress{Line1: "Plot S30101, South Zone, Jebel Ali Free Zone", City: "Dubai", Country: "AE", UNLOCODE: "AEJEA"},
				[]string{"ambient", "cold_chain", "frozen", "hazmat", "bonded"}},
			{"Singapore Pioneer", schematype.PostalAddress{Line1: "21 Pioneer Sector 1", City: "Singapore", PostalCode: "628441", Country: "SG", UNLOCODE: "SGSIN"},
				[]string{"ambient", "cold_chain", "bonded"}},
		},
	}
	demoRegions = map[string][]demoRegion{
		"Hanse Distribution GmbH": {
			{"DACH", []string{"DE", "AT", "CH"}, "Hamburg Waltershof"},
			{"Nordics", []string{"DK", "SE", "NO", "FI"}, "Hamburg Waltershof"},
			{"Benelux and France", []string{"NL", "BE", "LU", "FR"}, "Rotterdam Maasvlakte"},
		},
		"Alpine Freight Partners AG": {
			{"Switzerland and Liechtenstein", []string{"CH", "LI"}, "Basel Rheinhafen"},
			{"Alpine neighbours", []string{"AT", "DE", "IT", "FR"}, ""},
		},
		"Emirates Last Mile Distribution LLC": {
			{"GCC", []string{"AE", "SA", "QA", "KW", "BH", "OM"}, "Jebel Ali Free Zone"},
			{"East Africa", []string{"KE", "TZ", "UG", "RW"}, "Jebel Ali Free Zone"},
			{"South-East Asia", []string{"SG", "MY", "ID", "TH", "VN"}, "Singapore Pioneer"},
		},
	}
)

// licensing is who issues export licences in a demo seller's country, and the number
// of its demo licence.
var licensing = map[string]struct{ authority, number string }{
	"DE": {"BAFA (Federal Office for Economic Affairs and Export Control)", "DE-BAFA-2025-014732"},
	"NL": {"CDIU (Centrale Dienst voor In- en Uitvoer)", "NL-CDIU-2025-00871"},
	"TW": {"Bureau of Foreign Trade", "TW-BOFT-SHTC-2025-0392"},
	"CH": {"SECO (State Secretariat for Economic Affairs)", "CH-SECO-2025-3318"},
	"IN": {"DGFT (SCOMET)", "IN-DGFT-SCOMET-2025-1204"},
	"MY": {"MITI Strategic Trade Secretariat", "MY-STA-2025-0517"},
}

// dualUse is what the demo sellers' dual-use products are classified, by the seller's
// position (see sellerCategories): chemicals and lab equipment, food, electronics.
var dualUse = map[int][]string{0: {"1C350", "2B350"}, 2: {"3A001"}}

var (
	demoValidFrom = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	demoValidTo   = time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)
)

// seedParties adds, through the parties service acting as each organization's admin,
// the demo buyers' consignees and end-use statements, export licences for the sellers
// of dual-use goods, the distributors' hubs and service regions, and in the
// distributor-led marketplace the links from its distributor to every seller and buyer.
func (s *Seeder) seedParties(ctx context.Context, t tenantRef, sellers, buyers, distributors []orgRef) error {
	as := func(org uuid.UUID, role string) context.Context {
		return tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.id, TenantSlug: t.slug, Model: t.model,
			System: tenant.SystemSeeder, Grants: []tenant.Grant{{OrganizationID: org, Role: role}}})
	}
	for _, b := range buyers {
		bctx := as(b.id, "buyer_admin")
		for _, dc := range demoConsignees[b.name] {
			in := parties.ConsigneeInput{Name: dc.name, Address: dc.addr, Contact: dc.contact,
				EndUser: parties.EndUserInput{IsConsignee: dc.endUser == nil, EndUse: dc.endUse, Industry: dc.industry}}
			if dc.endUser != nil {
				a := dc.endUser.addr
				in.EndUser.Name, in.EndUser.Address = dc.endUser.name, &a
			}
			if _, err := s.parties.CreateConsignee(bctx, b.id, in); err != nil {
				return fmt.Errorf("consignee %s: %w", dc.name, err)
			}
		}
	}
	// The demo buyer (the one with logins) signs an end-use statement for the
	// dual-use chemicals, naming its first consignee.
	if len(buyers) > 0 && len(demoConsignees[buyers[0].name]) > 0 {
		b, c := buyers[0], demoConsignees[buyers[0].name][0]
		if _, err := s.parties.CreateEndUseStatement(as(b.id, "buyer_admin"), b.id, parties.EndUseInput{
			EndUserName: b.name, EndUse: c.endUse, Country: b.country, ConsigneeName: c.name,
			Classifications: []string{"1C350"}, SignedBy: "Managing Director, " + b.name,
			SignedAt: demoValidFrom, ValidTo: demoValidTo,
			Declarations: schematype.EndUseDeclarations{NoWMD: true, NoMilitaryEndUse: true,
				NoReexportWithoutAuthorisation: true, NotSanctioned: true},
		}); err != nil {
			return fmt.Errorf("end-use statement: %w", err)
		}
	}
	for i, seller := range sellers {
		classes, ok := dualUse[i]
		lic, known := licensing[seller.country]
		if !ok || !known {
			continue
		}
		in := parties.LicenceInput{Regime: parties.RegimeNational, Number: lic.number, IssuingAuthority: lic.authority,
			Classifications: classes, Destinations: licenceDestinations(seller.country, buyers),
			ValueCap: &money.Money{Amount: 50_000_000, Currency: t.currency}, ValidFrom: demoValidFrom, ValidTo: demoValidTo}
		if masterdata.IsEUMember(seller.country) {
			in.Regime = parties.RegimeEUDualUse
		}
		if _, err := s.parties.CreateLicence(as(seller.id, "seller_admin"), seller.id, in); err != nil {
			return fmt.Errorf("licence %s: %w", lic.number, err)
		}
	}
	for _, d := range distributors {
		dctx := as(d.id, "distributor_admin")
		hubs := map[string]uuid.UUID{}
		for _, h := range demoHubs[d.name] {
			created, err := s.parties.CreateHub(dctx, d.id, parties.HubInput{Name: h.name, Address: h.addr, Capabilities: h.caps})
			if err != nil {
				return fmt.Errorf("hub %s: %w", h.name, err)
			}
			hubs[h.name] = created.ID
		}
		for _, r := range demoRegions[d.name] {
			in := parties.RegionInput{Name: r.name, Countries: r.countries}
			if id, ok := hubs[r.hub]; ok {
				in.HubID = &id
			}
			if _, err := s.parties.CreateServiceRegion(dctx, d.id, in); err != nil {
				return fmt.Errorf("service region %s: %w", r.name, err)
			}
		}
		if t.model != tenant.ModelDistributorLed {
			continue
		}
		// In the distributor-led marketplace the distributor serves every seller and buyer.
		octx := as(t.operator, "marketplace_admin")
		for _, o := range slices.Concat(sellers, buyers) {
			if _, _, err := s.parties.LinkDistributor(octx, d.id, o.id); err != nil {
				return fmt.Errorf("link %s to %s: %w", d.name, o.name, err)
			}
		}
	}
	return nil
}

// licenceDestinations are the demo buyers' countries a seller's licence covers: not
// its own country, nor the EU for an EU seller (dual-use goods move freely inside it).
func licenceDestinations(seller string, buyers []orgRef) []string {
	var out []string
	for _, b := range buyers {
		if b.country == seller || (masterdata.IsEUMember(seller) && masterdata.IsEUMember(b.country)) {
			continue
		}
		if !slices.Contains(out, b.country) {
			out = append(out, b.country)
		}
	}
	return out
}
