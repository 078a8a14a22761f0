// Package hostile writes the files a hostile or careless sender sends, for
// the tests that prove no such file takes the daemon down: decompression
// bombs that pass every size a zip declares, a sparse file of gigabytes, a
// damaged sheet, a TA bill with more findings than excelize can link, a
// name at the edge of what a file system accepts.
//
// A bomb's repeated text is deflated once and its bytes repeated (see
// deflate), so that making one costs the test almost nothing, even under
// the race detector; the files are meant for t.TempDir(), never for the
// repository. The package only writes files: what the right answer to each
// is belongs to the tests that use them.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// File is one hostile file written by All.
type File struct {
	Kind string // what it is, e.g. "styles-bomb"
	Path string
}

// All writes the eight hostile files into dir, built on base (a good
// Annexure II workbook, .xlsx): the styles bomb, the shared-strings bomb,
// the .ods repeated-cell bomb, a 5 GB sparse file, a sheet missing only
// `</worksheet>`, a zip whose headers understate a 300 MiB sheet, a TA bill
// of 70,000 findings and a good claim under a 250-character name.
func All(dir string, base []byte) ([]File, error) {
	files := []struct {
		kind, name string
		write      func(path string) error
	}{
		{"styles-bomb", "styles-bomb.xlsx", func(p string) error { return StylesBomb(p, base, 190<<20) }},
		{"shared-strings-bomb", "shared-strings-bomb.xlsx", func(p string) error { return SharedStringsBomb(p, base, 4_000_000) }},
		{"ods-bomb", "repeated-cells.ods", ODSBomb},
		{"sparse", "huge.xlsx", func(p string) error { return Sparse(p, 5<<30) }},
		{"truncated-sheet", "no-end-tag.xlsx", func(p string) error { return TruncatedSheet(p, base) }},
		{"understated-zip", "understated.xlsx", func(p string) error { return UnderstatedSheet(p, base, 300<<20) }},
		{"many-findings", "ta-bill-70000-findings.xlsx", func(p string) error { return ManyFindingsBill(p, 70_000) }},
		{"long-name", LongName(250, ".xlsx"), func(p string) error { return os.WriteFile(p, base, 0o644) }},
	}
	out := make([]File, 0, len(files))
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := f.write(path); err != nil {
			return nil, fmt.Errorf("hostile: %s: %w", f.kind, err)
		}
		out = append(out, File{Kind: f.kind, Path: path})
	}
	return out, nil
}

// LongName is a file name of exactly n bytes (ASCII) ending in ext.
func LongName(n int, ext string) string {
	stem := "claim-with-a-very-long-name-"
	for len(stem) < n-len(ext) {
		stem += "x"
	}
	return stem[:n-len(ext)] + ext
}

// StylesBomb writes base with its xl/styles.xml replaced by one that
// declares cellXfs of about size bytes of `<xf/>`: a few hundred kilobytes
// on disk, well inside every size limit the zip's directory shows.
func StylesBomb(path string, base []byte, size int64) error {
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`
	n := size / int64(len("<xf/>"))
	tail := `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
	return replacePart(path, base, "xl/styles.xml",
		once(fmt.Appendf(nil, "%s<cellXfs count=\"%d\">", head, n)), run{[]byte("<xf/>"), n}, once([]byte(tail)))
}

// SharedStringsBomb writes base with n empty strings appended to its shared
// strings (`<si><t/></si>`, 13 bytes each).
func SharedStringsBomb(path string, base []byte, n int64) error {
	sst, err := readPart(base, "xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	end := bytes.LastIndex(sst, []byte("</sst>"))
	if end < 0 {
		return fmt.Errorf("no </sst> in the base's shared strings")
	}
	return replacePart(path, base, "xl/sharedStrings.xml", once(sst[:end]), run{[]byte("<si><t/></si>"), n}, once(sst[end:]))
}

// TruncatedSheet writes base with the first worksheet missing only its
// closing `</worksheet>`.
func TruncatedSheet(path string, base []byte) error {
	sheet, err := readPart(base, "xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	cut := bytes.LastIndex(sheet, []byte("</worksheet>"))
	if cut < 0 {
		return fmt.Errorf("no </worksheet> in the base's sheet")
	}
	return replacePart(path, base, "xl/worksheets/sheet1.xml", once(sheet[:cut]))
}

// UnderstatedSheet writes base with its first worksheet grown by empty
// rows to size bytes, while the zip's local header and central directory
// declare the sheet's original size (and a CRC that does not match).
func UnderstatedSheet(path string, base []byte, size int64) error {
	sheet, err := readPart(base, "xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	at := bytes.Index(sheet, []byte("</sheetData>"))
	if at < 0 {
		return fmt.Errorf("no </sheetData> in the base's sheet")
	}
	row := []byte(`<row r="1048576"><c r="A1048576" t="s"><v>0</v></c></row>`)
	d, err := deflate(once(sheet[:at]), run{row, (size - int64(len(sheet))) / int64(len(row))}, once(sheet[at:]))
	if err != nil {
		return err
	}
	// what the headers declare: the sheet as it was
	d.size, d.crc = int64(len(sheet)), crc32.ChecksumIEEE(sheet)
	return writePart(path, base, "xl/worksheets/sheet1.xml", d)
}

// Sparse makes a file of size bytes that takes no room on disk (all
// zeros: no workbook at all).
func Sparse(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readPart returns one part of a zip package.
func readPart(pkg []byte, name string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	rc, err := zr.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// replacePart writes pkg to path with the part name's content made of the
// runs (deflated at the best level, sizes declared truthfully).
func replacePart(path string, pkg []byte, name string, content ...run) error {
	d, err := deflate(content...)
	if err != nil {
		return err
	}
	return writePart(path, pkg, name, d)
}

// writePart writes pkg to path with the part name's content d, declared
// as d says.
func writePart(path string, pkg []byte, name string, d deflated) error {
	return rewrite(path, pkg, func(zw *zip.Writer, zf *zip.File) (bool, error) {
		if zf.Name != name {
			return false, nil
		}
		w, err := zw.CreateRaw(d.header(name))
		if err != nil {
			return true, err
		}
		_, err = w.Write(d.comp)
		return true, err
	})
}

// rewrite copies the zip package pkg to path, part by part; replace may
// write a part itself (and report true) instead of the copy.
func rewrite(path string, pkg []byte, replace func(*zip.Writer, *zip.File) (bool, error)) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, zf := range zr.File {
		done, err := replace(zw, zf)
		if err != nil {
			return err
		}
		if !done {
			if err := zw.Copy(zf); err != nil {
				return err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// LongText writes pkg with every shared string equal to marker replaced by
// n characters of text: a cell far longer than Excel's 32,767 characters,
// which a sender can still put in the XML.
func LongText(path string, pkg []byte, marker string, n int64) error {
	sst, err := readPart(pkg, "xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	parts := bytes.Split(sst, []byte(">"+marker+"<"))
	if len(parts) < 2 {
		return fmt.Errorf("no shared string %q", marker)
	}
	var content []run
	for i, p := range parts {
		if i > 0 {
			content = append(content, once([]byte(">")), run{[]byte("x"), n}, once([]byte("<")))
		}
		content = append(content, once(p))
	}
	return replacePart(path, pkg, "xl/sharedStrings.xml", content...)
}
