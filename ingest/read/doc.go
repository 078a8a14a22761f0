// Package read turns a submitted file's bytes into its stpclaims.Forms: it
// recognises what the file is by its content (never its name), refuses files
// that are not readable workbooks (empty, corrupt, OpenDocument, Excel
// 97-2003, password-protected, oversized or decompression bombs) with a
// *stpclaims.Rejection saying what to send instead, opens the rest with
// excelize under size limits, tells on each sheet an Annexure II from a TA
// bill and a settlement statement by their labels (a workbook may hold
// several forms, one a sheet), and reads each field by its label wherever
// the co-ordinator put it, remembering the cell every value came from.
//
// What the sender hid is not read as a claim: hidden and very hidden
// sheets are left out (detect.go), hidden rows and columns never reach a
// form reader (hidden.go). What was not read, those and the sheets holding
// no form, is told with the forms (stpclaims.Form.Unread) for the report to
// name.
//
// Every sheet is read row by row through one reader (rows.go): a scanner
// over the sheet's stored XML where it can read it, handing over to
// excelize's Rows iterator at the row where it cannot. A worksheet over
// 8 MB is never held whole: excelize keeps it in a temporary file, and the
// scanner (and later the annotator) read it from the submitted bytes in
// chunks (open.go, internal/xlsxpart). A long table's rows share arena
// blocks for their cells' references and raw texts (table.go).
//
// It does not judge the values: it knows no rates and no rules (that is
// package validate), and it writes nothing (the annotated copy is package
// output's, written onto Workbook.File). A value it cannot read without
// guessing is returned as stpclaims.Unreadable with its raw text and cell.
package read

//go:generate go run ./internal/fixturegen -testdata testdata -examples ../../examples
