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
	"strings"
	"sync"
	"time"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/internal/atomicfile"
	"stpclaims/internal/seal"
	"stpclaims/output/ebtbook"
	"stpclaims/store"
)

// EBTStore is the store as the e-BT lists use it. *store.Store is one.
type EBTStore interface {
	PlanEBT(ctx context.Context, code string, source stpclaims.EBTSource, at time.Time, maxRows int,
		plan func(bills []store.EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error)) (store.EBTRecorded, error)
	EBTLists(ctx context.Context, code string, source stpclaims.EBTSource) ([]stpclaims.EBTList, error)
	EBTList(ctx context.Context, id int64) (stpclaims.EBTList, error)
	EBTProgrammes(ctx context.Context, changedOnly bool) ([]string, error)
	MarkEBTUploaded(ctx context.Context, id int64, up stpclaims.EBTUpload, check func(stpclaims.EBTList) error) (stpclaims.EBTList, error)
	Submission(ctx context.Context, id int64) (store.Stored, error)
	// WorkbookKey is the key the lists' workbooks are sealed with.
	WorkbookKey(ctx context.Context) (seal.Key, error)
}

var _ EBTStore = (*store.Store)(nil)

// EBT says where the e-BT lists are written and in which layout the bank
// takes them.
type EBT struct {
	// Dir is the folder the lists' files are written to; "" writes none
	// (and makes no list).
	Dir    string
	Layout ebt.Layout
	// Zone turns moments into calendar days; nil means
	// stpclaims.DefaultZone.
	Zone *time.Location
	// TooLarge, when set, is told of a bill of more rows than
	// ebt.MaxPayees, of which no list is made.
	TooLarge func(code, file string, rows int)
}

func (e EBT) zone() *time.Location {
	if e.Zone == nil {
		return stpclaims.DefaultZone()
	}
	return e.Zone
}

// EBTWritten is one list as SyncEBT left it: whether it is new or changed,
// and the files written for it (none when they were there already).
type EBTWritten struct {
	List    stpclaims.EBTList
	New     bool
	Changed bool
	Files   []string
}

// ebtFiles keeps two writers of one list's files from interleaving in this
// process.
var ebtFiles sync.Mutex

// SyncEBT brings the e-BT lists of a programme (of every programme with a
// live TA bill or a list not yet uploaded, for code "") up to date with its
// live TA bills: a list of what is not listed yet, drafts trimmed or made
// final. It writes into e.Dir the files of every list it made or changed
// and of every list whose workbook is not there yet, and returns the
// programme's lists.
func SyncEBT(ctx context.Context, st EBTStore, e EBT, code string, now time.Time) ([]EBTWritten, error) {
	return syncEBT(ctx, st, e, code, false, now)
}

// syncEBT is SyncEBT; with changedOnly and code "", only the programmes
// whose latest bill (or its review state) changed since their lists were
// last planned.
func syncEBT(ctx context.Context, st EBTStore, e EBT, code string, changedOnly bool, now time.Time) ([]EBTWritten, error) {
	codes := []string{code}
	if code == "" {
		var err error
		if codes, err = st.EBTProgrammes(ctx, changedOnly); err != nil {
			return nil, err
		}
	}
	var out []EBTWritten
	for _, c := range codes {
		w, err := syncProgramme(ctx, st, e, c, now)
		if err != nil {
			return out, fmt.Errorf("e-BT lists of %s: %w", c, err)
		}
		out = append(out, w...)
		// An advance's list is planned when it is sanctioned; here its
		// files are only written where they are missing.
		if w, err = planAndWrite(ctx, st, e, c, stpclaims.EBTFromAdvance, now, noPlan); err != nil {
			return out, fmt.Errorf("e-BT lists of %s's advance: %w", c, err)
		}
		out = append(out, w...)
	}
	return out, nil
}

// noPlan changes no list.
func noPlan([]store.EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
	return stpclaims.EBTChange{}, nil
}

func syncProgramme(ctx context.Context, st EBTStore, e EBT, code string, now time.Time) ([]EBTWritten, error) {
	return planAndWrite(ctx, st, e, code, stpclaims.EBTFromBill, now, func(bills []store.EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		written := code // the code as the bill writes it, whatever case it was asked in
		if len(bills) > 0 {
			last := bills[len(bills)-1]
			written = last.ProgrammeCode
			if last.RowCount > ebt.MaxPayees {
				if e.TooLarge != nil {
					e.TooLarge(written, last.File, last.RowCount)
				}
				return stpclaims.EBTChange{}, nil
			}
		}
		return ebt.Plan(written, stpclaims.EBTFromBill, latestBill(bills), lists), nil
	})
}

