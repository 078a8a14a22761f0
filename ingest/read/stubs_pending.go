package read

// Temporary stand-ins for the TA bill and settlement readers, which are being
// written in tabill.go and settlement.go; delete this file when they land.

import (
	"context"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

func readTABill(ctx context.Context, f *excelize.File) (*stpclaims.TABill, error) {
	return nil, &stpclaims.Rejection{Form: stpclaims.FormTABill, Reason: "TA bills are not read yet"}
}

func readSettlement(ctx context.Context, f *excelize.File) (*stpclaims.Settlement, error) {
	return nil, &stpclaims.Rejection{Form: stpclaims.FormSettlement, Reason: "settlement statements are not read yet"}
}
