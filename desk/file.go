package desk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/review"
	"stpclaims/ingest/sanctions"
	"stpclaims/internal/atomicfile"
	"stpclaims/output"
	"stpclaims/output/ebtbook"
	"stpclaims/process"
	"stpclaims/store"
)

// HandleFile answers one file dropped in the shared folder: check it,
// write the annotated copy, the JSON report and the reply text into the
// outbox, record it in the store, and only then let the watcher move it
// (Done, or Failed for a file not readable as a form). A review workbook
// has its decisions recorded and answered; bytes entered before are not
// entered again. It works under ctx, which the caller makes the daemon's
// work context rather than the watcher's, so a stop lets the file in hand
// finish.
func (d *Desk) HandleFile(ctx context.Context, f folder.File) (folder.Outcome, error) {
	began := time.Now()
	data, size, err := folder.ReadFile(f.Path, d.maxFileBytes())
	if err != nil {
		return folder.Failed, fmt.Errorf("reading %s: %w", f.Path, err)
	}
	sub := stpclaims.NewSubmission(f.Name, data, stpclaims.SourceFolder, f.FirstSeen)
	dir := filepath.Join(d.Outbox, OutboxDirName(sub))
	if size > d.maxFileBytes() {
		return d.answerTooLarge(sub, size, dir)
	}
	if ebtbook.Is(data) {
		return d.takeDropped(ctx, sub, dir, d.TakeEBTReturn, "e-BT list workbook taken")
	}
	if review.Is(data) {
		return d.takeDropped(ctx, sub, dir, d.TakeReview, "review workbook taken")
	}
	if sanctions.Is(data) {
		return d.takeDropped(ctx, sub, dir, d.TakeSanctions, "Sanctions workbook taken")
	}
	prior, ok, err := d.Store.Entered(ctx, sub.SHA256)
	if err != nil {
		return 0, err
	}
	if ok {
		return d.answerDropAgain(f, sub, prior, dir)
	}
	return d.enterDrop(ctx, sub, dir, began)
}

// OutboxDirName is the folder of one submission's outputs: its name and the
// first hex digits of its sha256, so the same bytes always land in the same
// place and two files of one name never collide. A name too long for a
// file system is shortened (process.Stem).
func OutboxDirName(sub stpclaims.Submission) string {
	return process.Stem(sub.Name) + "-" + sub.SHA256[:12]
}

// answerTooLarge answers a file larger than the limit from its size: its
// report and reply text go to the outbox; it is not entered (its bytes were
// never read) and goes to failed/.
func (d *Desk) answerTooLarge(sub stpclaims.Submission, size int64, dir string) (folder.Outcome, error) {
	res := d.Checker.TooLarge(sub, size)
	if err := d.writeAnswer(dir, sub, res); err != nil {
		return 0, err
	}
	d.log().Warn("file too large: answered from its size", "file", sub.Name, "size", size, "outbox", dir)
	return folder.Failed, nil
}

// writeAnswer writes a checked file's outputs and reply text (a part for
// each of its forms) into dir and makes them durable together (one sync of
// the outbox's filesystem rather than six fsyncs).
func (d *Desk) writeAnswer(dir string, sub stpclaims.Submission, res process.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if _, err := WriteOutputs(dir, sub.Name, res); err != nil {
		return err
	}
	parts := make([]output.ReplyPart, len(res.Programmes))
	for i := range res.Programmes {
		parts[i] = output.ReplyPart{Report: &res.Programmes[i].Report, Note: res.Note, Attached: res.AnnotatedName}
	}
	if err := atomicfile.Replace(filepath.Join(dir, "reply.txt"), []byte(output.ReplyBody(parts))); err != nil {
		return err
	}
	return atomicfile.SyncFS(dir)
}

