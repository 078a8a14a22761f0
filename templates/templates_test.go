package templates

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/validate"
)

func TestBuild_BlankFormsReadAsEmpty(t *testing.T) {
	card := validate.Builtin()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			data, err := Build(k, card)
			if err != nil {
				t.Fatal(err)
			}
			form := readForm(t, data)
			if form.Kind != k {
				t.Fatalf("read as %q, want %q", form.Kind, k)
			}
			// nothing of the Rates, Instructions or Limit cells is read as
			// a value: every field is missing, and money lines 9–20 are
			// nil at their Amount cells
			for _, fv := range form.FieldValues() {
				if a := form.AnnexureII; a != nil {
					if m := moneyLine(a, fv.Name); m != nil && m.Line != 21 && m.Amount.Value.IsZero() &&
						strings.HasPrefix(m.Amount.Cell, annexureSheet+"!"+aiiValueCol) {
						continue
					}
				}
				if form.Settlement != nil && strings.HasPrefix(fv.Name, "actual_") {
					continue // checked below
				}
				t.Errorf("blank %s reads %s = %q at %s", k, fv.Name, fv.Value, fv.Cell)
			}
			switch {
			case form.TABill != nil:
				if n := len(form.TABill.Participants) + len(form.TABill.Faculty); n != 0 {
					t.Errorf("blank TA bill reads %d rows", n)
				}
			case form.Settlement != nil:
				for _, e := range form.Settlement.Expenditure {
					if e.Actual.State == stpclaims.Unreadable || (e.Actual.Ok() && !e.Actual.Value.IsZero()) {
						t.Errorf("blank settlement reads %s = %q", e.Field, e.Actual.Raw)
					}
				}
				if len(form.Settlement.Expenditure) != len(stComponents) {
					t.Errorf("%d components, want %d", len(form.Settlement.Expenditure), len(stComponents))
				}
			}
		})
	}
}

func moneyLine(a *stpclaims.AnnexureII, field string) *stpclaims.MoneyLine {
	for _, m := range a.MoneyLines() {
		if m.Field == field {
			return &m
		}
	}
	return nil
}

func TestAnnexureII_Layout(t *testing.T) {
	card := validate.Builtin()
	data, err := AnnexureII(card)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{annexureSheet, instructionsSheet, ratesSheet}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if visible, _ := f.GetSheetVisible(ratesSheet); visible {
		t.Error("Rates sheet is visible")
	}
	// lines 1–23 in the order's order and wording
	wantLabels := map[int]string{
		1: "Training Programme Code", 2: "Name of training Programme", 3: "Duration", 4: "No.of participants",
		5: "Number of Guest Faculty", 6: "Number of sessions allotted to Guest Faculty",
		7: "Class of Officers attending the training", 8: "Type of training programme",
		9: "Remuneration to Guest Faculty", 10: "TA/DA to Guest Faculty", 11: "Co-ordination fee", 12: "Stationery",
		13: "Photocopy charges (Course materials", 14: "Food & Refreshments", 15: "Hiring charges for venue and training equipments",
		16: "Miscellaneous", 17: "Total (Sl.No.9 to 16)", 18: "TA advance for participants Rs. 16000", 19: "DA advance",
		20: "Other expenses", 21: "Advance Claimed (Round to the nearest 100)",
		22: "Name, Designation and address of the Co-ordinator with Phone No. & E-mail.id", 23: "Account No. of Co-ordinator",
	}
	rows, _ := f.GetRows(annexureSheet)
	seen := 0
	for _, row := range rows {
		if len(row) < 2 || row[0] == "" {
			continue
		}
		var n int
		if _, err := fmtSscan(row[0], &n); err != nil {
			continue
		}
		seen++
		if n != seen {
			t.Errorf("line %d comes after line %d", n, seen-1)
		}
		if !strings.HasPrefix(row[1], wantLabels[n]) {
			t.Errorf("line %d = %q, want %q…", n, row[1], wantLabels[n])
		}
	}
	if seen != 23 {
		t.Errorf("%d numbered lines, want 23", seen)
	}
	// the Limit of line 14 is the food formula with the card's figures
	lay := layoutAnnexure(annexureRows(card))
	fm, _ := f.GetCellFormula(annexureSheet, lay.limit["food"])
	for _, part := range []string{"ROUND(", lay.value["training_days"], lay.value["accommodated"], "Rates!$A$"} {
		if !strings.Contains(fm, part) {
			t.Errorf("food limit %q lacks %q", fm, part)
		}
	}
	// the Rates sheet holds the card's figures
	rates, _ := f.GetRows(ratesSheet)
	found := map[string]string{}
	for _, r := range rates {
		if len(r) >= 2 {
			found[r[1]] = r[0]
		}
	}
	for key, want := range map[string]string{"rate.food_residential": "216", "rate.gf_remuneration": "750", "rate.advance_share_max": "0.75", "rate.batch_size": "30"} {
		if found[key] != want {
			t.Errorf("Rates %s = %q, want %q", key, found[key], want)
		}
	}
	// every value cell is unlocked and every other cell of the form locked
	for field, cell := range lay.value {
		if locked(t, f, annexureSheet, cell) {
			t.Errorf("%s (%s) is locked", field, cell)
		}
	}
	for _, cell := range []string{"A21", "B21", "C21", "A4", "E4", lay.limit["food"]} {
		if !locked(t, f, annexureSheet, cell) {
			t.Errorf("%s is not locked", cell)
		}
	}
}

