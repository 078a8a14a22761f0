package desk

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/ledger"
	"stpclaims/store"
	"stpclaims/validate"
)

// AdvanceStore is the store as the advances' e-BT lists read it: the
// register's events. *store.Store is one.
type AdvanceStore interface {
	EBTStore
	AdvanceHistory(ctx context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error)
	EachRecordedEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error
}

var _ AdvanceStore = (*store.Store)(nil)

// advancePayee is the e-BT payee of a sanction: the co-ordinator the
// Annexure II names, to its line 23 account and IFSC, for the amount
// sanctioned.
func advancePayee(ctx context.Context, st EBTStore, sanction *stpclaims.AdvanceEvent) (*ebt.Bill, error) {
	claim, err := st.Submission(ctx, sanction.Claim)
	if err != nil {
		return nil, err
	}
	fields, err := reportFields(claim.ReportJSON)
	if err != nil {
		return nil, fmt.Errorf("the report of claim %d: %w", claim.ID, err)
	}
	return ebt.AdvanceBill(claim.ID, fields["coordinator"], fields["account_no"], fields["ifsc"], sanction.Amount.Decimal), nil
}

// advanceEBT makes the e-BT list of each advance just sanctioned. The
// sanctions are recorded whatever happens here: a failure is logged, and
// `stpclaims ebt` makes the list.
func (d *Desk) advanceEBT(ctx context.Context, recorded []stpclaims.AdvanceEvent, log *slog.Logger) {
	if d.EBT.Dir == "" {
		return
	}
	e := d.ebt(log)
	for i := range recorded {
		s := &recorded[i]
		if s.Action != stpclaims.ActionSanction || !s.Amount.Valid {
			continue
		}
		written, err := syncAdvance(ctx, d.Store, e, s, d.now())
		if err != nil {
			log.Error("the advance's e-BT list was not made; run stpclaims ebt", "programme", s.Code, "err", err)
			continue
		}
		for _, w := range written {
			if w.New || w.Changed {
				log.Info("e-BT list written", "programme", s.Code, "list", w.List.ID, "advance", true, "total", w.List.Total().String(), "files", w.Files)
			}
		}
	}
}

func syncAdvance(ctx context.Context, st EBTStore, e EBT, sanction *stpclaims.AdvanceEvent, now time.Time) ([]EBTWritten, error) {
	bill, err := advancePayee(ctx, st, sanction)
	if err != nil {
		return nil, err
	}
	return SyncAdvanceEBT(ctx, st, e, sanction.Code, bill, now)
}

// SyncAdvancesEBT plans the e-BT list of every advance the register holds
// as sanctioned and not withdrawn (of one programme, or of all for code
// ""), as the daemon does when finance sanctions one: for `stpclaims ebt`,
// and for sanctions recorded before the lists were made.
func SyncAdvancesEBT(ctx context.Context, st AdvanceStore, cards *validate.Cards, e EBT, code string, now time.Time) ([]EBTWritten, error) {
	codes := []string{code}
	if code == "" {
		seen := map[string]bool{}
		codes = nil
		err := st.EachRecordedEvent(ctx, func(ev stpclaims.AdvanceEvent) error {
			if k := stpclaims.ProgrammeKey(ev.Code); ev.Action == stpclaims.ActionSanction && !seen[k] {
				seen[k] = true
				codes = append(codes, ev.Code)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []EBTWritten
	for _, c := range codes {
		history, err := st.AdvanceHistory(ctx, c)
		if err != nil {
			return out, err
		}
		a := ledger.Fold(cards, e.zone(), history).Get(c)
		if a == nil || a.Sanctioned == nil || a.Withdrawn != nil || !a.Sanctioned.Amount.Valid {
			continue
		}
		w, err := syncAdvance(ctx, st, e, a.Sanctioned, now)
		if err != nil {
			return out, fmt.Errorf("e-BT list of %s's advance: %w", c, err)
		}
		out = append(out, w...)
	}
	return out, nil
}
