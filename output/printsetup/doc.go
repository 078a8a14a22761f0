// Package printsetup makes a worksheet written with excelize print well on
// A4, in LibreOffice and in Excel alike: the page setup (orientation chosen
// to fit, one page wide, the header rows repeated on every page, margins, a
// footer with a given text and the page number), row heights for wrapped
// text (LibreOffice does not grow the rows excelize writes, so wrapped text
// would lie over the rows below), and the number formats people read:
// rupees with Indian digit grouping (6,22,262) and dates as dd.mm.yyyy.
//
// Every package that writes a workbook for a person uses it: the blank
// templates, the Findings sheet of an annotated copy, the ledger and the
// review workbook.
//
// Row heights are estimated, not measured: the text's width is worked out
// from a table of character widths (Latin and Malayalam) that errs on the
// wide side of LibreOffice's default font, then wrapped word by word into
// the cell's width. A row may come out a little taller than Excel needs; it
// never comes out shorter than LibreOffice needs for the texts it was fitted
// against (the package's integration test renders them).
//
// The package does not choose what goes in a sheet, its column widths or
// its styles (other than the number formats it names), and it never opens
// or saves a file.
package printsetup
