package read

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read/internal/tagen"
)

// labelStyles are the ways a bilingual form writes a label: English alone,
// Malayalam alone, and both in either order.
var labelStyles = []string{"en", "ml", "ml / en", "en / ml"}

// styled writes the label of key (section of labels.toml) in style, from
// the field's first spelling in each language; en is the English label as
// the form would write it.
func styled(t testing.TB, section, key, en, style string) string {
	t.Helper()
	lf, err := parseLabelFile(labelsTOML)
	if err != nil {
		t.Fatal(err)
	}
	sp := lf.sections[section][key]
	if len(sp.Ml) == 0 {
		t.Fatalf("[%s.%s] has no Malayalam spelling", section, key)
	}
	ml := strings.TrimPrefix(sp.Ml[0], "=")
	switch style {
	case "ml":
		return ml
	case "ml / en":
		return ml + " / " + en
	case "en / ml":
		return en + " (" + ml + ")"
	}
	return en
}

// restyle rewrites every cell of rows that is a label of v in style.
func restyle(t testing.TB, rows [][]any, v *vocab, style string) {
	t.Helper()
	for _, row := range rows {
		for j, c := range row {
			s, ok := c.(string)
			if !ok || s == "" {
				continue
			}
			if key, whole := v.find(cleanLabel(s)); key != "" && whole {
				row[j] = styled(t, v.section, key, s, style)
			}
		}
	}
}

// annexureSample is one Annexure II, field by field: the English label, the
// value as typed, and the value as read.
var annexureSample = []struct{ field, label, value, want string }{
	{"department", "Department", "Local Self Government", "Local Self Government"},
	{"venue", "Place & Venue", "Town Hall, Kottayam", "Town Hall, Kottayam"},
	{"programme_code", "Training Programme Code", "STP/LSGD/2027/001", "STP/LSGD/2027/001"},
	{"programme_name", "Name of training Programme", "Panchayat Accounts", "Panchayat Accounts"},
	{"start_date", "From", "12.01.2027", "2027-01-12"},
	{"end_date", "To", "16.01.2027", "2027-01-16"},
	{"training_days", "Training days", "5", "5"},
	{"participants", "No. of participants", "30", "30"},
	{"accommodated", "Participants availing accommodation", "20", "20"},
	{"guest_faculty", "Number of Guest Faculty", "4", "4"},
	{"outstation_guest_faculty", "Outstation non-government guest faculty", "1", "1"},
	{"guest_sessions", "Number of sessions allotted to Guest Faculty", "8", "8"},
	{"officer_class", "Class of Officers attending the training", "II", "II"},
	{"programme_type", "Type of training programme", "District", "District"},
	{"venue_govt_owned", "Venue Govt-owned", "no", "no"},
	{"gf_remuneration", "Remuneration to Guest Faculty", "6000", "6000"},
	{"gf_ta", "TA/DA to Guest Faculty", "2000", "2000"},
	{"coordination_fee", "Co-ordination fee", "1500", "1500"},
	{"stationery", "Stationery", "3100", "3100"},
	{"photocopy", "Photocopy charges", "3750", "3750"},
	{"food", "Food & Refreshments", "30000", "30000"},
	{"venue_hire", "Hiring charges for venue and training equipments", "0", "0"},
	{"miscellaneous", "Miscellaneous", "2750", "2750"},
	{"subtotal", "Total (Sl.No.9 to 16)", "49100", "49100"},
	{"ta_advance", "TA advance for participants", "16000", "16000"},
	{"da_advance", "DA advance", "5000", "5000"},
	{"other_expenses", "Other expenses", "0", "0"},
	{"advance_claimed", "Advance Claimed", "52500", "52500"},
	{"coordinator", "Name of the Co-ordinator", "Smt. Anitha K", "Smt. Anitha K"},
	{"coordinator_designation", "Designation", "Deputy Director", "Deputy Director"},
	{"coordinator_phone", "Phone", "9447012345", "9447012345"},
	{"coordinator_email", "E-mail", "anitha.k@kerala.gov.in", "anitha.k@kerala.gov.in"},
	{"account_no", "Account No.", "67012345678", "67012345678"},
	{"ifsc", "IFSC", "SBIN0070123", "SBIN0070123"},
	{"facilitator", "Facilitator", "Suresh P", "Suresh P"},
	{"facilitator_email", "Facilitator e-mail", "suresh.p@img.kerala.gov.in", "suresh.p@img.kerala.gov.in"},
}

