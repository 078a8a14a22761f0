package desk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/output/ebtbook"
	"stpclaims/store"
)

const ebtFinance = "finance@img.kerala.gov.in"

// ebtSealFixture is a desk with two final e-BT lists of one programme,
// neither uploaded: the list of a TA bill, and the list of its corrected
// bill (one fare raised: the difference).
type ebtSealFixture struct {
	d     *Desk
	st    *store.Store
	lists []stpclaims.EBTList
	n     int
}

func newEBTSealFixture(t *testing.T) *ebtSealFixture {
	t.Helper()
	d, st := ebtDesk(t)
	ps := travellers(3)
	at := time.Date(2027, 1, 19, 10, 0, 0, 0, ist)
	mailBill(t, d, 1, "ta-bill.xlsx", taBill(t, "TA bill", ps), at)
	ps[1].fare += 100
	mailBill(t, d, 2, "ta-bill-corrected.xlsx", taBill(t, "TA bill", ps), at.Add(time.Hour))
	fx := &ebtSealFixture{d: d, st: st, lists: lists(t, st), n: 10}
	if len(fx.lists) != 2 || fx.lists[0].Draft || fx.lists[1].Draft || fx.lists[1].Payments() != 1 {
		t.Fatalf("lists %+v", fx.lists)
	}
	return fx
}

