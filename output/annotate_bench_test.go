package output

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// benchWorkbook is a large TA bill: 500 participant rows of 18 columns with
// styled amounts, a guest faculty sheet and an advance claim sheet.
func benchWorkbook(b *testing.B) ([]byte, *stpclaims.Report) {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Participants"))
	_, err := f.NewSheet("Guest Faculty")
	must(err)
	_, err = f.NewSheet("Advance claim")
	must(err)
	rupee := `#,##,##0.00`
	amount, err := f.NewStyle(&excelize.Style{CustomNumFmt: &rupee, Border: []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}})
	must(err)
	rep := &stpclaims.Report{File: "ta-bill.xlsx", Form: stpclaims.FormTABill, Status: stpclaims.StatusReturned, RateCard: "STP-2015"}
	for r := 1; r <= 500; r++ {
		row := []any{r, fmt.Sprintf("Participant %d", r), fmt.Sprintf("PEN%06d", r), "Section Officer", "II", "Collectorate, Thrissur",
			120 + r%50, "Train", 640, 700, 6, 60, 5, 0, 700, 875, 1635, fmt.Sprintf("%014d", r)}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		must(f.SetSheetRow("Participants", cell, &row))
		must(f.SetCellStyle("Participants", fmt.Sprintf("I%d", r), fmt.Sprintf("Q%d", r), amount))
		if r%12 == 0 {
			sev := []stpclaims.Severity{stpclaims.SeverityError, stpclaims.SeverityDeviation, stpclaims.SeverityInfo}[r%3]
			rep.Findings = append(rep.Findings, stpclaims.Finding{
				Rule: "TA-FARE", Clause: "IV.1, Annexure I.1", Severity: sev, Cell: fmt.Sprintf("Participants!J%d", r), Row: r, Field: "fare_claimed",
				Claimed: decimal.NewNullDecimal(decimal.NewFromInt(700)), Allowed: decimal.NewNullDecimal(decimal.NewFromInt(640)),
				Admissible: decimal.NewNullDecimal(decimal.NewFromInt(640)), Message: "The fare claimed is more than the eligible fare.",
			})
		}
	}
	for r := 1; r <= 20; r++ {
		row := []any{fmt.Sprintf("Faculty %d", r), "N", "Y", 2, 1, 5, "Bus", 1500, 100, 0, "1234567890", "SBIN0001234"}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		must(f.SetSheetRow("Guest Faculty", cell, &row))
	}
	for r := 1; r <= 40; r++ {
		must(f.SetCellStr("Advance claim", fmt.Sprintf("A%d", r), fmt.Sprintf("Line %d", r)))
		must(f.SetCellInt("Advance claim", fmt.Sprintf("D%d", r), int64(r*1000)))
	}
	rep.Findings = append(rep.Findings, stpclaims.Finding{Rule: "TA-BILL-TOTAL", Severity: stpclaims.SeverityError, Cell: "'Advance claim'!D40", Message: "Total is wrong."})
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes(), rep
}

// openRead opens the workbook and reads every cell of every sheet, as the
// reader does.
func openRead(b *testing.B, data []byte) *excelize.File {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range f.GetSheetList() {
		if _, err := f.GetRows(s, excelize.Options{RawCellValue: true}); err != nil {
			b.Fatal(err)
		}
	}
	return f
}

// BenchmarkAnnotate measures annotation against the bare cost of opening a
// workbook, reading every cell and saving it: "bare" is that cost, "full"
// adds Annotate, and "annotate" is Annotate alone.
func BenchmarkAnnotate(b *testing.B) {
	data, rep := benchWorkbook(b)
	b.Logf("workbook %d bytes, %d findings", len(data), len(rep.Findings))
	b.Run("bare", func(b *testing.B) {
		for b.Loop() {
			f := openRead(b, data)
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			f := openRead(b, data)
			if err := Annotate(f, rep); err != nil {
				b.Fatal(err)
			}
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.Run("annotate", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			f := openRead(b, data)
			b.StartTimer()
			if err := Annotate(f, rep); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			f.Close()
			b.StartTimer()
		}
	})
}
