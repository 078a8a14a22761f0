// Package sealedbook opens a workbook stpclaims sealed (package
// internal/seal) when it comes back: a facilitator's review workbook, the
// Finance Division's Sanctions workbook, an e-BT list workbook. It is the
// one place that tells such a workbook from a claim (IsMarked), opens it
// within the unzip limits, checks its marker, reads its marker cells and
// the tables its token protects (raw values, as the writer signed them)
// and verifies the token.
//
// It does not know what the rows mean: each reader (ingest/review,
// ingest/sanctions, output/ebtbook) says which workbook it expects in a
// Spec, gets back the verified cells and reads its rows from them, so
// that what it reads is what was verified.
package sealedbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
)

const (
	// maxUnzipped bounds what a returned workbook may unpack to; one of
	// its XML parts may unpack to half of it.
	maxUnzipped = 64 << 20
	// maxWorkbookXML bounds what IsMarked reads of xl/workbook.xml.
	maxWorkbookXML = 1 << 20
)

// IsMarked reports whether data is a workbook of the kind markerSheet
// marks, cheaply: an .xlsx whose workbook names the marker sheet. Open
// confirms it.
func IsMarked(data []byte, markerSheet string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxWorkbookXML))
		if err != nil {
			return false
		}
		return bytes.Contains(b, []byte(`name="`+markerSheet+`"`))
	}
	return false
}

// Cell is a cell of a sheet, such as {"List", "C5"}.
type Cell struct{ Sheet, Cell string }

// Spec is the kind of workbook a reader expects.
type Spec struct {
	// Not is the reader's sentinel error: what Open returns, or wraps,
	// when data is not a workbook of this kind.
	Not error
	// The marker sheet, and the cell of it that holds MarkerText (as
	// shown).
	MarkerSheet, MarkerCell, MarkerText string
	// Layout is what the token protects. When VersionCell is set, the
	// layout is instead the one LayoutFor gives for the version that
	// cell of the marker sheet holds (raw): a workbook sent out by an
	// earlier version is still taken.
	Layout      seal.Layout
	VersionCell string
	LayoutFor   func(version string) (seal.Layout, bool)
	// HeaderRow is the row of each protected sheet's header (1-based; 0
	// is 1): the table is that row and the rows under it.
	HeaderRow int
	// Cells are the cells outside the tables the reader wants as well
	// (raw values), read once the token verifies.
	Cells []Cell
}

// Book is what a returned workbook holds where its token was verified.
type Book struct {
	// Marker is each cell of the marker sheet the layout names, and its
	// token cell (raw values).
	Marker map[string]string
	// Tables are the layout's sheets, in its order; a sheet the workbook
	// lacks, or one shorter than the header row, has neither header nor
	// rows.
	Tables []seal.Table
	// Cells holds the Spec's Cells.
	Cells map[Cell]string
}

// Open reads a returned workbook of the kind spec names, once its token
// verifies with key. A workbook that cannot be opened, or whose marker
// does not say spec.MarkerText, is spec.Not (wrapped, when there is more
// to say); one whose token does not verify is refused with an error
// wrapping seal.ErrForged, and nothing of it is returned.
func Open(data []byte, key seal.Key, spec Spec) (*Book, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped / 2})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", spec.Not, err)
	}
	defer f.Close()
	if v, err := f.GetCellValue(spec.MarkerSheet, spec.MarkerCell); err != nil || v != spec.MarkerText {
		return nil, spec.Not
	}
	raw := excelize.Options{RawCellValue: true}
	layout := spec.Layout
	if spec.VersionCell != "" {
		version, _ := f.GetCellValue(spec.MarkerSheet, spec.VersionCell, raw)
		var ok bool
		if layout, ok = spec.LayoutFor(version); !ok {
			return nil, fmt.Errorf("%w (its version %q is not one stpclaims writes)", seal.ErrForged, version)
		}
	}
	b := &Book{Marker: map[string]string{}, Tables: make([]seal.Table, len(layout.Sheets))}
	for _, cell := range append([]string{layout.Token}, layout.Marker...) {
		b.Marker[cell], _ = f.GetCellValue(spec.MarkerSheet, cell, raw)
	}
	for i, s := range layout.Sheets {
		if b.Tables[i], err = table(f, s.Name, max(spec.HeaderRow, 1)); err != nil {
			return nil, fmt.Errorf("%w: %w", spec.Not, err)
		}
	}
	if err := key.Verify(layout, b.Marker, b.Tables, b.Marker[layout.Token]); err != nil {
		return nil, err
	}
	b.Cells = make(map[Cell]string, len(spec.Cells))
	for _, c := range spec.Cells {
		if b.Cells[c], err = f.GetCellValue(c.Sheet, c.Cell, raw); err != nil {
			return nil, fmt.Errorf("%w: the %s sheet: %w", spec.Not, c.Sheet, err)
		}
	}
	return b, nil
}

// table reads sheet as its header row (headerRow, 1-based) and the rows
// under it, raw; a sheet f lacks has neither.
func table(f *excelize.File, sheet string, headerRow int) (seal.Table, error) {
	t := seal.Table{Sheet: sheet}
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return t, nil
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return t, fmt.Errorf("the %s sheet: %w", sheet, err)
	}
	if len(rows) >= headerRow {
		t.Header, t.Rows = rows[headerRow-1], rows[headerRow:]
	}
	return t, nil
}
