package ebtbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"stpclaims/output/printsetup"
)

// draftHeader heads every printed page of a draft.
const draftHeader = `&C&"-,Bold"&14DRAFT, NOT FOR UPLOAD`

// printSetup makes a sheet print as every workbook for people does
// (printsetup: A4, one page wide, here landscape, the table's header row
// repeated, the footer's text and the page number), and for a draft
// "DRAFT, NOT FOR UPLOAD" at the head of every page.
func printSetup(f *excelize.File, sheet, area string, repeat int, footerText string, draft bool) error {
	if err := printsetup.Apply(f, sheet, printsetup.Page{Area: area, Orientation: printsetup.Landscape,
		RepeatFrom: repeat, RepeatTo: repeat, Footer: footerText}); err != nil {
		return err
	}
	if !draft {
		return nil
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil || hf == nil {
		return fmt.Errorf("ebtbook: header of %s: %v", sheet, err)
	}
	hf.OddHeader = draftHeader
	if err := f.SetHeaderFooter(sheet, hf); err != nil {
		return fmt.Errorf("ebtbook: header of %s: %w", sheet, err)
	}
	return nil
}
