package read

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zipOf builds a zip archive of the named entries.
func zipOf(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpen_Rejections checks that every file that is not a readable form
// is refused with a Rejection that says what it is and what to send.
func TestOpen_Rejections(t *testing.T) {
	proforma := readTestdata(t, "proforma.xlsx")
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want []string // substrings of the reason
	}{
		{"empty", nil, Limits{}, []string{"empty"}},
		{"random bytes", random, Limits{}, []string{"not a workbook", ".xlsx"}},
		{"pdf", []byte("%PDF-1.7\n..."), Limits{}, []string{"a PDF document", ".xlsx"}},
		{"csv", []byte("Name,Amount\nFood,2000\n"), Limits{}, []string{"CSV", ".xlsx"}},
		{"truncated zip", proforma[:len(proforma)/2], Limits{}, []string{"damaged", "zip"}},
		{"zip that is no workbook", zipOf(t, map[string]string{"photo.jpg": "x", "notes.txt": "hello"}), Limits{}, []string{"zip archive that is not an Excel workbook"}},
		{"word document", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), Limits{}, []string{"Word document"}},
		{"ods", readTestdata(t, "label-value.ods"), Limits{}, []string{"an OpenDocument spreadsheet (.ods): save it as .xlsx (File > Save As > Excel 2007-365) and send again"}},
		{"odt", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), Limits{}, []string{"OpenDocument text document"}},
		{"password-protected", readTestdata(t, "encrypted.xlsx"), Limits{}, []string{"password-protected", "send it without a password"}},
		{"xls", readTestdata(t, "legacy.xls"), Limits{}, []string{"Excel 97-2003", "save it as .xlsx"}},
		{"over MaxFileBytes", proforma, Limits{MaxFileBytes: 1000}, []string{"more than the 1000 bytes", ".xlsx"}},
		{"unrelated workbook", readTestdata(t, "unrelated.xlsx"), Limits{}, []string{"this workbook is not an Annexure II claim, a TA bill or a settlement statement", `"Stock"`}},
		{"broken sheet xml", zipOf(t, map[string]string{
			"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
			"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Train`,
		}), Limits{}, []string{".xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := Open(context.Background(), "claim", tt.data, tt.lim)
			if err == nil {
				wb.Close()
				t.Fatalf("Open accepted the file as %q", wb.Forms[0].Kind)
			}
			var rej *stpclaims.Rejection
			if !errors.As(err, &rej) {
				t.Fatalf("err = %v (%T), want a *stpclaims.Rejection", err, err)
			}
			if rej.Form != stpclaims.FormUnknown {
				t.Errorf("Form = %q, want unknown", rej.Form)
			}
			for _, w := range tt.want {
				if !strings.Contains(rej.Reason, w) {
					t.Errorf("reason %q does not say %q", rej.Reason, w)
				}
			}
		})
	}
}

func TestOpen_Format(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "Training Programme Code")
	f.SetCellStr("Sheet1", "A2", "No. of participants")
	f.SetCellStr("Sheet1", "A3", "Advance claimed")
	for _, ext := range []string{"xlsx", "xlsm"} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(dir, "claim."+ext)
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// the name says nothing: content decides
			wb, err := Open(context.Background(), "claim.bin", data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			if wb.Format != ext {
				t.Errorf("Format = %q, want %q", wb.Format, ext)
			}
		})
	}
}

func TestOpen_Cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Open(ctx, "proforma.xlsx", readTestdata(t, "proforma.xlsx"), DefaultLimits())
	var rej *stpclaims.Rejection
	if !errors.Is(err, context.Canceled) || errors.As(err, &rej) {
		t.Errorf("err = %v, want context.Canceled and no rejection", err)
	}
}

// bombXLSX builds a small xlsx whose sheet XML inflates to sheetBytes of
// spaces. If declared is nonzero the zip header lies and declares that size
// instead. The deflate stream is one flushed chunk repeated, so building a
// gigabyte bomb takes no gigabyte.
func bombXLSX(t testing.TB, sheetBytes, declared uint64) []byte {
	t.Helper()
	const chunk = 1 << 20
	plain := bytes.Repeat([]byte(" "), chunk)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(plain)
	fw.Flush() // byte-aligned, non-final blocks that refer only to themselves
	block := bytes.Clone(comp.Bytes())
	n := sheetBytes / chunk
	var body bytes.Buffer
	crc := crc32.NewIEEE()
	head := []byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	// the head as a stored block, then the repeated chunks, then an empty
	// final block
	var hb bytes.Buffer
	hw, _ := flate.NewWriter(&hb, flate.NoCompression)
	hw.Write(head)
	hw.Flush()
	body.Write(hb.Bytes())
	crc.Write(head)
	for range n {
		body.Write(block)
		crc.Write(plain)
	}
	body.Write([]byte{0x03, 0x00}) // final, fixed-Huffman, end of block
	size := uint64(len(head)) + n*chunk
	if declared != 0 {
		size = declared
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(body.Len()), UncompressedSize64: size,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpen_ZipBomb checks that a tiny xlsx whose sheet inflates to
// gigabytes is refused without inflating it into memory or onto disk.
func TestOpen_ZipBomb(t *testing.T) {
	tests := []struct {
		name                 string
		sheetBytes, declared uint64
		want                 string
	}{
		{"honest header, 4 GiB sheet", 4 << 30, 0, "expands to"},
		{"honest header, 100 MiB sheet over the XML limit", 100 << 20, 0, "more than the 64 MB allowed for one sheet"},
		{"lying header, 1 GiB sheet declared 1 MiB", 1 << 30, 1 << 20, ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bombXLSX(t, tt.sheetBytes, tt.declared)
			if len(data) > 8<<20 {
				t.Fatalf("bomb is %d bytes, want a small file", len(data))
			}
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp) // excelize spills large sheets to os.TempDir

			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			wb, err := Open(context.Background(), "bomb.xlsx", data, DefaultLimits())
			runtime.ReadMemStats(&after)
			if err == nil {
				wb.Close()
				t.Fatal("Open accepted a zip bomb")
			}
			var rej *stpclaims.Rejection
			if !errors.As(err, &rej) {
				t.Fatalf("err = %v, want a rejection", err)
			}
			if !strings.Contains(rej.Reason, tt.want) {
				t.Errorf("reason %q does not say %q", rej.Reason, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 400<<20 {
				t.Errorf("Open allocated %d MiB on a bomb, want well under 400", alloc>>20)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("Open left %d temporary files in TMPDIR", len(left))
			}
		})
	}
}

// TestBombXLSX checks the bomb builder itself: its sheet really inflates
// to the size it says, with a good checksum (else the bomb test proves
// nothing).
func TestBombXLSX(t *testing.T) {
	data := bombXLSX(t, 8<<20, 0)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if err != nil {
			t.Fatalf("inflating the bomb: %v", err)
		}
		if n < 8<<20 || uint64(n) != zf.UncompressedSize64 {
			t.Errorf("sheet inflates to %d bytes, declared %d", n, zf.UncompressedSize64)
		}
		return
	}
	t.Fatal("no sheet in the bomb")
}

func TestFormat(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"proforma.xlsx", "xlsx"},
		{"label-value.ods", "ods"},
		{"legacy.xls", "xls"},
		{"encrypted.xlsx", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := Format(readTestdata(t, tt.file)); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		if got := Format([]byte("hello")); got != "" {
			t.Errorf("Format = %q, want empty", got)
		}
	})
}