// SyncAdvanceEBT brings the e-BT list of a programme's advance up to date
// with its sanction (ebt.AdvanceBill: the co-ordinator, line 23's account,
// the amount sanctioned), and writes the files of the lists it made or
// changed, or that are not in e.Dir yet. The register calls it when the
// finance division sanctions an advance.
func SyncAdvanceEBT(ctx context.Context, st EBTStore, e EBT, code string, advance *ebt.Bill, now time.Time) ([]EBTWritten, error) {
	return planAndWrite(ctx, st, e, code, stpclaims.EBTFromAdvance, now, func(_ []store.EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		return ebt.Plan(code, stpclaims.EBTFromAdvance, advance, lists), nil
	})
}

// planAndWrite records a plan of a programme's lists of source and writes
// the files of its lists that changed or are missing.
func planAndWrite(ctx context.Context, st EBTStore, e EBT, code string, source stpclaims.EBTSource, now time.Time,
	plan func(bills []store.EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error)) ([]EBTWritten, error) {
	rec, err := st.PlanEBT(ctx, code, source, now, ebt.MaxPayees, plan)
	if err != nil {
		return nil, err
	}
	lists, err := st.EBTLists(ctx, code, source)
	if err != nil {
		return nil, err
	}
	changed := map[int64]bool{}
	for _, id := range rec.Changed {
		changed[id] = true
	}
	var out []EBTWritten
	for _, l := range lists {
		w := EBTWritten{List: l, New: l.ID == rec.New, Changed: changed[l.ID]}
		if w.Changed || !exists(filepath.Join(e.Dir, ebtbook.Name(&l)+".xlsx")) {
			if w.Files, err = writeList(ctx, st, e, l); err != nil {
				return out, err
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// latestBill is the programme's latest live TA bill (the store gives them
// oldest first) as ebt.Plan reads it: a corrected bill replaces the
// earlier for payment, whoever sent either (folder drops do not supersede
// each other in the store). nil when there is none.
func latestBill(bills []store.EBTBill) *ebt.Bill {
	if len(bills) == 0 {
		return nil
	}
	b := bills[len(bills)-1]
	pb := &ebt.Bill{SubmissionID: b.ID, File: b.File, Final: billFinal(b.Stored), Recorded: true}
	for _, r := range b.Rows {
		pb.Recorded = pb.Recorded && r.BankRecorded
		pb.Payees = append(pb.Payees, ebt.Payee{Kind: r.Kind, Row: r.Row, Name: r.Name, PEN: r.PEN, Office: r.Office,
			AccountNo: r.AccountNo, IFSC: r.IFSC, Claimed: r.Claimed, Admissible: r.Admissible})
	}
	return pb
}

// billFinal: a bill's list is final when the bill is clean or the
// facilitator approved its deviations; a returned bill, one awaiting a
// decision, queried or rejected, gives a draft.
func billFinal(st store.Stored) bool {
	return st.Status == stpclaims.StatusClean || st.Status == stpclaims.StatusReview && st.Review == store.ReviewApproved
}

func billState(st store.Stored) string {
	switch {
	case st.Status == stpclaims.StatusReview && st.Review == store.ReviewOpen:
		return "deviations awaiting a decision"
	case st.Status == stpclaims.StatusReview:
		return "deviations " + string(st.Review)
	}
	return string(st.Status)
}

// reportFields decodes a report's fields alone (its findings, which may be
// many, are passed over), by canonical name, trimmed.
func reportFields(report []byte) (map[string]string, error) {
	var rep struct {
		Fields map[string]struct {
			Value string `json:"value"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(report, &rep); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rep.Fields))
	for name, f := range rep.Fields {
		out[name] = strings.TrimSpace(f.Value)
	}
	return out, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeList writes a list's workbook, sealed with the store's key, and,
// for a final list with payments not yet uploaded, its upload file; the
// files of the list's other state (a draft made final) are removed.
func writeList(ctx context.Context, st EBTStore, e EBT, l stpclaims.EBTList) ([]string, error) {
	if e.Dir == "" {
		return nil, nil
	}
	key, err := st.WorkbookKey(ctx)
	if err != nil {
		return nil, err
	}
	b := ebtbook.Book{List: &l, CheckDigits: e.Layout.CheckDigits, Zone: e.zone(), Seal: key}
	if bill, err := st.Submission(ctx, l.SubmissionID); err == nil {
		b.BillFile, b.BillState = bill.File, billState(bill)
		if fields, err := reportFields(bill.ReportJSON); err == nil {
			b.ProgrammeName = fields["programme_name"]
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	name := ebtbook.Name(&l)
	upload := !l.Draft && l.Uploaded == nil && l.Payments() > 0
	if upload {
		b.UploadFile = name + "." + e.Layout.Extension
	}
	book, err := ebtbook.Bytes(b)
	if err != nil {
		return nil, err
	}
	var csv bytes.Buffer
	if upload {
		if err := e.Layout.Write(&csv, &l, l.Made.In(e.zone())); err != nil {
			return nil, fmt.Errorf("e-BT list %d: %w", l.ID, err)
		}
	}
	ebtFiles.Lock()
	defer ebtFiles.Unlock()
	if err := os.MkdirAll(e.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("e-BT folder: %w", err)
	}
	other := l
	other.Draft = !l.Draft
	for _, old := range []string{ebtbook.Name(&other) + ".xlsx", ebtbook.Name(&other) + "." + e.Layout.Extension} {
		if err := os.Remove(filepath.Join(e.Dir, old)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("e-BT list %d: %w", l.ID, err)
		}
	}
	files := []string{filepath.Join(e.Dir, name+".xlsx")}
	if err := atomicfile.Write(files[0], book); err != nil {
		return nil, err
	}
	if upload {
		files = append(files, filepath.Join(e.Dir, b.UploadFile))
		if err := atomicfile.Write(files[1], csv.Bytes()); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// MarkEBTUploaded records that the Finance Division uploaded a list on day
// (by whom: an address or a name), refusing with an *ebt.Refusal a draft,
// a list with nothing to pay, a day to come or one before the list was
// made, a list marked before (Refusal.Already) and, when fingerprint is
// not "", a list changed since the workbook it came from. The list's
// workbook is written again to show the mark.
func MarkEBTUploaded(ctx context.Context, st EBTStore, e EBT, id int64, fingerprint string, up stpclaims.EBTUpload, now time.Time) (stpclaims.EBTList, error) {
	if up.Recorded.IsZero() {
		up.Recorded = now
	}
	l, err := st.MarkEBTUploaded(ctx, id, up, func(l stpclaims.EBTList) error {
		return ebt.CanMark(&l, fingerprint, up.On, now.In(e.zone()), e.zone())
	})
	if err != nil {
		return l, err
	}
	_, err = writeList(ctx, st, e, l)
	return l, err
}

// ebt is the desk's EBT with its zone, and bills too large for a list
// logged.
func (d *Desk) ebt(log *slog.Logger) EBT {
	e := d.EBT
	if e.Zone == nil {
		e.Zone = d.zone()
	}
	e.TooLarge = func(code, file string, rows int) {
		log.Warn("no e-BT list: the bill has more rows than a programme's bill can", "programme", code, "bill", file, "rows", rows, "most", ebt.MaxPayees)
	}
	return e
}

// syncEBT brings a programme's lists up to date after one of its TA bills
// was entered. The bill is entered and answered whatever happens here: a
// failure is logged, and the next rebuild of the ledger tries again.
func (d *Desk) syncEBT(ctx context.Context, code string, log *slog.Logger) {
	if d.EBT.Dir == "" || code == "" {
		return
	}
	e := d.ebt(log)
	written, err := SyncEBT(ctx, d.Store, e, code, d.now())
	if err != nil {
		log.Error("e-BT lists not brought up to date; the next ledger rebuild tries again", "programme", code, "err", err)
		return
	}
	for _, w := range written {
		if w.New || w.Changed {
			log.Info("e-BT list written", "programme", code, "list", w.List.ID, "draft", w.List.Draft, "new", w.New,
				"payments", w.List.Payments(), "total", w.List.Total().String(), "files", w.Files)
		}
	}
}

// SyncAllEBT brings up to date the lists of every programme whose latest
// bill, or its review state, changed since they were planned (after a
// facilitator's decision, and as a catch-up for a sync that failed); the
// ledger's rebuild runs it first.
func (d *Desk) SyncAllEBT(ctx context.Context) error {
	if d.EBT.Dir == "" {
		return nil
	}
	e := d.ebt(d.log())
	written, err := syncEBT(ctx, d.Store, e, "", true, d.now())
	for _, w := range written {
		if w.New || w.Changed {
			d.log().Info("e-BT list written", "programme", w.List.ProgrammeCode, "list", w.List.ID, "draft", w.List.Draft, "new", w.New, "files", w.Files)
		}
	}
	return err
}
