package isolate

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"stpclaims/internal/scratch"
	"stpclaims/ledger"
	"stpclaims/process"
	"stpclaims/validate"
)

// ChildCommand is the hidden subcommand a Pool starts its children with:
// `stpclaims check-child`. Its main calls ServeChild.
const ChildCommand = "check-child"

// childSlack is how much longer than the parent's limit a child's own
// checker waits: the parent kills first, so that work past the limit stops.
const childSlack = time.Minute

// ErrProtocol: a message out of turn between a Pool and its child.
var ErrProtocol = errors.New("isolate: unexpected message")

// ServeChild is the child's side: it reads the setup and then submissions
// from in, checks each, and writes the answers to out, until in ends. It
// works in a temporary directory of its own (package scratch: the one the
// caller made, else one made here), emptied after each check. Logs go to
// log.
func ServeChild(ctx context.Context, in io.Reader, out io.Writer, log *slog.Logger) error {
	if scratch.Dir() == "" {
		_, remove, err := scratch.Init("check")
		if err != nil {
			return err
		}
		defer remove()
	}

	br := bufio.NewReader(in) // an io.ByteReader: the decoder reads no further than a message
	l := &link{dec: gob.NewDecoder(br), out: bufio.NewWriter(out)}
	l.enc = gob.NewEncoder(l.out)
	var first toChild
	if err := l.dec.Decode(&first); err != nil {
		return fmt.Errorf("isolate: reading the setup: %w", err)
	}
	if first.Setup == nil {
		return fmt.Errorf("%w: the first message is not the setup", ErrProtocol)
	}
	checker, err := childChecker(*first.Setup, log)
	if err != nil {
		return err
	}
	if first.Setup.Ledger {
		l.cards, l.zone = checker.Cards, checker.Zone
		checker.Ledger = l
	}
	if first.Setup.Convert {
		checker.Convert = l.convert
	}
	if err := l.send(fromChild{Ready: true}); err != nil {
		return err
	}
	for {
		var m toChild
		if err := l.dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the parent is done with this child
			}
			return fmt.Errorf("isolate: reading a request: %w", err)
		}
		if m.Check == nil {
			return fmt.Errorf("%w: expected a submission", ErrProtocol)
		}
		if err := readFile(br, m.Check); err != nil {
			return err
		}
		h, parts := splitResult(checker.Check(ctx, m.Check.Sub))
		if err := l.send(fromChild{Result: &h}); err != nil {
			return err
		}
		for i := range parts {
			if err := l.send(fromChild{Part: &parts[i]}); err != nil {
				return err
			}
		}
		if err := scratch.Clean(); err != nil {
			log.Warn("isolate: emptying the temporary directory", "err", err)
		}
	}
}

// childChecker is the child's in-process checker, made from the setup.
func childChecker(s setup, log *slog.Logger) (*process.Checker, error) {
	var loaded []*validate.Card
	for i, data := range s.Rates {
		c, err := validate.ParseCard(data)
		if err != nil {
			return nil, fmt.Errorf("isolate: rate card %d: %w", i+1, err)
		}
		loaded = append(loaded, c)
	}
	cards, err := validate.NewCards(loaded...)
	if err != nil {
		return nil, fmt.Errorf("isolate: %w", err)
	}
	return &process.Checker{Cards: cards, Limits: s.Limits, Timeout: s.Timeout + childSlack,
		Zone: zone(s.Zone), Log: log}, nil
}

// zone is the named zone, or Indian Standard Time.
func zone(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.FixedZone("IST", 5*3600+1800)
}

// link is the child's end of the pipes. During a check it asks the parent
// its two questions and waits for each answer: the parent sends nothing
// else while a check is in hand.
type link struct {
	mu  sync.Mutex // one question at a time
	dec *gob.Decoder
	enc *gob.Encoder
	out *bufio.Writer
	// The register is folded here from the history the parent sends, with
	// the child's cards and zone.
	cards *validate.Cards
	zone  *time.Location
}

var _ process.Ledger = (*link)(nil)

func (l *link) send(m fromChild) error {
	if err := l.enc.Encode(m); err != nil {
		return fmt.Errorf("isolate: writing to the parent: %w", err)
	}
	if err := l.out.Flush(); err != nil {
		return fmt.Errorf("isolate: writing to the parent: %w", err)
	}
	return nil
}

func (l *link) ask(q fromChild) (toChild, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.send(q); err != nil {
		return toChild{}, err
	}
	var a toChild
	if err := l.dec.Decode(&a); err != nil {
		return toChild{}, fmt.Errorf("isolate: reading the parent's answer: %w", err)
	}
	return a, nil
}

// Programme asks the parent for the history of a programme and folds it
// into the programme's register.
func (l *link) Programme(_ context.Context, code string) (*ledger.Register, error) {
	a, err := l.ask(fromChild{Ledger: &ledgerCall{Code: code}})
	if err != nil {
		return nil, err
	}
	if a.Ledger == nil {
		return nil, fmt.Errorf("%w: expected the programme's history", ErrProtocol)
	}
	if a.Ledger.Err != "" {
		return nil, errors.New(a.Ledger.Err)
	}
	return ledger.Fold(l.cards, l.zone, a.Ledger.Events), nil
}

// convert asks the parent to convert an .ods or .xls workbook.
func (l *link) convert(_ context.Context, name string, data []byte) ([]byte, error) {
	a, err := l.ask(fromChild{Convert: &convertCall{Name: name, Data: data}})
	if err != nil {
		return nil, err
	}
	if a.Convert == nil {
		return nil, fmt.Errorf("%w: expected a conversion", ErrProtocol)
	}
	if a.Convert.Err != "" {
		return nil, errors.New(a.Convert.Err)
	}
	return a.Convert.Data, nil
}
