package isolate

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/internal/scratch"
	"stpclaims/ledger"
	"stpclaims/process"
	"stpclaims/validate"
)

// The test binary is also the children's program: with one of these as its
// first argument it serves as a child instead of running the tests.
const (
	childArg = "isolate-child" // a real child: ServeChild
	crashArg = "crash-child"   // a child that dies on its first file
)

func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case childArg:
			log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			if err := ServeChild(context.Background(), os.Stdin, os.Stdout, log); err != nil {
				os.Stderr.WriteString(err.Error() + "\n")
				os.Exit(2)
			}
			os.Exit(0)
		case crashArg:
			crashChild()
		}
	}
	// The tests' own temporary directory, which the children's nest in.
	_, remove, err := scratch.Init("isolate-test")
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	code := m.Run()
	_ = remove()
	os.Exit(code)
}

// crashChild answers the setup, takes one file and dies as a runtime crash
// would.
func crashChild() {
	if _, _, err := scratch.Init("crash"); err != nil { // left behind by the crash
		os.Exit(3)
	}
	dec := gob.NewDecoder(bufio.NewReader(os.Stdin))
	out := bufio.NewWriter(os.Stdout)
	enc := gob.NewEncoder(out)
	var m toChild
	if dec.Decode(&m) != nil || m.Setup == nil {
		os.Exit(3)
	}
	_ = enc.Encode(fromChild{Ready: true})
	_ = out.Flush()
	_ = dec.Decode(&m)
	os.Stderr.WriteString("fatal error: something went wrong in the runtime\n")
	os.Exit(2)
}

var received = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