func fmtSscan(s string, n *int) (int, error) {
	v, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil || !v.IsInteger() {
		return 0, errors.New("not a whole number")
	}
	*n = int(v.IntPart())
	return 1, nil
}

func locked(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Protection == nil || st.Protection.Locked
}

func TestBuild_RatesFollowTheCard(t *testing.T) {
	card := *validate.Builtin()
	card.Name = "STP-2030"
	card.FoodResidential = decimal.NewFromInt(300)
	card.DARates = map[string]decimal.Decimal{"II": decimal.NewFromInt(900)}
	data, err := AnnexureII(&card)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(ratesSheet)
	found := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			found[r[1]] = r[0]
		}
	}
	if found["rate.food_residential"] != "300" || found["rate.full_da.II"] != "900" || found["rate.full_da.I"] != "" {
		t.Errorf("Rates = %v", found)
	}
	lay := layoutAnnexure(annexureRows(&card))
	label, _ := f.GetCellValue(annexureSheet, aiiLabelCol+strings.TrimPrefix(lay.value["food"], aiiValueCol))
	if !strings.Contains(label, "Rs. 300/-") {
		t.Errorf("food label %q does not carry the card's rate", label)
	}
	if title, _ := f.GetCellValue(annexureSheet, "A3"); !strings.Contains(title, "STP-2030") {
		t.Errorf("the form does not name the card: %q", title)
	}
}

func TestBuild_Errors(t *testing.T) {
	if _, err := Build(stpclaims.FormTABill, nil); !errors.Is(err, ErrNoCard) {
		t.Errorf("no card: %v", err)
	}
	if _, err := Build(stpclaims.FormUnknown, validate.Builtin()); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestAll_Attachments(t *testing.T) {
	atts, err := All(validate.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range atts {
		names = append(names, a.Name)
		if a.ContentType != stpclaims.ContentTypeXLSX || len(a.Data) == 0 {
			t.Errorf("%s: %q, %d bytes", a.Name, a.ContentType, len(a.Data))
		}
		if form := readForm(t, a.Data); string(form.Kind)+"-template.xlsx" != a.Name {
			t.Errorf("%s reads as %s", a.Name, form.Kind)
		}
	}
	if want := []string{"annexure2-template.xlsx", "ta-bill-template.xlsx", "settlement-template.xlsx"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox", "templates")
	paths, err := WriteAll(dir, validate.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(paths) != 3 || len(entries) != 3 {
		t.Fatalf("paths %v, dir holds %d files (no temporary left behind)", paths, len(entries))
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	// again, over the existing files
	if _, err := WriteAll(dir, validate.Builtin()); err != nil {
		t.Errorf("second WriteAll: %v", err)
	}
	blocker := filepath.Join(t.TempDir(), "file")
	_ = os.WriteFile(blocker, nil, 0o644)
	if _, err := WriteAll(filepath.Join(blocker, "templates"), validate.Builtin()); err == nil {
		t.Error("WriteAll under a file: no error")
	}
}

// Excel refuses (and offers to repair) a workbook whose validation titles
// or messages are longer than it allows.
func TestBuild_ValidationTextsFitExcel(t *testing.T) {
	card := validate.Builtin()
	for _, k := range Kinds {
		data, err := Build(k, card)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			dvs, _ := f.GetDataValidations(sh)
			for _, dv := range dvs {
				for _, x := range []struct {
					what string
					s    *string
					max  int
				}{{"input title", dv.PromptTitle, 32}, {"input message", dv.Prompt, 255}, {"error title", dv.ErrorTitle, 32}, {"error message", dv.Error, 225}} {
					if x.s != nil && utf16Len(*x.s) > x.max {
						t.Errorf("%s %s!%s: %s of %d characters (at most %d): %q", k, sh, dv.Sqref, x.what, utf16Len(*x.s), x.max, *x.s)
					}
				}
				if dv.Type == "list" && len(dv.Formula1) > 257 {
					t.Errorf("%s %s!%s: list of %d characters", k, sh, dv.Sqref, len(dv.Formula1))
				}
			}
		}
		f.Close()
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

func TestBuild_DropdownsOffer(t *testing.T) {
	card := validate.Builtin()
	want := map[stpclaims.FormKind][][]string{
		stpclaims.FormAnnexureII: {yesNo, officerClasses, programmeTypes},
		stpclaims.FormTABill:     {classesOfficers, modesOfTravel, yesNo},
		stpclaims.FormSettlement: {yesNo},
	}
	for kind, lists := range want {
		data, err := Build(kind, card)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, sh := range f.GetSheetList() {
			dvs, _ := f.GetDataValidations(sh)
			for _, dv := range dvs {
				if dv.Type == "list" {
					got = append(got, strings.Split(strings.Trim(dv.Formula1, `"`), ","))
				}
			}
		}
		f.Close()
		for _, w := range lists {
			if !slices.ContainsFunc(got, func(g []string) bool { return slices.Equal(g, w) }) {
				t.Errorf("%s: no dropdown offering %q (has %q)", kind, w, got)
			}
		}
	}
	// every class combination offered reads as classes of officers
	for _, c := range officerClasses {
		a := &stpclaims.AnnexureII{OfficerClass: stpclaims.Text{Value: c, Raw: c, State: stpclaims.Present}}
		for _, f := range validate.AnnexureII(a, card, time.Time{}).Findings {
			if f.Rule == "AII-CLASS" {
				t.Errorf("dropdown offers %q, which validate refuses: %s", c, f.Message)
			}
		}
	}
}
