package screen

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateBench = flag.Bool("update-bench", false, "regenerate testdata/bench/clean.txt")

// cleanNamesFile holds names of ordinary people and companies, generated from
// common given names, family names and business words (not from the lists):
// most real screenings are of parties that are not listed, and the benchmark
// mix has to spend most of its time on those.
const cleanNamesFile = "testdata/bench/clean.txt"

// TestBenchGenerate regenerates cleanNamesFile deterministically with
// `go test ./internal/compliance/screen -run TestBenchGenerate -update-bench`.
func TestBenchGenerate(t *testing.T) {
	if !*updateBench {
		t.Skip("pass -update-bench to regenerate")
	}
	names := generateClean(3000)
	var b strings.Builder
	b.WriteString("# Ordinary person and company names for the screening benchmark (TestBenchGenerate); one per line.\n")
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(cleanNamesFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cleanNamesFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func generateClean(n int) []string {
	rng := rand.New(rand.NewPCG(7, 2026))
	given := strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
		Thomas Susan Charles Jessica Daniel Sarah Matthew Karen Anthony Lisa Mark Nancy Steven Emily Paul Michelle
		Andrew Laura Joshua Rebecca Kevin Amanda Brian Stephanie George Rachel Timothy Hannah Lukas Anna Felix Lena
		Jonas Marie Leon Sophie Maximilian Clara Paul Greta Pierre Camille Louis Chloe Hugo Manon Antoine Juliette
		Javier Lucia Alejandro Carmen Diego Isabel Pablo Marta Mateo Valentina Giulia Marco Francesca Luca Chiara
		Matteo Alessandra Piotr Agnieszka Krzysztof Katarzyna Tomasz Magdalena Jan Eva Lars Ingrid Erik Astrid
		Wei Li Jing Hui Xiaoming Yan Hiroshi Yuki Takeshi Sakura Kenji Aiko Raj Priya Arjun Ananya Vikram Deepa
		Rahul Sunita Mehmet Ayse Emre Zeynep Chinedu Ngozi Kwame Ama Tunde Folake Joao Ana Pedro Beatriz Thiago
		Mariana Sean Aoife Niamh Connor Olivia Noah Emma Liam Ava Ethan Mia Lucas Isla Oscar Freya Henrik Sigrid`)
	family := strings.Fields(`Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore
		Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker
		Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart
		Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann
		Dubois Lefebvre Moreau Laurent Simon Michel Leroy Roux David Bertrand Garcia Martinez Lopez Sanchez Perez
		Gomez Fernandez Diaz Moreno Alvarez Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco
		Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Andersson Johansson Karlsson
		Nilsson Eriksson Larsen Hansen Jensen Nielsen Wang Zhang Liu Chen Yang Huang Zhao Zhou Wu Sato Suzuki
		Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Sharma Verma Gupta Patel Singh Reddy Nair Iyer Kapoor
		Yilmaz Kaya Demir Celik Sahin Okafor Adeyemi Mensah Boateng Silva Santos Oliveira Souza Costa Pereira
		Murphy Kelly OConnor Byrne Walsh Novak Horvat Kovacs Nagy Papadopoulos Jansen DeVries Bakker Visser`)
	place := strings.Fields(`Nordic Alpine Pacific Atlantic Baltic Rhine Danube Iberian Celtic Highland Lakeside
		Riverside Northern Southern Eastern Western Central Coastal Summit Harbor Meridian Pioneer Heritage Evergreen
		Silverline Bluewater Redwood Oakridge Stonebridge Maple Cedar Granite Horizon Crescent Keystone Liberty
		Bavaria Lombardy Catalonia Flanders Silesia Moravia Scandia Brabant Cornwall Wessex Suzhou Shenzhen Osaka
		Pune Chennai Izmir Lagos Accra Recife Porto Lyon Graz Aarhus Turku Gdansk Brno Tampere Bergen Malmo`)
	trade := strings.Fields(`Logistics Timber Textiles Foods Dairy Coffee Packaging Printing Plastics Paper Steel
		Hardware Tools Machinery Robotics Electronics Components Software Analytics Consulting Engineering Design
		Furniture Ceramics Glassworks Optics Pharma Biotech Medical Dental Veterinary Agro Seeds Fertilizers Organics
		Beverages Brewing Bakery Catering Hospitality Travel Freight Shipping Aviation Automotive Bicycles Sports
		Outdoor Apparel Footwear Leather Cosmetics Fragrances Chemicals Coatings Solar Wind Energy Water Recycling
		Construction Roofing Plumbing Electrical Interiors Flooring Lighting Security Telecom Media Publishing`)
	kind := strings.Fields(`Supplies Systems Solutions Industries Partners Group Works Trading Services Distribution
		Products Technologies Holdings Labs Ventures Manufacturing Imports Exports Wholesale Retail`)
	legal := []string{"GmbH", "Ltd", "Limited", "LLC", "Inc.", "AG", "S.A.", "S.p.A.", "B.V.", "AB", "Oy", "A/S",
		"Sp. z o.o.", "s.r.o.", "SARL", "S.L.", "Pty Ltd", "Co., Ltd.", "Pvt. Ltd.", "PLC", "KG", "Corp.", ""}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var name string
		switch r := rng.IntN(10); {
		case r < 4: // person, natural order
			name = pick(given) + " " + pick(family)
			if rng.IntN(4) == 0 {
				name = pick(given) + " " + pick(given) + " " + pick(family)
			}
		case r < 5: // person, list order
			name = strings.ToUpper(pick(family)) + ", " + pick(given)
		case r < 8: // company
			name = strings.TrimSpace(pick(place) + " " + pick(trade) + " " + pick(kind) + " " + pick(legal))
		case r < 9: // company named after a person
			name = strings.TrimSpace(pick(family) + " & " + pick(family) + " " + pick(trade) + " " + pick(legal))
		default: // short company name
			name = strings.TrimSpace(pick(place) + " " + pick(trade) + " " + pick(legal))
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// readClean returns the names of cleanNamesFile.
func readClean(t testing.TB) []string {
	t.Helper()
	fh, err := os.Open(cleanNamesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// benchMix is the query mix of the benchmarks: every evaluation query
// (matches and near misses) and the ordinary names of cleanNamesFile, about
// three ordinary names for every evaluation query, evenly interleaved
// (internal/app's BenchmarkScreeningAPI posts the same mix in the same order).
func benchMix(t testing.TB) []Query {
	t.Helper()
	var evalQs []Query
	for _, c := range readEval(t) {
		evalQs = append(evalQs, c.Query)
	}
	clean := readClean(t)
	var qs []Query
	for i, j := 0, 0; i < len(evalQs) || j < len(clean); {
		if i < len(evalQs) && (j >= len(clean) || i*len(clean) <= j*len(evalQs)) {
			qs = append(qs, evalQs[i])
			i++
		} else {
			qs = append(qs, Query{Name: clean[j]})
			j++
		}
	}
	return qs
}

// TestBench_CleanNamesMostlyClear reports how many ordinary names alert: the
// benchmark mix counts them as non-matches, which is only fair if few do.
func TestBench_CleanNamesMostlyClear(t *testing.T) {
	s := shippedScreener(t)
	names := readClean(t)
	if len(names) < 1000 {
		t.Fatalf("%d clean names", len(names))
	}
	step := 1
	if raceEnabled || testing.Short() {
		step = 25
	}
	alerts, n := 0, 0
	var ex []string
	for i := 0; i < len(names); i += step {
		r, err := s.Screen(t.Context(), Query{Name: names[i]})
		if err != nil {
			t.Fatalf("%q: %v", names[i], err)
		}
		n++
		if r.Decision == DecisionPotentialMatch {
			alerts++
			if len(ex) < 10 {
				ex = append(ex, fmt.Sprintf("%q → %s %q %.3f", names[i], r.Matches[0].List, r.Matches[0].MatchedName, r.Matches[0].Score))
			}
		}
	}
	t.Logf("%d of %d ordinary names alert at %.2f", alerts, n, s.Threshold())
	for _, e := range ex {
		t.Log(e)
	}
	if alerts*100 > n {
		t.Errorf("%d of %d ordinary names alert (> 1%%)", alerts, n)
	}
}
