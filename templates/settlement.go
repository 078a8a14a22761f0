package templates

import "stpclaims/validate"

// Settlement returns the blank settlement statement workbook (.xlsx) for card.
func Settlement(card *validate.Card) ([]byte, error) { return nil, ErrUnknownKind }
