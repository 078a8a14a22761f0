package desk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/storetest"
	"stpclaims/output/ebtbook"
	"stpclaims/store"
)

const billCode = "STP/REV/2027/014"

// traveller is one participant row of a generated TA bill.
type traveller struct {
	name, pen, account, ifsc string
	km, fare, da             int // fare both eligible and claimed; DA claimed for 5 days
}

func (p traveller) total() int { return p.fare + p.da }

// travellers are n participants who claim a train fare and a quarter DA for
// five days, all admissible, with account numbers a spreadsheet would
// spoil: leading zeros, 16 to 18 digits.
func travellers(n int) []traveller {
	out := make([]traveller, n)
	for i := range out {
		account := fmt.Sprintf("%016d", 7000000+i) // leading zeros, 16 digits
		switch i % 3 {
		case 1:
			account = fmt.Sprintf("12%015d", 1000+i) // 17 digits
		case 2:
			account = fmt.Sprintf("9%017d", 5000+i) // 18 digits
		}
		out[i] = traveller{name: fmt.Sprintf("Participant %02d", i+1), pen: fmt.Sprint(200100 + i), account: account,
			ifsc: []string{"SBIN0070123", "FDRL0001234", "CNRB0004321"}[i%3], km: 120, fare: 400 + 10*i, da: 750}
	}
	return out
}