// workbook is list i's workbook as stpclaims wrote it.
func (fx *ebtSealFixture) workbook(t *testing.T, i int) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fx.d.EBT.Dir, ebtbook.Name(&fx.lists[i])+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// drop offers data to the desk as a file dropped in the folder and returns
// the answer written beside it.
func (fx *ebtSealFixture) drop(t *testing.T, name string, data []byte) string {
	t.Helper()
	fx.n++
	first := time.Date(2027, 1, 20, 10, fx.n, 0, 0, ist).UTC()
	if out := drop(t, fx.d, name, data, first); out != folder.Done {
		t.Fatalf("HandleFile: outcome %v", out)
	}
	sub := stpclaims.NewSubmission(name, data, stpclaims.SourceFolder, first)
	answer, err := os.ReadFile(filepath.Join(fx.d.Outbox, OutboxDirName(sub), "reply.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(answer)
}

// mail offers data to the desk attached to a mail from the finance
// address and returns the answer queued about it.
func (fx *ebtSealFixture) mail(t *testing.T, name string, data []byte) string {
	t.Helper()
	ctx := context.Background()
	fx.n++
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: uint32(fx.n), MessageID: "<ebt" + strconv.Itoa(fx.n) + "@img.kerala.gov.in>",
		From: ebtFinance, Subject: "uploaded", InternalDate: time.Date(2027, 1, 20, 10, fx.n, 0, 0, ist), Attachments: []mailbox.Attachment{{Name: name, Data: data}}}
	if err := fx.d.HandleMessage(ctx, m); err != nil {
		t.Fatalf("HandleMessage: %v", err)
	}
	due, err := fx.st.DueReplies(ctx, time.Now().Add(24*365*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range due {
		if r.Reply.InReplyTo == m.MessageID {
			return r.Reply.Body
		}
	}
	t.Fatalf("no answer queued to %s", m.MessageID)
	return ""
}

// marked is which of the lists are marked uploaded.
func (fx *ebtSealFixture) marked(t *testing.T) []bool {
	t.Helper()
	out := make([]bool, len(fx.lists))
	for i, l := range fx.lists {
		got, err := fx.st.EBTList(context.Background(), l.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = got.Uploaded != nil
	}
	return out
}

// editCells sets cells of a workbook (sheet → cell → value) as a person
// with a spreadsheet program would, keeping everything else.
func editCells(t *testing.T, data []byte, cells map[string]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, cs := range cells {
		for cell, v := range cs {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
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

// forgeEBT is a list workbook made by hand for list l: its payments, the
// marker naming the list with its fingerprint (which anyone who sees the
// list can work out), "Uploaded on" filled; no token.
func forgeEBT(t *testing.T, l stpclaims.EBTList) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", ebtbook.SheetList))
	must(f.SetCellStr(ebtbook.SheetList, "A10", "Uploaded on"))
	must(f.SetCellStr(ebtbook.SheetList, ebtbook.UploadedCell, "20.01.2027"))
	head := []string{"Sl", "Name", "PEN", "Account number", "IFSC", "Bank", "Amount (Rs)", "Narration", "Reason"}
	must(f.SetSheetRow(ebtbook.SheetList, "A12", &head))
	for i, r := range l.Payable() {
		row := []any{r.Serial, r.Name, r.PEN, r.AccountNo, r.IFSC, r.Bank, r.Amount.String(), r.Narration, r.Reason}
		must(f.SetSheetRow(ebtbook.SheetList, fmt.Sprintf("A%d", 13+i), &row))
	}
	_, err := f.NewSheet(ebtbook.MarkerSheet)
	must(err)
	for cell, v := range map[string]string{ebtbook.MarkerCell: ebtbook.MarkerText, ebtbook.VersionCell: ebtbook.Version,
		ebtbook.ListCell: strconv.FormatInt(l.ID, 10), ebtbook.FingerprintCell: ebt.Fingerprint(&l),
		ebtbook.MadeCell: l.Made.UTC().Format(time.RFC3339), ebtbook.ProgrammeCell: l.ProgrammeCode} {
		must(f.SetCellStr(ebtbook.MarkerSheet, cell, v))
	}
	must(f.SetSheetVisible(ebtbook.MarkerSheet, false, true))
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	must(err)
	return buf.Bytes()
}

// TestDesk_ebtSealed: an e-BT list workbook marks its list uploaded only
// when its token verifies. One made by hand (the list's id and fingerprint
// right, "Uploaded on" filled), or a genuine one whose amount, account
// number or list id (with the other list's fingerprint) was changed, is
// refused from the folder and by mail from a finance address alike, with
// the refusal the review and Sanctions workbooks get, and marks nothing;
// the genuine ones, filled in, mark their lists.
func TestDesk_ebtSealed(t *testing.T) {
	fx := newEBTSealFixture(t)
	first, second := fx.workbook(t, 0), fx.workbook(t, 1)
	const row = "13" // the first payment's row
	filled := map[string]any{ebtbook.UploadedCell: "20.01.2027"}
	with := func(cells map[string]map[string]any) map[string]map[string]any {
		list := map[string]any{}
		for k, v := range filled {
			list[k] = v
		}
		for k, v := range cells[ebtbook.SheetList] {
			list[k] = v
		}
		cells[ebtbook.SheetList] = list
		return cells
	}
	other := fx.lists[0].Payable()[1].AccountNo // another payee's account
	forged := []struct {
		name string
		data []byte
	}{
		{"made by hand", forgeEBT(t, fx.lists[0])},
		{"genuine, an amount raised", editCells(t, first, with(map[string]map[string]any{ebtbook.SheetList: {"G" + row: 50000}}))},
		{"genuine, an account number changed to another payee's", editCells(t, first, with(map[string]map[string]any{ebtbook.SheetList: {"D" + row: other}}))},
		{"genuine, the list id and fingerprint changed to the other list's", editCells(t, second, with(map[string]map[string]any{
			ebtbook.MarkerSheet: {ebtbook.ListCell: strconv.FormatInt(fx.lists[0].ID, 10), ebtbook.FingerprintCell: ebt.Fingerprint(&fx.lists[0])}}))},
	}
	for _, c := range forged {
		for _, how := range []string{"from the folder", "mailed by finance"} {
			t.Run(c.name+", "+how, func(t *testing.T) {
				var answer string
				if how == "from the folder" {
					answer = fx.drop(t, "ebt-list.xlsx", c.data)
				} else {
					answer = fx.mail(t, "ebt-list.xlsx", c.data)
				}
				if !refused(answer) || !strings.Contains(answer, `write the day you uploaded it in "Uploaded on"`) {
					t.Errorf("answer %q, want the refusal", answer)
				}
				if m := fx.marked(t); m[0] || m[1] {
					t.Errorf("marked %v", m)
				}
				if n := countSubmissions(t, fx.st); n != 2 {
					t.Errorf("%d submissions, want the two bills", n)
				}
			})
		}
	}
	t.Run("genuine, filled in, from the folder", func(t *testing.T) {
		answer := fx.drop(t, "ebt-list.xlsx", editCells(t, first, with(map[string]map[string]any{})))
		if refused(answer) || !strings.Contains(answer, "is marked uploaded on 20.01.2027: 3 payment(s)") {
			t.Errorf("answer %q", answer)
		}
		if m := fx.marked(t); !m[0] || m[1] {
			t.Errorf("marked %v", m)
		}
	})
	t.Run("genuine, filled in, mailed by finance", func(t *testing.T) {
		answer := fx.mail(t, "ebt-list.xlsx", editCells(t, second, with(map[string]map[string]any{})))
		if refused(answer) || !strings.Contains(answer, "is marked uploaded on 20.01.2027: 1 payment(s)") {
			t.Errorf("answer %q", answer)
		}
		if m := fx.marked(t); !m[0] || !m[1] {
			t.Errorf("marked %v", m)
		}
	})
}