// WriteOutputs writes the annotated copy (when there is one) and the JSON
// report of a checked file (one line a programme) into dir, each whole but
// not yet durable, and returns the paths written.
func WriteOutputs(dir, name string, res process.Result) ([]string, error) {
	var written []string
	if res.Annotated != nil {
		p := filepath.Join(dir, res.AnnotatedName)
		if err := atomicfile.Replace(p, res.Annotated); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	p := filepath.Join(dir, process.ReportName(name))
	if err := atomicfile.Replace(p, res.JSON()); err != nil {
		return written, err
	}
	return append(written, p), nil
}

// taker records what a returned workbook says (TakeReview, TakeSanctions)
// and returns the answer to it, and whether it was all taken before.
type taker func(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error)

// takeDropped records what a returned workbook dropped in the folder says
// (a facilitator's review workbook, the Finance Division's Sanctions
// workbook) and writes the answer beside it.
func (d *Desk) takeDropped(ctx context.Context, sub stpclaims.Submission, dir string, take taker, logged string) (folder.Outcome, error) {
	answer, _, err := take(ctx, sub)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "reply.txt"), []byte(answer.Body)); err != nil {
		return 0, err
	}
	d.rebuild()
	d.log().Info(logged, "file", sub.Name)
	return folder.Done, nil
}

// answerDropAgain answers bytes entered before. The very drop entered
// before a crash or a failed move has its answer in the outbox already and
// is moved on; another drop of the same bytes gets a note beside the first
// answer, which stays as it was.
func (d *Desk) answerDropAgain(f folder.File, sub stpclaims.Submission, prior store.Prior, dir string) (folder.Outcome, error) {
	if prior.File == f.Name && prior.Received.Equal(f.FirstSeen) {
		d.log().Info("file entered before; moving it on", "file", f.Name, "sha256", sub.SHA256, "id", prior.ID)
		if prior.Status == stpclaims.StatusUnreadable {
			return folder.Failed, nil
		}
		return folder.Done, nil
	}
	d.log().Info("file already entered; not entered again", "file", f.Name, "sha256", sub.SHA256, "earlier", prior.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	note := output.DuplicateDropNote(f.Name, prior.File, prior.Received.In(d.zone()), prior.Status)
	again := "reply-again-" + f.FirstSeen.UTC().Format("20060102T150405Z") + ".txt"
	if err := atomicfile.Write(filepath.Join(dir, again), []byte(note)); err != nil {
		return 0, err
	}
	return folder.Done, nil
}

// enterDrop checks a new file and answers it. The three outputs are made
// durable before the store rows (one a programme, entered together) and the
// move to done/. A file whose check failed twice for its own sake is
// answered as unreadable, entered and moved to failed/ like any unreadable
// file: never tried again.
func (d *Desk) enterDrop(ctx context.Context, sub stpclaims.Submission, dir string, began time.Time) (folder.Outcome, error) {
	res, err := d.check(ctx, sub)
	if err != nil {
		return 0, err
	}
	if err := d.writeAnswer(dir, sub, res); err != nil {
		return 0, err
	}
	entries := make([]store.Entry, len(res.Programmes))
	for i, p := range res.Programmes {
		entries[i] = store.Entry{Submission: sub, Report: p.Report, ReportJSON: p.JSON,
			BillRows: billRows(p.BillRows), Processed: d.now()}
	}
	if err := d.Store.EnterMessage(ctx, entries, nil); err != nil {
		return 0, err
	}
	for _, e := range entries {
		if e.Report.Form == stpclaims.FormTABill {
			d.syncEBT(ctx, e.Report.ProgrammeCode, d.log().With("file", sub.Name))
		}
	}
	d.rebuild()
	for _, e := range entries {
		d.observe(stpclaims.SourceFolder, e.Report.Status, began)
		d.log().Info("file checked", "file", sub.Name, "sheet", e.Report.Sheet, "status", e.Report.Status, "findings", len(e.Report.Findings), "outbox", dir)
	}
	if res.Status() == stpclaims.StatusUnreadable {
		return folder.Failed, nil
	}
	return folder.Done, nil
}