// TestOpen_AnnexureIIEveryLabel reads an Annexure II whose every label is
// written in English, in Malayalam, and in both in either order: every
// field reads, from its own cell.
func TestOpen_AnnexureIIEveryLabel(t *testing.T) {
	for _, style := range labelStyles {
		t.Run(style, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			for i, x := range annexureSample {
				label := styled(t, "annexure2", x.field, x.label, style)
				f.SetCellStr("Sheet1", fmt.Sprintf("A%d", i+1), label)
				f.SetCellStr("Sheet1", fmt.Sprintf("B%d", i+1), x.value)
			}
			wb := openBook(t, f)
			if wb.Forms[0].Kind != stpclaims.FormAnnexureII {
				t.Fatalf("read as %q", wb.Forms[0].Kind)
			}
			got := map[string]check{}
			for _, fv := range wb.Forms[0].AnnexureII.FieldValues() {
				got[fv.Name] = check{fv.Value, fv.Cell}
			}
			for i, x := range annexureSample {
				want := check{x.want, fmt.Sprintf("Sheet1!B%d", i+1)}
				if got[x.field] != want {
					t.Errorf("%s (label %q) = %q at %q, want %q at %q", x.field, styled(t, "annexure2", x.field, x.label, style),
						got[x.field].value, got[x.field].cell, want.value, want.cell)
				}
			}
		})
	}
}

// TestOpen_MalayalamFirst is the form: Malayalam first, English
// after a slash, on a proforma with a hint column.
func TestOpen_MalayalamFirst(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]string{
		{"1", "പരിശീലന പരിപാടിയുടെ കോഡ് / Training Programme Code", "", "STP/REV/2027/014"},
		{"2", "പരിശീലന പരിപാടിയുടെ പേര് / Name of training Programme", "", "Revenue Recovery"},
		{"3", "കാലാവധി / Duration", "From.....to.....(Training days)", "12.01.2027 മുതൽ 16.01.2027 വരെ (5 ദിവസം)"},
		{"4", "പങ്കെടുക്കുന്നവരുടെ എണ്ണം / No. of participants", "", "൩൦"},
		{"14", "ഭക്ഷണവും ലഘുഭക്ഷണവും / Food & Refreshments", "", "രൂപ 32,400/="},
		{"21", "ആവശ്യപ്പെടുന്ന അഡ്വാൻസ് / Advance Claimed", "Maximum 75%", "Rs:52,900"},
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellStr("Sheet1", cell, v)
		}
	}
	a := openBook(t, f).Forms[0].AnnexureII
	if a == nil {
		t.Fatal("not read as an Annexure II")
	}
	got := map[string]check{}
	for _, fv := range a.FieldValues() {
		got[fv.Name] = check{fv.Value, fv.Cell}
	}
	for name, want := range map[string]check{
		"programme_code":  {"STP/REV/2027/014", "Sheet1!D1"},
		"programme_name":  {"Revenue Recovery", "Sheet1!D2"},
		"start_date":      {"2027-01-12", "Sheet1!D3"},
		"end_date":        {"2027-01-16", "Sheet1!D3"},
		"training_days":   {"5", "Sheet1!D3"},
		"participants":    {"30", "Sheet1!D4"},
		"food":            {"32400", "Sheet1!D5"},
		"advance_claimed": {"52900", "Sheet1!D6"},
	} {
		if got[name] != want {
			t.Errorf("%s = %q at %q, want %q at %q", name, got[name].value, got[name].cell, want.value, want.cell)
		}
	}
}

