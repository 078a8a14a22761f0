package read

import (
	"context"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/ingest/read/internal/tagen"
)

// TestParseMoney_Spellings reads amounts as Kerala offices write them, one
// case per spelling; estimates and words alone do not read.
func TestParseMoney_Spellings(t *testing.T) {
	tests := []struct {
		raw, want string // want "" for unreadable
	}{
		{"6000/=", "6000"},
		{"Rs.2,000/=", "2000"},
		{"Rs. 2,000=/-", "2000"},
		{"6000/=00", "6000"},
		{"22,500=00", "22500"},
		{"Rs:1500", "1500"},
		{"Rs: 1,500/-", "1500"},
		{"INR 1500", "1500"},
		{"INR.1,500", "1500"},
		{"INR1500", "1500"},
		{"Rs.1.5 lakh", "150000"},
		{"1.5 lakhs", "150000"},
		{"Rs. 1.25 lakh/-", "125000"},
		{"2 lacs", "200000"},
		{"1 crore", "10000000"},
		{"രൂപ 32,400/=", "32400"},
		{"32,400 രൂപ", "32400"},
		{"32,400 രൂപ മാത്രം", "32400"},
		{"൩൨,൪൦൦", "32400"},
		{"രൂ. ൧൫൦൦", "1500"},
		{"22,500 (Rupees Twenty Two Thousand Five Hundred only)", "22500"},
		{"Rs. 22,500/- Rupees twenty two thousand five hundred only", "22500"},
		{"1,50,000 (Rupees One Lakh Fifty Thousand only)", "150000"},
		{"Twenty two thousand five hundred (22,500)", "22500"},
		{"twenty thousand", ""},
		{"about 5000", ""},
		{"5000 approx.", ""},
		{"5000 (approx)", ""},
		{"ഏകദേശം 5000", ""},
		{"6000 (750 x 8)", ""},
		{"1.5 lakh rupees", "150000"},
		{"ഇല്ല", "0"},
		{"ബാധകമല്ല", "0"},
		{"lakh", ""},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseMoney(tt.raw)
			if tt.want == "" {
				if ok {
					t.Errorf("parseMoney(%q) = %s, want unreadable", tt.raw, got)
				}
				return
			}
			if !ok || got.String() != tt.want {
				t.Errorf("parseMoney(%q) = %s, %v, want %s", tt.raw, got, ok, tt.want)
			}
		})
	}
}

// TestReadMoney_Words checks the amount in words beside a figure: the
// figure is read, the words are kept for comparison.
func TestReadMoney_Words(t *testing.T) {
	tests := []struct {
		raw      string
		words    string
		read     bool
		value    int64
		agrees   bool
		figure   string
		figureOK bool
	}{
		{"22,500 (Rupees Twenty Two Thousand Five Hundred only)", "rupees twenty two thousand five hundred only", true, 22500, true, "22500", true},
		{"22,500 (Rupees Twenty Thousand only)", "rupees twenty thousand only", true, 20000, false, "22500", true},
		{"Rs. 6,000/- Rupees Six Thousand only", "rupees six thousand only", true, 6000, true, "6000", true},
		{"6000", "", false, 0, true, "6000", true},
		{"6000 (Rs.)", "", false, 0, true, "6000", true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			d, ok, w := readMoney(tt.raw)
			if ok != tt.figureOK || d.String() != tt.figure {
				t.Errorf("figure = %s, %v; want %s", d, ok, tt.figure)
			}
			if w.Text != tt.words || w.Read != tt.read || w.Value != tt.value || w.agrees(d) != tt.agrees {
				t.Errorf("words = %+v (agrees %v); want %q read %v value %d agrees %v", w, w.agrees(d), tt.words, tt.read, tt.value, tt.agrees)
			}
		})
	}
}

