package ebt

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"stpclaims"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sampleList is a final list of four payments (a leading-zero and an
// 18-digit account, a name with a comma, paise) and one withdrawn row.
func sampleList() *stpclaims.EBTList {
	row := func(serial int, name, account, ifsc, amount string) stpclaims.EBTRow {
		return stpclaims.EBTRow{Serial: serial, Kind: stpclaims.PayeeParticipant, Name: name, PEN: "PEN" + account[len(account)-3:],
			AccountNo: account, IFSC: ifsc, Bank: BankOf(ifsc), Amount: d(amount), Narration: "TA STP/REV/2027/014"}
	}
	l := &stpclaims.EBTList{ID: 12, ProgrammeCode: code, Seq: 1, Source: stpclaims.EBTFromBill, Rows: []stpclaims.EBTRow{
		row(1, "Anil Kumar K", "0012345678901", "SBIN0070123", "1500"),
		row(2, "Meera, Dr.", "123456789012345678", "FDRL0001234", "2250.50"),
		row(3, "Withdrawn", "555555555", "SBIN0070123", "900"),
		row(4, "Sreekumari Amma Parameswaran Pillai Lakshmi", "000000009", "CNRB0001111", "605"),
	}}
	l.Rows[2].Withdrawn = true
	return l
}

// The three layouts of the proof, as a Finance Division would write them in
// the config.
const layoutsTOML = `
[comma]
extension = "csv"
delimiter = ","
header = true
columns = ["serial", "name", "account_no", "ifsc", "amount", "narration"]
date_format = "DD/MM/YYYY"
amount = "0.00"
line_ending = "crlf"

[pipe]
extension = "txt"
delimiter = "|"
header = false
columns = ["account_no", "ifsc", "name", "amount", "date", "narration"]
date_format = "DD-MM-YYYY"
amount = "0.00"
line_ending = "lf"

[fixed]
extension = "txt"
fixed_width = true
header = false
columns = ["serial", "account_no", "ifsc", "name", "amount", "narration", "date"]
widths = [5, 18, 11, 30, 13, 20, 8]
trailer = ["T", "{count}", "{total}", "{check}"]
trailer_widths = [1, 5, 13, 14]
date_format = "YYYYMMDD"
amount = "paise"
line_ending = "crlf"
check_digits = 11
`

func TestLayout_Write(t *testing.T) {
	var layouts map[string]Layout
	if _, err := toml.Decode(layoutsTOML, &layouts); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2027, 2, 9, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"comma", "pipe", "fixed"} {
		t.Run(name, func(t *testing.T) {
			l := layouts[name]
			if err := l.Validate(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := l.Write(&buf, sampleList(), day); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "upload-"+name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("upload file differs from %s:\n%q\nwant\n%q", golden, buf.String(), want)
			}
			if strings.Contains(buf.String(), "Withdrawn") {
				t.Error("a withdrawn row was written")
			}
		})
	}
}

func TestLayout_default(t *testing.T) {
	l := DefaultLayout()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.Write(&buf, sampleList(), time.Now()); err != nil {
		t.Fatal(err)
	}
	want := "Sl No,Beneficiary Name,Account Number,IFSC,Amount,Narration\r\n" +
		"1,Anil Kumar K,0012345678901,SBIN0070123,1500.00,TA STP/REV/2027/014\r\n" +
		"2,\"Meera, Dr.\",123456789012345678,FDRL0001234,2250.50,TA STP/REV/2027/014\r\n"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("default layout:\n%s", buf.String())
	}
}

func TestLayout_refused(t *testing.T) {
	day := time.Date(2027, 2, 9, 0, 0, 0, 0, time.UTC)
	narrow := DefaultLayout()
	narrow.FixedWidth, narrow.Widths = true, []int{3, 50, 14, 11, 10, 20} // account column of 14
	if err := narrow.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := narrow.Write(new(bytes.Buffer), sampleList(), day); !errors.Is(err, ErrUpload) || !strings.Contains(err.Error(), "account_no \"123456789012345678\" is longer than its width of 14") {
		t.Errorf("an account number wider than its column: %v", err)
	}
	whole := DefaultLayout()
	whole.Amount = "0"
	if err := whole.Write(new(bytes.Buffer), sampleList(), day); !errors.Is(err, ErrUpload) {
		t.Errorf("paise in a layout of whole rupees: %v", err)
	}
}

