package desk

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

// programmesWorkbook holds three Annexure II sheets, the one between the
// others hidden (last year's claim), and a Notes sheet; the second
// programme's food is over its cap.
const programmesWorkbook = "../process/testdata/forms/sheets/programmes.xlsx"

// checkProgrammes checks what a desk made of programmesWorkbook: two
// submissions, a report each with the sheet it came from, READ-HIDDEN and
// READ-SKIPPED once, one reply naming both programmes, two rows in the
// ledger's Sources.
func checkProgrammes(t *testing.T, d *Desk, st *store.Store, reply string) {
	t.Helper()
	ctx := context.Background()
	subs, err := st.Submissions(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	rules := map[string]int{}
	for _, s := range subs {
		r, err := st.Submission(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var rep stpclaims.Report
		if err := rep.UnmarshalJSON(r.ReportJSON); err != nil {
			t.Fatal(err)
		}
		got = append(got, rep.Sheet+" "+rep.ProgrammeCode+" "+string(rep.Status))
		for _, f := range rep.Findings {
			rules[f.Rule]++
		}
	}
	slices.Sort(got)
	want := []string{"Programme 1 STP/LSGD/2026/021 clean", "Programme 2 STP/LSGD/2026/022 returned"}
	if !slices.Equal(got, want) {
		t.Errorf("entered %q, want %q", got, want)
	}
	if rules["READ-HIDDEN"] != 1 || rules["READ-SKIPPED"] != 1 || rules["AII-FOOD"] != 1 {
		t.Errorf("findings by rule %v, want READ-HIDDEN, READ-SKIPPED and AII-FOOD once", rules)
	}
	for _, s := range []string{"holds 2 forms", "sheet 'Programme 1'", "programme STP/LSGD/2026/021", "sheet 'Programme 2'",
		"programme STP/LSGD/2026/022", "AII-FOOD", "READ-HIDDEN", "Sheet 'Last year' is hidden", "READ-SKIPPED", "Sheet 'Notes' was not read"} {
		if !strings.Contains(reply, s) {
			t.Errorf("the reply lacks %q:\n%s", s, reply)
		}
	}
	w, err := WriteLedger(ctx, st, d.Cards, d.Ledger.Path, ledgerbook.Options{AsOf: time.Date(2026, 1, 2, 0, 0, 0, 0, ist), Zone: ist})
	if err != nil {
		t.Fatal(err)
	}
	// a row each in the ledger's Sources; the clean programme's advance in
	// Advances (a returned claim is never an advance: the register waits
	// for its corrected claim)
	if w.Counts.Advances != 1 || w.Counts.Sources != 2 {
		t.Errorf("ledger: %d advances, %d sources; want 1 and 2", w.Counts.Advances, w.Counts.Sources)
	}
}

// checkCopy checks the annotated copy of programmesWorkbook: a Findings
// sheet for each programme, first; the sheets as they were; the Notes
// sheet's first cell noted.
func checkCopy(t *testing.T, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the annotated copy does not open: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if want := []string{"Findings 1", "Findings 2", "Programme 1", "Last year", "Programme 2", "Notes"}; !slices.Equal(sheets, want) {
		t.Errorf("sheets %q, want %q", sheets, want)
	}
	if visible, _ := f.GetSheetVisible("Last year"); visible {
		t.Error("the hidden sheet is shown in the copy")
	}
	text := func(sheet string) string {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
		return b.String()
	}
	for sheet, wants := range map[string][]string{
		"Findings 1": {"programme STP/LSGD/2026/021, sheet 'Programme 1'", "1 of the 2 forms", "READ-HIDDEN", "READ-SKIPPED"},
		"Findings 2": {"programme STP/LSGD/2026/022, sheet 'Programme 2'", "2 of the 2 forms", "AII-FOOD"},
	} {
		got := text(sheet)
		for _, s := range wants {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %q:\n%s", sheet, s, got)
			}
		}
	}
	if c, err := f.GetComments("Notes"); err != nil || len(c) != 1 || !strings.Contains(commentText(c[0]), "READ-SKIPPED") {
		t.Errorf("the Notes sheet's note: %+v, %v; want READ-SKIPPED", c, err)
	}
}

// commentText is a note's whole text.
func commentText(c excelize.Comment) string {
	s := c.Text
	for _, p := range c.Paragraph {
		s += p.Text
	}
	return s
}

// TestDesk_HandleFile_programmes: a dropped workbook of two programmes
// (and a hidden sheet and a Notes sheet) is one drop: two reports in its
// .report.json, one reply, one annotated copy, two store entries and two
// ledger rows; dropped again, nothing is entered twice.
func TestDesk_HandleFile_programmes(t *testing.T) {
	data, err := os.ReadFile(programmesWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	d, st := testDesk(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "programmes.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 1, 1, 4, 30, 0, 0, time.UTC)
	if out, err := d.HandleFile(ctx, folder.File{Name: "programmes.xlsx", Path: path, FirstSeen: first}); err != nil || out != folder.Done {
		t.Fatalf("HandleFile: %v, %v", out, err)
	}
	dir := filepath.Join(d.Outbox, OutboxDirName(stpclaims.NewSubmission("programmes.xlsx", data, stpclaims.SourceFolder, first)))
	reply, err := os.ReadFile(filepath.Join(dir, "reply.txt"))
	if err != nil {
		t.Fatal(err)
	}
	checkProgrammes(t, d, st, string(reply))
	js, err := os.ReadFile(filepath.Join(dir, "programmes.report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(js, []byte("\n")); n != 2 || !bytes.Contains(js, []byte(`"sheet":"Programme 2"`)) {
		t.Errorf("programmes.report.json has %d lines, want one a programme:\n%s", n, js)
	}
	copyData, err := os.ReadFile(filepath.Join(dir, "programmes.checked.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	checkCopy(t, copyData)

	if out, err := d.HandleFile(ctx, folder.File{Name: "again.xlsx", Path: path, FirstSeen: first.Add(time.Hour)}); err != nil || out != folder.Done {
		t.Fatalf("HandleFile again: %v, %v", out, err)
	}
	if n := countSubmissions(t, st); n != 2 {
		t.Errorf("%d submissions after the same bytes again, want 2", n)
	}
}

// TestDesk_HandleMessage_programmes: the same workbook mailed is one
// reply covering both programmes, with the one annotated copy attached,
// and two store entries; the message is done.
func TestDesk_HandleMessage_programmes(t *testing.T) {
	data, err := os.ReadFile(programmesWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	d, st := testDesk(t)
	ctx := context.Background()
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: 1,
		MessageID: "<two@kerala.gov.in>", From: "anitha.k@kerala.gov.in", Subject: "Advance claims",
		InternalDate: time.Date(2026, 1, 1, 4, 30, 0, 0, time.UTC), Attachments: []mailbox.Attachment{{Name: "programmes.xlsx", Data: data}}}
	if err := d.HandleMessage(ctx, m); err != nil {
		t.Fatalf("HandleMessage: %v", err)
	}
	due, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 {
		t.Fatalf("%d replies queued, want one for both programmes", len(due))
	}
	r := due[0].Reply
	if !strings.Contains(r.Subject, "[1 returned, 1 in order]") {
		t.Errorf("subject %q, want both programmes' statuses", r.Subject)
	}
	if len(r.Attachments) != 1 || r.Attachments[0].Name != "programmes.checked.xlsx" {
		t.Fatalf("attachments %d, want the one annotated copy", len(r.Attachments))
	}
	checkCopy(t, r.Attachments[0].Data)
	checkProgrammes(t, d, st, r.Body)
	key := store.MailKey{Account: m.Account, Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID}
	if done, err := st.MessageEntered(ctx, m.MessageID, key); err != nil || !done {
		t.Errorf("MessageEntered = %v, %v; want true", done, err)
	}
	if err := d.HandleMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	if n := countSubmissions(t, st); n != 2 {
		t.Errorf("%d submissions after the message again, want 2", n)
	}
}