// TestParseCount_Spellings reads counts and training days in figures and
// words, English and Malayalam; ranges and estimates do not read.
func TestParseCount_Spellings(t *testing.T) {
	tests := []struct {
		raw  string
		want int
		ok   bool
	}{
		{"thirty participants", 30, true},
		{"Thirty", 30, true},
		{"Five days", 5, true},
		{"(Five days)", 5, true},
		{"twenty-five", 25, true},
		{"twenty five nos", 25, true},
		{"one hundred", 100, true},
		{"a hundred", 100, true},
		{"Thirty (30)", 30, true},
		{"30 (thirty)", 30, true},
		{"൩൦", 30, true},
		{"30 പേർ", 30, true},
		{"മുപ്പത്", 30, true},
		{"മുപ്പത് പേർ", 30, true},
		{"അഞ്ച് ദിവസം", 5, true},
		{"ഇരുപത്തിയഞ്ച്", 25, true},
		{"ഇരുപത്തഞ്ച്", 25, true},
		{"ഇരുപത്തി അഞ്ച്", 25, true},
		{"ഇരുപത്തിരണ്ട്", 22, true},
		{"നാല്പത്തിയെട്ട്", 48, true},
		{"തൊണ്ണൂറ്റൊമ്പത്", 99, true},
		{"നൂറ്", 100, true},
		{"ഒന്നു", 1, true},
		{"30-35", 0, false},
		{"30 to 35", 0, false},
		{"about 30", 0, false},
		{"approx. 30", 0, false},
		{"30 approx", 0, false},
		{"30+", 0, false},
		{"upto 30", 0, false},
		{"max 30", 0, false},
		{"30 or 35", 0, false},
		{"thirty or forty", 0, false},
		{"ഏകദേശം 30", 0, false},
		{"five five", 0, false},
		{"some", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseCount(tt.raw)
			if ok != tt.ok || got != tt.want {
				t.Errorf("parseCount(%q) = %d, %v, want %d, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestWordsNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"zero", 0, true},
		{"nineteen", 19, true},
		{"ninety nine", 99, true},
		{"two hundred and five", 205, true},
		{"twenty two thousand five hundred", 22500, true},
		{"one lakh fifty thousand", 150000, true},
		{"rupees two lakh twenty five thousand only", 225000, true},
		{"one crore", 10000000, true},
		{"a thousand", 1000, true},
		{"twenty thirty", 0, false},
		{"five hundred hundred", 0, false},
		{"thousand lakh", 0, false},
		{"two thousand one lakh", 0, false},
		{"and", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := wordsNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("wordsNumber(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// every number up to a hundred has a Malayalam spelling
	seen := map[int64]bool{}
	for _, v := range malayalamNumbers {
		seen[v] = true
	}
	for n := int64(0); n <= 100; n++ {
		if !seen[n] {
			t.Errorf("%d has no Malayalam spelling", n)
		}
	}
}

func TestParseDateText_Spellings(t *testing.T) {
	jan12 := time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		raw string
		ok  bool
	}{
		{"12.01.2027 10:30", true},
		{"12/01/2027 09:30 AM", true},
		{"12/01/2027 9.30 a.m.", true},
		{"12-01-2027 00:00:00", true},
		{"2027-01-12T00:00:00", true},
		{"2027-01-12T09:30:00+05:30", true},
		{"12 ജനുവരി 2027", true},
		{"ജനുവരി 12, 2027", true},
		{"൧൨.൦൧.൨൦൨൭", true},
		{"12.01.2027 (Tuesday)", false},
		{"12.01.2027 10", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseDateText(tt.raw)
			if ok != tt.ok || ok && !got.Equal(jan12) {
				t.Errorf("parseDateText(%q) = %v, %v, want %v", tt.raw, got, ok, tt.ok)
			}
		})
	}
}

func TestReadDuration(t *testing.T) {
	d := func(day, month, year int) time.Time {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	var none time.Time
	tests := []struct {
		raw        string
		start, end time.Time
		days       int
	}{
		{"12.01.2027 to 16.01.2027 (5 days)", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"From 12/01/2027 to 16/01/2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12-01-2027 - 16-01-2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12-01-2027-16-01-2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12 Jan 2027 – 16 Jan 2027, 5 days", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"From 12.01.2027 to 16.01.2027 (Training days) 5", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"12/01/2027 - 16/01/2027, 5 training days", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"12-16 January 2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12 - 16 January, 2027 (Five days)", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"12th to 16th January 2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12 to 16.01.2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12-16.01.2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12 to 16/01/2027 (five days)", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"January 12-16, 2027", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"30 January to 3 February 2027", d(30, 1, 2027), d(3, 2, 2027), 0},
		{"30.12 to 03.01.2027", d(30, 12, 2026), d(3, 1, 2027), 0},
		{"12.01.2027 മുതൽ 16.01.2027 വരെ (5 ദിവസം)", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"12.01.2027 മുതല്‍ 16.01.2027 വരെ (അഞ്ച് ദിവസം)", d(12, 1, 2027), d(16, 1, 2027), 5},
		{"൧൨.൦൧.൨൦൨൭ മുതൽ ൧൬.൦൧.൨൦൨൭ വരെ", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"12 മുതൽ 16 ജനുവരി 2027 വരെ", d(12, 1, 2027), d(16, 1, 2027), 0},
		{"(Five days)", none, none, 5},
		{"5 പരിശീലന ദിവസങ്ങൾ", none, none, 5},
		{"12.01.2027", d(12, 1, 2027), none, 0},
		{"20-16 January 2027", none, none, 0},
		{"31.02.2027 to 04.03.2027 (5 days)", none, none, 5},
		{"next week", none, none, 0},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := readDuration(tt.raw)
			if got.hasStart != !tt.start.IsZero() || !got.start.Equal(tt.start) || got.hasEnd != !tt.end.IsZero() ||
				!got.end.Equal(tt.end) || got.hasDays != (tt.days > 0) || got.days != tt.days {
				t.Errorf("readDuration(%q) = %v %v, %v %v, %d %v; want %v, %v, %d", tt.raw, got.start, got.hasStart, got.end, got.hasEnd,
					got.days, got.hasDays, tt.start, tt.end, tt.days)
			}
		})
	}
}

func TestParseYesNo_Malayalam(t *testing.T) {
	for raw, want := range map[string]bool{"ഉണ്ട്": true, "അതെ": true, "ഇല്ല": false, "അല്ല": false} {
		got, ok := parseYesNo(raw)
		if !ok || got != want {
			t.Errorf("parseYesNo(%q) = %v, %v, want %v", raw, got, ok, want)
		}
	}
}

// TestOpen_DateTimeCells reads From and To written as date-and-time cells,
// in a TA bill's header block and on an Annexure II: the date, not the
// serial number ("start date could not be read: 46426").
func TestOpen_DateTimeCells(t *testing.T) {
	from, to := time.Date(2027, 2, 8, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 12, 9, 30, 0, 0, time.UTC)
	for _, format := range []string{"dd/mm/yyyy hh:mm", "dd.mm.yyyy hh:mm:ss", "[$-409]dd/mm/yyyy h:mm AM/PM", "yyyy-mm-dd\\Thh:mm:ss"} {
		t.Run(format, func(t *testing.T) {
			withTime := func(f *excelize.File, sheet string, cells ...string) {
				st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cells {
					if err := f.SetCellStyle(sheet, c, c, st); err != nil {
						t.Fatal(err)
					}
				}
			}
			t.Run("TA bill", func(t *testing.T) {
				block := [][]any{{"Training Programme Code", "STP/1"}, {"From", from, "To", to}}
				f, err := tagen.Workbook(tagen.ParticipantsTable(block, tagen.StandardColumns(), samples(2)))
				if err != nil {
					t.Fatal(err)
				}
				withTime(f, "Participants", "B2", "D2")
				bill, err := readTABill(context.Background(), reopen(t, f), nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !bill.StartDate.Ok() || !bill.StartDate.Value.Equal(from) || !bill.EndDate.Ok() || !bill.EndDate.Value.Equal(time.Date(2027, 2, 12, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("dates read as %+v and %+v", bill.StartDate, bill.EndDate)
				}
			})
			t.Run("Annexure II", func(t *testing.T) {
				f := excelize.NewFile()
				defer f.Close()
				for cell, v := range map[string]any{"A1": "Training Programme Code", "B1": "STP/1", "A2": "From", "B2": from,
					"A3": "To", "B3": to, "A4": "No. of participants", "B4": 30, "A5": "Advance Claimed", "B5": 1000} {
					f.SetCellValue("Sheet1", cell, v)
				}
				withTime(f, "Sheet1", "B2", "B3")
				a := openBook(t, f).Forms[0].AnnexureII
				if !a.StartDate.Ok() || !a.StartDate.Value.Equal(from) || !a.EndDate.Ok() || a.EndDate.Value.Day() != 12 {
					t.Errorf("dates read as %+v and %+v", a.StartDate, a.EndDate)
				}
			})
		})
	}
}