// taBill writes a TA bill workbook; title varies the bytes without
// changing what the bill says.
func taBill(t *testing.T, title string, ps []traveller) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Participants"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{title},
		{"Training Programme Code", billCode},
		{"Name of training Programme", "Revenue Recovery Procedures"},
		{"Duration", "12.01.2027 to 16.01.2027 (5 days)"},
		nil,
		{"Sl.No", "Name", "PEN", "Designation", "Class (I–IV)", "Office / Headquarters", "Distance from headquarters (km)", "Mode",
			"Eligible fare", "Fare claimed", "Auto km", "Auto fare", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total",
			"Account No.", "IFSC"},
	}
	for i, p := range ps {
		rows = append(rows, []any{i + 1, p.name, p.pen, "Clerk", "II", "Collectorate, Kollam", p.km, "Train", p.fare, p.fare, 0, 0, 5, 0, 600, p.da,
			p.total(), p.account, p.ifsc})
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var err error
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sh, cell, s) // account numbers as text, as a careful office writes them
			} else {
				err = f.SetCellValue(sh, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ebtDesk is testDesk with e-BT lists written under the outbox, and a
// finance address.
func ebtDesk(t *testing.T) (*Desk, *store.Store) {
	d, st := testDesk(t)
	d.EBT = EBT{Dir: filepath.Join(d.Outbox, "ebt"), Layout: ebt.DefaultLayout(), Zone: ist}
	d.Ledger.Finance = []string{"Finance <finance@img.kerala.gov.in>"}
	d.Now = func() time.Time { return time.Date(2027, 1, 20, 11, 0, 0, 0, ist) }
	return d, st
}

// drop hands a file to the desk as the folder watcher would.
func drop(t *testing.T, d *Desk, name string, data []byte, at time.Time) folder.Outcome {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := d.HandleFile(context.Background(), folder.File{Path: path, Name: name, FirstSeen: at})
	if err != nil {
		t.Fatalf("HandleFile(%s): %v", name, err)
	}
	return out
}

// mailBill hands a bill to the desk as the mailbox would, from the
// co-ordinator.
func mailBill(t *testing.T, d *Desk, uid uint32, name string, data []byte, at time.Time) {
	t.Helper()
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: uid, MessageID: fmt.Sprintf("<bill%d@kerala.gov.in>", uid),
		From: "co.ord@revenue.kerala.gov.in", Subject: "TA bill", InternalDate: at, Attachments: []mailbox.Attachment{{Name: name, Data: data}}}
	if err := d.HandleMessage(context.Background(), m); err != nil {
		t.Fatalf("HandleMessage(%s): %v", name, err)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func lists(t *testing.T, st *store.Store) []stpclaims.EBTList {
	t.Helper()
	l, err := st.EBTLists(context.Background(), billCode, stpclaims.EBTFromBill)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestDesk_EBT_draftBill is the first proof: a 30-participant bill
// with two TA-BANK failures and one local participant (TA-LOCAL, DA still
// due) gives a DRAFT list of the payable rows, whose total is the report's
// admissible total less the two unpayable rows, and whose second sheet
// names the two with their reasons.
func TestDesk_EBT_draftBill(t *testing.T) {
	d, st := ebtDesk(t)
	ps := travellers(30)
	ps[6].account = ""            // TA-BANK: no account number
	ps[11].ifsc = "SBIN007O12"    // TA-BANK: not an IFSC
	ps[19].km, ps[19].fare = 5, 0 // local: no fare
	ps[19].fare = 180             // … yet claims one: TA-LOCAL, the DA still due
	drop(t, d, "ta-bill.xlsx", taBill(t, "TA bill", ps), time.Date(2027, 1, 19, 10, 0, 0, 0, ist))

	all, err := st.Submissions(context.Background(), store.Filter{Form: stpclaims.FormTABill})
	if err != nil || len(all) != 1 {
		t.Fatalf("bills %v, %v", all, err)
	}
	var rep stpclaims.Report
	if err := json.Unmarshal(all[0].ReportJSON, &rep); err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, f := range rep.Findings {
		rules[f.Rule]++
	}
	if rep.Status != stpclaims.StatusReturned || rules["TA-BANK"] != 2 || rules["TA-LOCAL"] != 1 {
		t.Fatalf("the bill is %s with %v; want returned with two TA-BANK and one TA-LOCAL", rep.Status, rules)
	}

	ls := lists(t, st)
	if len(ls) != 1 || !ls[0].Draft {
		t.Fatalf("lists %+v", ls)
	}
	l := ls[0]
	unpayable := decimal.NewFromInt(int64(ps[6].total() + ps[11].total()))
	if len(l.Payable()) != 28 || !l.Total().Equal(rep.Totals.Admissible.Sub(unpayable)) {
		t.Errorf("%d payments, total %s; want 28 and %s − %s", len(l.Payable()), l.Total(), rep.Totals.Admissible, unpayable)
	}
	for _, r := range l.Rows {
		if r.Name == "Participant 20" && !r.Amount.Equal(decimal.NewFromInt(750)) {
			t.Errorf("the local participant is paid %s, want the DA of 750", r.Amount)
		}
	}

	// The files: the DRAFT workbook alone (a draft has no upload file).
	dir := d.EBT.Dir
	name := ebtbook.Name(&l)
	if files := listFiles(t, dir); len(files) != 1 || files[0] != name+".xlsx" || !strings.Contains(name, "DRAFT") {
		t.Fatalf("files %v", files)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, name+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(ebtbook.SheetList, "A1"); !strings.HasPrefix(v, "DRAFT") {
		t.Errorf("title %q", v)
	}
	list, _ := f.GetRows(ebtbook.SheetList)
	var accounts []string
	for _, row := range list[12 : 12+28] {
		accounts = append(accounts, row[3])
	}
	if accounts[0] != ps[0].account || accounts[2] != ps[2].account || accounts[1] != ps[1].account {
		t.Errorf("accounts %v", accounts[:3])
	}
	others, _ := f.GetRows(ebtbook.SheetOthers)
	if len(others) != 6 || others[4][2] != "Participant 07" || others[4][7] != "TA-BANK: no account number" ||
		others[5][2] != "Participant 12" || !strings.Contains(others[5][7], `TA-BANK: the IFSC "SBIN007O12"`) {
		t.Errorf("second sheet %q", others)
	}

	// Marking a draft is refused.
	_, err = MarkEBTUploaded(context.Background(), st, d.EBT, l.ID, "", stpclaims.EBTUpload{On: time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC), By: "clerk"}, d.now())
	var r *ebt.Refusal
	if !errors.As(err, &r) || !strings.Contains(r.Reason, "is a DRAFT") {
		t.Errorf("marking a draft: %v", err)
	}

	// The corrected bill gives the two rows the first could not pay, and
	// makes the draft final: its files are renamed and the upload files
	// written.
	ps[6].account, ps[11].ifsc = "0000123456789", "SBIN0070123"
	ps[19].fare = 0
	drop(t, d, "ta-bill-corrected.xlsx", taBill(t, "TA bill", ps), time.Date(2027, 1, 20, 10, 0, 0, 0, ist))
	ls = lists(t, st)
	if len(ls) != 2 || ls[0].Draft || ls[1].Draft || len(ls[1].Payable()) != 2 || ls[1].Payable()[0].Name != "Participant 07" ||
		!strings.Contains(ls[1].Payable()[0].Reason, "payable now") || len(ls[0].Payable()) != 28 {
		t.Fatalf("after the corrected bill: %+v", ls)
	}
	files := listFiles(t, dir)
	want := []string{ebtbook.Name(&ls[0]) + ".csv", ebtbook.Name(&ls[0]) + ".xlsx", ebtbook.Name(&ls[1]) + ".csv", ebtbook.Name(&ls[1]) + ".xlsx"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", files, want)
	}
}

// TestDesk_EBT_corrected is the last proof: a bill checked twice,
// then corrected: the second list holds only the changed rows; after the
// lists are marked uploaded, nothing is listed again.
func TestDesk_EBT_corrected(t *testing.T) {
	d, st := ebtDesk(t)
	ctx := context.Background()
	ps := travellers(10)
	at := time.Date(2027, 1, 19, 10, 0, 0, 0, ist)
	mailBill(t, d, 1, "ta-bill.xlsx", taBill(t, "TA bill", ps), at)
	// Checked again: the same bill saved again (other bytes, same rows).
	mailBill(t, d, 2, "ta-bill.xlsx", taBill(t, "TA bill of participants", ps), at.Add(time.Hour))
	if err := d.SyncAllEBT(ctx); err != nil {
		t.Fatal(err)
	}
	if ls := lists(t, st); len(ls) != 1 || ls[0].Draft || len(ls[0].Payable()) != 10 {
		t.Fatalf("after the bill checked twice: %+v", ls)
	}
	// Corrected: one fare raised, one participant added.
	ps[3].fare += 100
	ps = append(ps, traveller{name: "Participant 11", pen: "200199", account: "000045678901234567", ifsc: "SBIN0070123", km: 200, fare: 650, da: 750})
	mailBill(t, d, 3, "ta-bill-corrected.xlsx", taBill(t, "TA bill", ps), at.Add(2*time.Hour))
	ls := lists(t, st)
	if len(ls) != 2 {
		t.Fatalf("lists %+v", ls)
	}
	second := ls[1].Payable()
	if len(second) != 2 || second[0].Name != "Participant 04" || !second[0].Amount.Equal(decimal.NewFromInt(100)) ||
		!strings.Contains(second[0].Reason, "the difference") || second[1].Name != "Participant 11" || second[1].AccountNo != "000045678901234567" {
		t.Fatalf("the second list: %+v", second)
	}
	// Marked uploaded (as stpclaims ebt --mark-uploaded does), then the
	// corrected bill again and a sync: nothing is listed again.
	for _, l := range ls {
		if _, err := MarkEBTUploaded(ctx, st, d.EBT, l.ID, "", stpclaims.EBTUpload{On: time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC), By: "clerk"}, d.now()); err != nil {
			t.Fatal(err)
		}
	}
	mailBill(t, d, 4, "ta-bill-corrected.xlsx", taBill(t, "TA bill (again)", ps), at.Add(3*time.Hour))
	if err := d.RebuildLedger(ctx); err != nil { // which brings the lists up to date first
		t.Fatal(err)
	}
	if ls := lists(t, st); len(ls) != 2 {
		t.Errorf("listed again after upload: %+v", ls[2:])
	}
	// The ledger's TA Bills sheet shows the lists paying each row of the
	// bill now live, and the day they were uploaded.
	lf, err := excelize.OpenFile(d.Ledger.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	bills, err := lf.GetRows("TA Bills")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range bills[1:] {
		if len(r) >= 11 {
			got[r[4]] = r[9] + " " + r[10]
		}
	}
	if got["Participant 01"] != "1 20.01.2027" || got["Participant 04"] != "1, 2 20.01.2027" || got["Participant 11"] != "2 20.01.2027" {
		t.Errorf("TA Bills e-BT columns: %v", got)
	}
	// The upload files of uploaded lists are not written again.
	for _, l := range lists(t, st) {
		os.Remove(filepath.Join(d.EBT.Dir, ebtbook.Name(&l)+".csv"))
		os.Remove(filepath.Join(d.EBT.Dir, ebtbook.Name(&l)+".xlsx"))
	}
	if err := d.SyncAllEBT(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range listFiles(t, d.EBT.Dir) {
		if strings.HasSuffix(f, ".csv") {
			t.Errorf("%s written again for an uploaded list", f)
		}
	}
}

// TestDesk_TakeEBTReturn: finance sends the workbook back with "Uploaded
// on" filled, by mail from a finance address or through the folder.
func TestDesk_TakeEBTReturn(t *testing.T) {
	ctx := context.Background()
	returned := func(t *testing.T, d *Desk, l stpclaims.EBTList, day any) []byte {
		t.Helper()
		f, err := excelize.OpenFile(filepath.Join(d.EBT.Dir, ebtbook.Name(&l)+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if day != nil {
			if err := f.SetCellValue(ebtbook.SheetList, ebtbook.UploadedCell, day); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	setup := func(t *testing.T) (*Desk, *store.Store, stpclaims.EBTList) {
		d, st := ebtDesk(t)
		mailBill(t, d, 1, "ta-bill.xlsx", taBill(t, "TA bill", travellers(3)), time.Date(2027, 1, 19, 10, 0, 0, 0, ist))
		return d, st, lists(t, st)[0]
	}
	answers := func(t *testing.T, st *store.Store) []string {
		due, err := st.DueReplies(ctx, time.Now().Add(24*365*time.Hour), 20)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range due {
			if strings.Contains(r.Reply.Subject, "e-BT") {
				out = append(out, r.Reply.To[0]+": "+r.Reply.Body)
			}
		}
		return out
	}
	mail := func(t *testing.T, d *Desk, uid uint32, from string, data []byte) {
		m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: uid, MessageID: fmt.Sprintf("<ret%d@img.kerala.gov.in>", uid),
			From: from, Subject: "uploaded", InternalDate: time.Date(2027, 1, 20, 10, 0, 0, 0, ist), Attachments: []mailbox.Attachment{{Name: "list.xlsx", Data: data}}}
		if err := d.HandleMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("from a finance address, then again", func(t *testing.T) {
		d, st, l := setup(t)
		data := returned(t, d, l, "20.01.2027")
		mail(t, d, 10, "finance@img.kerala.gov.in", data)
		got, _ := st.EBTList(ctx, l.ID)
		if got.Uploaded == nil || got.Uploaded.By != "finance@img.kerala.gov.in" || got.Uploaded.On.Format(time.DateOnly) != "2027-01-20" {
			t.Fatalf("mark %+v", got.Uploaded)
		}
		mail(t, d, 11, "finance@img.kerala.gov.in", data) // taken again: marked once, answered once
		if a := answers(t, st); len(a) != 1 || !strings.Contains(a[0], "is marked uploaded on 20.01.2027: 3 payment(s)") {
			t.Errorf("answers %q", a)
		}
		f, err := excelize.OpenFile(filepath.Join(d.EBT.Dir, ebtbook.Name(&l)+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if v, _ := f.GetCellValue(ebtbook.SheetList, "A2"); !strings.Contains(v, "Uploaded to the bank on 20.01.2027") {
			t.Errorf("the workbook written again says %q", v)
		}
	})
	t.Run("from anyone else", func(t *testing.T) {
		d, st, l := setup(t)
		mail(t, d, 10, "co.ord@revenue.kerala.gov.in", returned(t, d, l, "20.01.2027"))
		if got, _ := st.EBTList(ctx, l.ID); got.Uploaded != nil {
			t.Error("marked from outside finance")
		}
		if a := answers(t, st); len(a) != 1 || !strings.Contains(a[0], "only the finance division's addresses") {
			t.Errorf("answers %q", a)
		}
	})
	for _, tc := range []struct {
		name string
		day  any
		want string
	}{
		{"left empty", nil, `"Uploaded on" is empty`},
		{"not a day", "soon", `"Uploaded on" says "soon"`},
		{"a day to come", "25.01.2027", "a day still to come"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, st, l := setup(t)
			mail(t, d, 10, "finance@img.kerala.gov.in", returned(t, d, l, tc.day))
			if got, _ := st.EBTList(ctx, l.ID); got.Uploaded != nil {
				t.Error("marked")
			}
			if a := answers(t, st); len(a) != 1 || !strings.Contains(a[0], tc.want) || !strings.Contains(a[0], "Nothing was marked") {
				t.Errorf("answers %q", a)
			}
		})
	}
	t.Run("dropped in the folder", func(t *testing.T) {
		d, st, l := setup(t)
		if out := drop(t, d, "list.xlsx", returned(t, d, l, time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)), time.Date(2027, 1, 20, 10, 0, 0, 0, ist)); out != folder.Done {
			t.Errorf("outcome %v", out)
		}
		got, _ := st.EBTList(ctx, l.ID)
		if got.Uploaded == nil || got.Uploaded.By != "finance desk" {
			t.Errorf("mark %+v", got.Uploaded)
		}
		if n := countSubmissions(t, st); n != 1 {
			t.Errorf("the list workbook was entered as a claim: %d submissions", n)
		}
	})
}

// TestSyncAdvanceEBT: a sanctioned advance gives a list of one payment to
// the co-ordinator's account (Annexure II line 23), final at once, with
// its upload file; the same sanction again gives nothing more.
func TestSyncAdvanceEBT(t *testing.T) {
	d, st := ebtDesk(t)
	ctx := context.Background()
	claim, _ := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	advance := ebt.AdvanceBill(claim, "Rajesh Kumar", "0071234567890", "SBIN0070123", decimal.NewFromInt(45000))
	written, err := SyncAdvanceEBT(ctx, st, d.EBT, "STP/REV/2026/041", advance, d.now())
	if err != nil || len(written) != 1 || !written[0].New || len(written[0].Files) != 2 {
		t.Fatalf("SyncAdvanceEBT = %+v, %v", written, err)
	}
	l := written[0].List
	if l.Source != stpclaims.EBTFromAdvance || l.Draft || len(l.Payable()) != 1 || l.Payable()[0].Narration != "ADV STP/REV/2026/041" ||
		l.Payable()[0].AccountNo != "0071234567890" || !l.Total().Equal(decimal.NewFromInt(45000)) {
		t.Errorf("list %+v", l)
	}
	upload, err := os.ReadFile(written[0].Files[1])
	if err != nil || !strings.Contains(string(upload), "1,Rajesh Kumar,0071234567890,SBIN0070123,45000.00,ADV STP/REV/2026/041\r\n") {
		t.Errorf("upload file %q, %v", upload, err)
	}
	if filepath.Base(written[0].Files[0]) != "ebt-1-advance-STP-REV-2026-041.xlsx" {
		t.Errorf("files %v", written[0].Files)
	}
	again, err := SyncAdvanceEBT(ctx, st, d.EBT, "STP/REV/2026/041", advance, d.now())
	if err != nil || len(again) != 1 || again[0].New || again[0].Changed {
		t.Errorf("again: %+v, %v", again, err)
	}
	// The advance's lists are not the TA bill's: a TA bill of the
	// programme starts its own.
	if bills, _ := st.EBTLists(ctx, "STP/REV/2026/041", stpclaims.EBTFromBill); len(bills) != 0 {
		t.Errorf("TA bill lists %+v", bills)
	}
}

// enterAdvanceWithAccount enters storetest's Annexure II with the
// co-ordinator's name, account (line 23) and IFSC written.
func enterAdvanceWithAccount(t *testing.T, st *store.Store, received time.Time) (int64, string) {
	t.Helper()
	sub := stpclaims.NewSubmission("a.xlsx", []byte("advance with account"), stpclaims.SourceMail, received)
	sub.Sender, sub.MessageID = "rajesh@revenue.kerala.gov.in", "<a@test>"
	rep := stpclaims.Report{File: sub.Name, SHA256: sub.SHA256, Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusClean,
		RateCard: "STP-2015", ProgrammeCode: "STP/REV/2026/041",
		Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: "STP/REV/2026/041"}, {Name: "programme_name", Value: "Revenue Recovery"},
			{Name: "start_date", Value: "2026-02-09"}, {Name: "end_date", Value: "2026-02-13"}, {Name: "advance_claimed", Value: "48000"},
			{Name: "coordinator", Value: "Rajesh Kumar"}, {Name: "coordinator_email", Value: sub.Sender},
			{Name: "account_no", Value: "0071234567890123"}, {Name: "ifsc", Value: "SBIN0070123"},
			{Name: "facilitator_email", Value: "latha@img.kerala.gov.in"}},
		Assessment: stpclaims.Assessment{MaxAdvance: decimal.NewNullDecimal(decimal.NewFromInt(48900))}}
	id, _, err := st.Enter(context.Background(), store.Entry{Submission: sub, Report: rep, Processed: received})
	if err != nil {
		t.Fatal(err)
	}
	return id, sub.SHA256
}

// TestDesk_Sanctions_ebt: when finance sanctions an advance (its Sanctions
// workbook returned), the advance's e-BT list is made: one payment to the
// co-ordinator's line 23 account for the amount sanctioned. Planned again
// (stpclaims ebt), nothing new.
func TestDesk_Sanctions_ebt(t *testing.T) {
	ctx := context.Background()
	st, _ := storetest.Open(t)
	id, sha := enterAdvanceWithAccount(t, st, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	d := ledgerDesk(t, st, now)
	d.EBT = EBT{Dir: filepath.Join(t.TempDir(), "ebt"), Layout: ebt.DefaultLayout(), Zone: ist}
	recommendAdvance(t, st, id, sha)
	if _, err := d.SendSanctions(ctx); err != nil {
		t.Fatal(err)
	}
	due, _ := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if len(due) != 1 {
		t.Fatalf("%d replies", len(due))
	}
	filled := fillRow(t, due[0].Reply.Attachments[0].Data, map[string]any{sanctionsbook.ColSanctioned: 45000,
		sanctionsbook.ColOrder: "FIN/2026/77", sanctionsbook.ColOrderDate: "05.02.2026"})
	sub := stpclaims.NewSubmission("sanctions.xlsx", filled, stpclaims.SourceMail, now.Add(time.Hour))
	sub.Sender, sub.MessageID = "finance@img.kerala.gov.in", "<s@test>"
	if body, _, err := d.TakeSanctions(ctx, sub); err != nil || !strings.Contains(body.Body, "Recorded: the sanction of Rs 45,000") {
		t.Fatalf("TakeSanctions: %q, %v", body.Body, err)
	}
	ls, err := st.EBTLists(ctx, "STP/REV/2026/041", stpclaims.EBTFromAdvance)
	if err != nil || len(ls) != 1 {
		t.Fatalf("advance lists %+v, %v", ls, err)
	}
	r := ls[0].Payable()
	if ls[0].Draft || len(r) != 1 || r[0].Kind != stpclaims.PayeeCoordinator || r[0].Name != "Rajesh Kumar" || r[0].AccountNo != "0071234567890123" ||
		!r[0].Amount.Equal(decimal.NewFromInt(45000)) || r[0].Narration != "ADV STP/REV/2026/041" || ls[0].SubmissionID != id {
		t.Errorf("advance list %+v", ls[0])
	}
	if files := listFiles(t, d.EBT.Dir); len(files) != 2 || files[0] != "ebt-1-advance-STP-REV-2026-041.csv" {
		t.Errorf("files %v", files)
	}
	written, err := SyncAdvancesEBT(ctx, st, d.Cards, d.EBT, "", now)
	if err != nil || len(written) != 1 || written[0].New || written[0].Changed {
		t.Errorf("planned again: %+v, %v", written, err)
	}
	// The ledger's Advances sheet shows the list, then the day it was
	// marked uploaded.
	advancesEBT := func() string {
		t.Helper()
		if err := d.RebuildLedger(ctx); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(d.Ledger.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Advances")
		col := slices.Index(rows[0], "e-BT list")
		if col < 0 || len(rows) < 2 || len(rows[1]) <= col {
			t.Fatalf("Advances %q", rows)
		}
		uploaded := ""
		if len(rows[1]) > col+1 { // a row's empty cells at its end are not read
			uploaded = rows[1][col+1]
		}
		return rows[1][col] + " " + uploaded
	}
	if got := advancesEBT(); got != "1 " {
		t.Errorf("Advances e-BT columns %q before upload", got)
	}
	if _, err := MarkEBTUploaded(ctx, st, d.EBT, ls[0].ID, "", stpclaims.EBTUpload{On: time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC), By: "clerk"}, now); err != nil {
		t.Fatal(err)
	}
	if got := advancesEBT(); got != "1 09.02.2026" {
		t.Errorf("Advances e-BT columns %q after upload", got)
	}
}

// TestDesk_EBT_tooLarge: a bill of more rows than any programme's gets no
// list (a warning says why), and is not planned again at every rebuild.
func TestDesk_EBT_tooLarge(t *testing.T) {
	d, st := ebtDesk(t)
	var logged bytes.Buffer
	d.Log = slog.New(slog.NewTextHandler(&logged, nil))
	ctx := context.Background()
	sub := stpclaims.NewSubmission("big.xlsx", []byte("big"), stpclaims.SourceFolder, time.Date(2027, 1, 19, 10, 0, 0, 0, ist))
	rows := make([]store.BillRow, ebt.MaxPayees+1)
	for i := range rows {
		rows[i] = store.BillRow{Kind: stpclaims.PayeeParticipant, Row: 7 + i, Name: fmt.Sprintf("Participant %d", i+1), PEN: fmt.Sprint(100000 + i),
			Claimed: decimal.NewFromInt(500), Admissible: decimal.NewFromInt(450), AccountNo: fmt.Sprintf("6710%08d", i), IFSC: "SBIN0070001"}
	}
	rep := stpclaims.Report{File: sub.Name, SHA256: sub.SHA256, Form: stpclaims.FormTABill, Status: stpclaims.StatusReturned, ProgrammeCode: billCode}
	if _, _, err := st.Enter(ctx, store.Entry{Submission: sub, Report: rep, BillRows: rows, Processed: sub.Received}); err != nil {
		t.Fatal(err)
	}
	d.syncEBT(ctx, billCode, d.log())
	if ls := lists(t, st); len(ls) != 0 {
		t.Errorf("%d lists of a bill of %d rows", len(ls), len(rows))
	}
	if !strings.Contains(logged.String(), "no e-BT list: the bill has more rows than a programme's bill can") || !strings.Contains(logged.String(), "rows=1001") {
		t.Errorf("logged %q", logged.String())
	}
	if codes, err := st.EBTProgrammes(ctx, true); err != nil || len(codes) != 0 {
		t.Errorf("still to plan: %v, %v", codes, err)
	}
}