func example(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../examples/annexure2-example.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func newPool(t testing.TB, cfg Config) *Pool {
	t.Helper()
	if cfg.Command == nil {
		cfg.Command = []string{os.Args[0], childArg}
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// childDirs lists the temporary directories of this test's children.
func childDirs(t testing.TB) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(scratch.Dir(), scratch.Prefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPool_Check_sameAsInProcess(t *testing.T) {
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	in := &process.Checker{Cards: cards}
	p := newPool(t, Config{Workers: 2})
	sub := stpclaims.NewSubmission("claim.xlsx", example(t), stpclaims.SourceFolder, received)
	want, err := in.Check(context.Background(), sub)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // the same child again, and a second one
		got, err := p.Check(context.Background(), sub)
		if err != nil {
			t.Fatalf("check %d: %v", i, err)
		}
		if string(got.JSON()) != string(want.JSON()) {
			t.Errorf("check %d: the child's report differs:\n%s\nin process:\n%s", i, got.JSON(), want.JSON())
		}
		if got.Programmes[0].Report.Status != want.Programmes[0].Report.Status || len(got.Programmes[0].Report.Findings) != len(want.Programmes[0].Report.Findings) ||
			got.AnnotatedName != want.AnnotatedName || len(got.Annotated) == 0 {
			t.Errorf("check %d: got %s with %d findings, %q (%d bytes); want %s with %d, %q", i,
				got.Programmes[0].Report.Status, len(got.Programmes[0].Report.Findings), got.AnnotatedName, len(got.Annotated),
				want.Programmes[0].Report.Status, len(want.Programmes[0].Report.Findings), want.AnnotatedName)
		}
	}
}

// history is a store's history of every programme: the programme's
// advance requested by another sender three days before; or failing with
// err.
type history struct {
	mu    sync.Mutex
	codes []string
	err   error
}

func (h *history) AdvanceHistory(_ context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.codes = append(h.codes, codes...)
	if h.err != nil {
		return nil, h.err
	}
	var events []stpclaims.AdvanceEvent
	for _, code := range codes {
		events = append(events, stpclaims.AdvanceEvent{Action: stpclaims.ActionRequest, Code: code, Claim: 7,
			Source: "x", By: "someone.else@kerala.gov.in", At: received.AddDate(0, 0, -3),
			Amount:  decimal.NewNullDecimal(decimal.NewFromInt(50000)),
			Request: &stpclaims.AdvanceTerms{Status: stpclaims.StatusClean, Coordinator: "someone.else@kerala.gov.in"}})
	}
	return events, nil
}

// folded is the same history folded in this process, as desk.Advances
// gives the register to the checker.
type folded struct {
	h     *history
	cards *validate.Cards
}

func (f folded) Programme(ctx context.Context, code string) (*ledger.Register, error) {
	events, err := f.h.AdvanceHistory(ctx, code)
	if err != nil {
		return nil, err
	}
	return ledger.Fold(f.cards, stpclaims.DefaultZone(), events), nil
}

func TestPool_Check_history(t *testing.T) {
	sub := stpclaims.NewSubmission("claim.xlsx", example(t), stpclaims.SourceMail, received)
	sub.Sender = "coordinator@kerala.gov.in"
	t.Run("the child folds the register from the parent's history, as the checker in process does", func(t *testing.T) {
		h := &history{}
		p := newPool(t, Config{History: h})
		res, err := p.Check(context.Background(), sub)
		if err != nil {
			t.Fatal(err)
		}
		cards, err := validate.NewCards()
		if err != nil {
			t.Fatal(err)
		}
		want, err := (&process.Checker{Cards: cards, Ledger: folded{h: &history{}, cards: cards}}).Check(context.Background(), sub)
		if err != nil {
			t.Fatal(err)
		}
		if string(res.JSON()) != string(want.JSON()) {
			t.Errorf("the child's report differs from the one in process:\n%s\n%s", res.JSON(), want.JSON())
		}
		if !slices.ContainsFunc(res.Programmes[0].Report.Findings, func(f stpclaims.Finding) bool { return f.Rule == "AII-DUPLICATE" }) {
			t.Errorf("no AII-DUPLICATE among %d findings; the history was asked for %q", len(res.Programmes[0].Report.Findings), h.codes)
		}
	})
	t.Run("the store's error is the error", func(t *testing.T) {
		locked := errors.New("store: database is locked")
		p := newPool(t, Config{History: &history{err: locked}})
		if _, err := p.Check(context.Background(), sub); !errors.Is(err, locked) || !errors.Is(err, process.ErrLedger) {
			t.Errorf("Check = %v, want the store's error", err)
		}
	})
}

func TestPool_Check_convert(t *testing.T) {
	xlsx := example(t)
	var asked []string
	p := newPool(t, Config{Convert: func(_ context.Context, name string, data []byte) ([]byte, error) {
		asked = append(asked, name)
		return xlsx, nil
	}})
	ods, err := os.ReadFile("../ingest/read/testdata/label-value.ods")
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Check(context.Background(), stpclaims.NewSubmission("claim.ods", ods, stpclaims.SourceFolder, received))
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 1 || res.Programmes[0].Report.Form != stpclaims.FormAnnexureII || !strings.Contains(res.Note, ".ods") {
		t.Errorf("conversions asked %q; report %s, note %q; want one conversion and the converted form", asked, res.Programmes[0].Report.Form, res.Note)
	}
}

func TestPool_Check_workerDies(t *testing.T) {
	p := newPool(t, Config{Command: []string{os.Args[0], crashArg}})
	sub := stpclaims.NewSubmission("claim.xlsx", example(t), stpclaims.SourceFolder, received)
	for i := range 2 { // and once more: the dead child is replaced
		_, err := p.Check(context.Background(), sub)
		if !errors.Is(err, ErrWorkerDied) {
			t.Errorf("check %d = %v, want ErrWorkerDied", i, err)
		}
	}
	if dirs := childDirs(t); len(dirs) != 0 {
		t.Errorf("dead children's directories left: %q", dirs)
	}
}

func TestPool_Check_callerCancels(t *testing.T) {
	p := newPool(t, Config{Timeout: time.Hour, Convert: func(ctx context.Context, _ string, _ []byte) ([]byte, error) {
		<-ctx.Done() // a conversion that never ends by itself
		return nil, ctx.Err()
	}})
	ods, err := os.ReadFile("../ingest/read/testdata/label-value.ods")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = p.Check(ctx, stpclaims.NewSubmission("claim.ods", ods, stpclaims.SourceFolder, received))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Check = %v, want the caller's deadline as the error", err)
	}
	// The pool goes on with a fresh child.
	res, err := p.Check(context.Background(), stpclaims.NewSubmission("claim.xlsx", example(t), stpclaims.SourceFolder, received))
	if err != nil || res.Programmes[0].Report.Form != stpclaims.FormAnnexureII {
		t.Errorf("after a cancelled check: %v, %s", err, res.Programmes[0].Report.Form)
	}
}

func TestPool_Check_fileTimeLimit(t *testing.T) {
	p := newPool(t, Config{Timeout: 300 * time.Millisecond, Convert: func(ctx context.Context, _ string, _ []byte) ([]byte, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	ods, err := os.ReadFile("../ingest/read/testdata/label-value.ods")
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Check(context.Background(), stpclaims.NewSubmission("claim.ods", ods, stpclaims.SourceFolder, received))
	if err != nil {
		t.Fatal(err)
	}
	if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable || !strings.Contains(res.Programmes[0].Report.Reason, "more time") {
		t.Errorf("Check = %s %q; want rejected-unreadable for its time", res.Programmes[0].Report.Status, res.Programmes[0].Report.Reason)
	}
}

func TestPool_TooLarge(t *testing.T) {
	p := newPool(t, Config{})
	res := p.TooLarge(stpclaims.NewSubmission("huge.xlsx", []byte("PK"), stpclaims.SourceFolder, received), 5<<30)
	if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable || !strings.Contains(res.Programmes[0].Report.Reason, "5.0 GB") || len(res.JSON()) == 0 {
		t.Errorf("TooLarge = %s %q", res.Programmes[0].Report.Status, res.Programmes[0].Report.Reason)
	}
}

func TestPool_Close(t *testing.T) {
	p := newPool(t, Config{Workers: 2})
	sub := stpclaims.NewSubmission("claim.xlsx", example(t), stpclaims.SourceFolder, received)
	if _, err := p.Check(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Check(context.Background(), sub); !errors.Is(err, ErrClosed) {
		t.Errorf("Check after Close = %v, want ErrClosed", err)
	}
	if dirs := childDirs(t); len(dirs) != 0 {
		t.Errorf("children's directories left after Close: %q", dirs)
	}
}