// TestReadTABill_EveryLabel reads a TA bill whose header block and column
// headers (Participants and Guest Faculty) are in English, Malayalam, and
// both in either order.
func TestReadTABill_EveryLabel(t *testing.T) {
	for _, style := range labelStyles {
		t.Run(style, func(t *testing.T) {
			cols := tagen.StandardColumns()
			totalCol := -1
			for i := range cols {
				if cols[i].Header == "Total" {
					totalCol = i + 1 // after the serial number
				}
				key := participantVocab.match(cleanLabel(cols[i].Header))
				if key == "" {
					t.Fatalf("%q names no column", cols[i].Header)
				}
				cols[i].Header = styled(t, "participants", key, cols[i].Header, style)
			}
			block := [][]any{
				{"Training Programme Code", "STP/1"},
				{"Name of training Programme", "Noting"},
				{"From", "03.02.2026", "To", "07.02.2026"},
				{"Training days", "5"},
			}
			restyle(t, block, taHeaderVocab, style)
			ps := samples(3)
			table := tagen.ParticipantsTable(block, cols, ps)
			table.Columns[0] = styled(t, "participants", "serial", "Sl.No", style)
			table.Total[0] = styled(t, "table_rows", "total", "Total", style)
			table.Total[totalCol] = tagen.SampleTotal(len(ps))
			fac := tagen.FacultyTable([]tagen.Faculty{
				{Name: "Dr. Rao", Govt: "N", Local: "N", Sessions: 2, Days: 1, DistanceKm: 220, Mode: "Train", Remuneration: 1500, Conveyance: 0, Travel: 900, AccountNo: "1234567890", IFSC: "SBIN0001234"},
			})
			for i, c := range fac.Columns {
				key := facultyVocab.match(cleanLabel(c))
				if key == "" {
					t.Fatalf("%q names no faculty column", c)
				}
				fac.Columns[i] = styled(t, "faculty", key, c, style)
			}
			bill, err := readTABill(context.Background(), workbook(t, table, fac), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if bill.ProgrammeCode.Value != "STP/1" || bill.ProgrammeName.Value != "Noting" || !bill.StartDate.Ok() ||
				!bill.EndDate.Ok() || bill.TrainingDays.Value != 5 {
				t.Errorf("header block read as %+v %+v %+v %+v %+v", bill.ProgrammeCode, bill.ProgrammeName, bill.StartDate, bill.EndDate, bill.TrainingDays)
			}
			if len(bill.Participants) != len(ps) {
				t.Fatalf("%d participants, want %d", len(bill.Participants), len(ps))
			}
			for i, p := range bill.Participants {
				checkParticipant(t, p, ps[i])
			}
			if bill.TotalRow == 0 {
				t.Errorf("the Total row %q was not seen", table.Total[0])
			}
			if len(bill.Faculty) != 1 || !bill.Faculty[0].Travel.Value.Equal(dec(900)) || bill.Faculty[0].Mode.Value != "Train" ||
				!bill.Faculty[0].GovtEmployee.Ok() || bill.Faculty[0].SessionsTaken.Value != 2 {
				t.Errorf("faculty read as %+v", bill.Faculty)
			}
		})
	}
}

// TestReadSettlement_EveryLabel reads the sample settlement statement with
// its labels and column headers in English, Malayalam, and both.
func TestReadSettlement_EveryLabel(t *testing.T) {
	for _, style := range labelStyles {
		t.Run(style, func(t *testing.T) {
			table := tagen.SampleSettlement([]any{"Yes", "Yes", "No", "Yes", "Yes", "Yes", "Yes"})
			rows := append([][]any{}, table.Block...)
			rows = append(rows, table.Rows...)
			restyle(t, rows, settlementVocab, style)
			restyle(t, rows, settlementColumnVocab, style)
			f := excelize.NewFile()
			defer f.Close()
			for i, r := range rows {
				for j, v := range r {
					if v == nil {
						continue
					}
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if d, ok := v.(tagen.DateCell); ok {
						v = formatDMY(d)
					}
					f.SetCellValue("Sheet1", cell, v)
				}
			}
			wb := openBook(t, f)
			s := wb.Forms[0].Settlement
			if wb.Forms[0].Kind != stpclaims.FormSettlement || s == nil {
				t.Fatalf("read as %q", wb.Forms[0].Kind)
			}
			if s.ProgrammeCode.Value != "STP/2026/014" || s.Participants.Value != 30 || !s.AdvanceReceived.Value.Equal(dec(125000)) ||
				!s.AdvanceDate.Ok() || !s.SettledOn.Ok() || s.TrainingDays.Value != 5 || !s.VenueGovtOwned.Value {
				t.Errorf("header read as code %+v participants %+v advance %+v on %+v settled %+v days %+v govt %+v",
					s.ProgrammeCode, s.Participants, s.AdvanceReceived, s.AdvanceDate, s.SettledOn, s.TrainingDays, s.VenueGovtOwned)
			}
			if len(s.Expenditure) != 11 {
				t.Errorf("%d components of expenditure, want 11: %+v", len(s.Expenditure), s.Expenditure)
			}
			for _, e := range s.Expenditure {
				if e.Field == "gf_remuneration" && (!e.Actual.Value.Equal(dec(5250)) || !strings.HasPrefix(e.Actual.Cell, "Sheet1!D")) {
					t.Errorf("remuneration's actual expenditure = %+v, want 5250 from column D", e.Actual)
				}
			}
			if len(s.ReportItems) != 7 || s.ReportItems[2].Enclosed.Value {
				t.Errorf("report items %+v, want 7 with item 3 not enclosed", s.ReportItems)
			}
		})
	}
}

func formatDMY(d tagen.DateCell) string { return time.Time(d).Format("02.01.2006") }
