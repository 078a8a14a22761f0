package templates

import "stpclaims/validate"

// TABill returns the blank TA bill workbook (.xlsx) for card.
func TABill(card *validate.Card) ([]byte, error) { return nil, ErrUnknownKind }