func TestLayout_Validate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Layout)
		key  string // "" when valid
	}{
		{"default", func(*Layout) {}, ""},
		{"unknown column", func(l *Layout) { l.Columns = append(l.Columns, "branch") }, "columns"},
		{"no account column", func(l *Layout) { l.Columns = []string{"name", "amount"} }, "columns"},
		{"titles miscounted", func(l *Layout) { l.Titles = []string{"A"} }, "titles"},
		{"two-character delimiter", func(l *Layout) { l.Delimiter = "||" }, "delimiter"},
		{"quote as delimiter", func(l *Layout) { l.Delimiter = `"` }, "delimiter"},
		{"tab delimiter", func(l *Layout) { l.Delimiter = "\t" }, ""},
		{"fixed width without widths", func(l *Layout) { l.FixedWidth = true }, "widths"},
		{"unknown trailer field", func(l *Layout) { l.Trailer = []string{"{sum}"} }, "trailer"},
		{"fixed trailer without widths", func(l *Layout) {
			l.FixedWidth, l.Widths, l.Trailer = true, []int{1, 2, 3, 4, 5, 6}, []string{"{count}"}
		}, "trailer_widths"},
		{"date without year", func(l *Layout) { l.DateFormat = "DD/MM" }, "date_format"},
		{"amount format", func(l *Layout) { l.Amount = "0,00" }, "amount"},
		{"line ending", func(l *Layout) { l.LineEnding = "cr" }, "line_ending"},
		{"extension with dot", func(l *Layout) { l.Extension = ".csv" }, "extension"},
		{"check digits", func(l *Layout) { l.CheckDigits = 19 }, "check_digits"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := DefaultLayout()
			tc.edit(&l)
			err := l.Validate()
			var le *LayoutError
			switch {
			case tc.key == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.key != "" && (!errors.As(err, &le) || le.Key != tc.key):
				t.Errorf("error %v, want one naming %s", err, tc.key)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	day := time.Date(2027, 2, 9, 0, 0, 0, 0, time.UTC)
	for format, want := range map[string]string{"DD/MM/YYYY": "09/02/2027", "YYYYMMDD": "20270209", "DD-MM-YY": "09-02-27", "MM.DD.YYYY": "02.09.2027"} {
		if got := FormatDate(format, day); got != want {
			t.Errorf("FormatDate(%q) = %q, want %q", format, got, want)
		}
	}
}

func TestCheckTotal(t *testing.T) {
	rows := sampleList().Rows
	// 0012345678901 → 12345678901 (13 digits, last 11: 12345678901);
	// 123456789012345678 → last 11: 89012345678; withdrawn left out;
	// 000000009 → 9.
	want := d("12345678901").Add(d("89012345678")).Add(d("9"))
	if got := CheckTotal(rows, 11); !got.Equal(want) {
		t.Errorf("CheckTotal = %s, want %s", got, want)
	}
	if got := CheckTotal(rows, 4); !got.Equal(d("8901").Add(d("5678")).Add(d("9"))) {
		t.Errorf("CheckTotal(4) = %s", got)
	}
	if got := CheckTotal(nil, 0); !got.IsZero() {
		t.Errorf("no rows: %s", got)
	}
}

func TestBankOf(t *testing.T) {
	for ifsc, want := range map[string]string{"SBIN0070123": "State Bank of India", " fdrl0001234 ": "Federal Bank", "KLGB0040001": "Kerala Gramin Bank",
		"ZZZZ0000001": "", "SB": "", "SBTR0000123": "State Bank of Travancore (merged into SBI: old IFSC)"} {
		if got := BankOf(ifsc); got != want {
			t.Errorf("BankOf(%q) = %q, want %q", ifsc, got, want)
		}
	}
	if _, err := parseBanks(banksText); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"SBI State", "sbin State", "SBIN", "SBIN A\nSBIN B"} {
		if _, err := parseBanks(bad); err == nil {
			t.Errorf("parseBanks(%q) took it", bad)
		}
	}
}
