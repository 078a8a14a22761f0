package read

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// Limits bound what a submitted file may cost to open.
type Limits struct {
	MaxFileBytes  int64 // the file itself (default 25 MiB)
	MaxUnzipBytes int64 // excelize Options.UnzipSizeLimit (default 200 MiB)
	MaxXMLBytes   int64 // excelize Options.UnzipXMLSizeLimit (default 64 MiB)
}

// DefaultLimits returns the limits for claim workbooks: 25 MiB a file,
// 200 MiB unzipped, 64 MiB for one sheet's XML.
func DefaultLimits() Limits {
	return Limits{MaxFileBytes: 25 << 20, MaxUnzipBytes: 200 << 20, MaxXMLBytes: 64 << 20}
}

// withDefaults fills zero limits with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxUnzipBytes <= 0 {
		l.MaxUnzipBytes = d.MaxUnzipBytes
	}
	if l.MaxXMLBytes <= 0 {
		l.MaxXMLBytes = d.MaxXMLBytes
	}
	if l.MaxXMLBytes > l.MaxUnzipBytes {
		l.MaxXMLBytes = l.MaxUnzipBytes
	}
	return l
}

// Workbook is an opened workbook and the forms read from it.
type Workbook struct {
	File *excelize.File // open; the annotator writes onto it
	// Forms are the workbook's forms, one a programme, in sheet order;
	// never empty. The first carries in its Unread the sheets not read.
	Forms  []stpclaims.Form
	Format string // "xlsx" or "xlsm" (later "ods", "xls" after conversion)
}

// Close releases the workbook's file (and any temporary files excelize
// made).
func (w *Workbook) Close() error {
	if w == nil || w.File == nil {
		return nil
	}
	xlsxpart.Detach(w.File)
	return w.File.Close()
}

// Open recognises data by content (never by name), opens it with the limits,
// and reads whichever forms its visible sheets hold. A file that is not a readable form returns
// a *stpclaims.Rejection (errors.As) with a plain message saying what the
// file is and what to send instead; any other error means the reader itself
// failed. name is used only in messages.
func Open(ctx context.Context, name string, data []byte, lim Limits) (wb *Workbook, err error) {
	// excelize can panic on malformed parts; a hostile file must not take
	// the caller down. The panic is the reader failing, so it is an error,
	// not a rejection.
	defer func() {
		if p := recover(); p != nil {
			if wb != nil {
				_ = wb.Close()
			}
			wb, err = nil, fmt.Errorf("read: %s: %w: %v", name, ErrPanic, p)
		}
	}()
	lim = lim.withDefaults()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read: open %s: %w", name, err)
	}
	format, rej := sniff(data, lim)
	if rej != nil {
		return nil, rej
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUnzipBytes,
		UnzipXMLSizeLimit: min(lim.MaxXMLBytes, bigPartBytes),
	})
	if err == nil {
		err = loadBigSharedStrings(f, data)
	}
	if err == nil {
		err = xlsxpart.Attach(f, data)
	}
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		// sniff has seen a well-formed workbook package; whatever excelize
		// still refuses is the file's fault (broken XML, missing parts).
		return nil, reject(stpclaims.FormUnknown, "the workbook is damaged and could not be opened (%v): open it in Excel or LibreOffice Calc, save it again as .xlsx and send it again", err)
	}
	wb = &Workbook{File: f, Format: format}
	forms, err := readForms(ctx, f)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	wb.Forms = forms
	return wb, nil
}

// bigPartBytes is the size from which excelize leaves a worksheet or the
// shared strings in a temporary file while opening (its
// UnzipXMLSizeLimit). Such a worksheet is not held in memory: the row
// scanner and the annotated copy read it from the submitted bytes, chunk by
// chunk (xlsxpart.Attach); big shared strings are read back, once
// (loadBigSharedStrings), as excelize decodes them whole anyway.
var bigPartBytes int64 = 8 << 20 // a variable for the tests

// loadBigSharedStrings reads shared strings that excelize left in a
// temporary file back into the package, into a buffer of their own size:
// excelize decodes the table whole, from memory, for any shared-string
// cell.
func loadBigSharedStrings(f *excelize.File, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, zf := range zr.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		if strings.ToLower(name) != "xl/sharedstrings.xml" || zf.UncompressedSize64 <= uint64(bigPartBytes) || zf.FileInfo().IsDir() {
			continue
		}
		name = "xl/sharedStrings.xml" // as excelize names it
		if xlsxpart.Has(f, name) {
			continue
		}
		buf := make([]byte, int(zf.UncompressedSize64))
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		_, err = io.ReadFull(rc, buf)
		if err == nil {
			var one [1]byte
			if n, _ := rc.Read(one[:]); n != 0 {
				err = fmt.Errorf("%s is longer than its declared size", zf.Name)
			}
		}
		_ = rc.Close()
		if err != nil {
			return fmt.Errorf("part %s: %w", zf.Name, err)
		}
		xlsxpart.Store(f, name, buf)
	}
	return nil
}

// ErrPanic marks an error made from a panic inside the reader or excelize.
var ErrPanic = errors.New("read: panic while reading the workbook")

// reject makes a Rejection with a formatted reason.
func reject(kind stpclaims.FormKind, format string, args ...any) *stpclaims.Rejection {
	return &stpclaims.Rejection{Form: kind, Reason: fmt.Sprintf(format, args...)}
}

var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	oleMagic      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

const sendXLSX = "save it as an Excel workbook (.xlsx) and send that"

// sniff tells what data is from its content. It returns the workbook format
// ("xlsx" or "xlsm") for an Office Open XML workbook within the limits, else
// a rejection naming what the file is.
func sniff(data []byte, lim Limits) (string, *stpclaims.Rejection) {
	switch {
	case len(data) == 0:
		return "", reject(stpclaims.FormUnknown, "the file is empty (0 bytes): attach the filled workbook (.xlsx) and send it again")
	case int64(len(data)) > lim.MaxFileBytes:
		return "", TooLarge(int64(len(data)), lim)
	case bytes.HasPrefix(data, oleMagic):
		return "", sniffOLE(data)
	case bytes.HasPrefix(data, zipMagic), bytes.HasPrefix(data, emptyZipMagic):
		return sniffZip(data, lim)
	}
	return "", reject(stpclaims.FormUnknown, "the file is %s, not a workbook: %s", describeOther(data), sendXLSX)
}

// describeOther names a file that is neither a zip nor an OLE container.
func describeOther(data []byte) string {
	head := data[:min(len(data), 512)]
	lower := bytes.ToLower(bytes.TrimSpace(head))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return "a picture"
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "an RTF document"
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return "a web page (HTML)"
	case bytes.HasPrefix(lower, []byte("<?xml")):
		return "an XML file"
	case utf8.Valid(head) && !bytes.ContainsRune(head, 0):
		if bytes.ContainsAny(head, ",;\t") {
			return "a text (CSV) file"
		}
		return "a text file"
	}
	return "not in any format this office reads (it may be damaged)"
}

// sniffOLE tells a password-protected workbook (an OLE container with an
// EncryptedPackage stream) from an Excel 97-2003 workbook and other OLE
// documents.
func sniffOLE(data []byte) *stpclaims.Rejection {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return reject(stpclaims.FormUnknown, "the file looks like an old Office document but is damaged: open it in Excel or LibreOffice Calc, %s", sendXLSX)
	}
	var workbook, word bool
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "EncryptedPackage", "EncryptionInfo":
			return reject(stpclaims.FormUnknown, "the workbook is password-protected: remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and send it without a password")
		case "Workbook", "Book":
			workbook = true
		case "WordDocument":
			word = true
		}
	}
	switch {
	case workbook:
		return reject(stpclaims.FormUnknown, "the file is an Excel 97-2003 workbook (.xls): save it as .xlsx (File > Save As > Excel Workbook) and send it again")
	case word:
		return reject(stpclaims.FormUnknown, "the file is a Word 97-2003 document (.doc), not a workbook: fill the Annexure II workbook and %s", sendXLSX)
	}
	return reject(stpclaims.FormUnknown, "the file is an old Office document that is not a workbook: %s", sendXLSX)
}

// sniffZip checks a zip package: a truncated or corrupt archive, an
// OpenDocument file, a zip that is no workbook, and an archive that expands
// beyond the limits are refused before excelize sees them.
//
// Why here and not in excelize: excelize v2.11.1 (lib.go, ReadZipReader)
// checks the sizes the zip's directory declares against UnzipSizeLimit, but
// a worksheet or the shared strings larger than UnzipXMLSizeLimit is not
// refused: it is inflated into a temporary file (unzipToTemp) and read from
// there. So a sheet over MaxXMLBytes is refused here, from the declared
// sizes, before anything is inflated. A directory that understates a size
// cannot smuggle more in: archive/zip stops reading an entry with
// zip.ErrFormat once it passes its declared size.
func sniffZip(data []byte, lim Limits) (string, *stpclaims.Rejection) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", reject(stpclaims.FormUnknown, "the file is damaged (an incomplete or corrupt zip archive, perhaps cut short in transfer): %s, and attach it again", sendXLSX)
	}
	var (
		total                        uint64
		contentTypes, workbook, word bool
		macro                        bool
		mimetype                     string
	)
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		switch {
		case name == "mimetype":
			mimetype = readSmall(zf, 200)
		case name == "[content_types].xml":
			contentTypes = true
			macro = strings.Contains(strings.ToLower(readSmall(zf, 64<<10)), "macroenabled")
		case name == "xl/workbook.xml", name == "xl/workbook.bin":
			workbook = true
		case name == "word/document.xml":
			word = true
		}
		if strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml" {
			if zf.UncompressedSize64 > uint64(lim.MaxXMLBytes) {
				return "", reject(stpclaims.FormUnknown, "the workbook's sheet %s expands to %s, more than the %s allowed for one sheet: a claim form is far smaller; %s", zf.Name, sizeText(int64(min(zf.UncompressedSize64, 1<<62))), sizeText(lim.MaxXMLBytes), sendXLSX)
			}
		}
	}
	if total > uint64(lim.MaxUnzipBytes) {
		return "", reject(stpclaims.FormUnknown, "the workbook expands to %s when unpacked, more than the %s allowed: a claim form is far smaller; remove pictures and unused sheets and %s", sizeText(int64(min(total, 1<<62))), sizeText(lim.MaxUnzipBytes), sendXLSX)
	}
	switch {
	case strings.HasPrefix(mimetype, "application/vnd.oasis.opendocument.spreadsheet"):
		return "", reject(stpclaims.FormUnknown, "the file is an OpenDocument spreadsheet (.ods): save it as .xlsx (File > Save As > Excel 2007-365) and send again")
	case strings.HasPrefix(mimetype, "application/vnd.oasis.opendocument"):
		return "", reject(stpclaims.FormUnknown, "the file is an OpenDocument %s, not a spreadsheet: fill the Annexure II workbook and %s", odfKind(mimetype), sendXLSX)
	case word:
		return "", reject(stpclaims.FormUnknown, "the file is a Word document (.docx), not a workbook: fill the Annexure II workbook and %s", sendXLSX)
	case !contentTypes || !workbook:
		return "", reject(stpclaims.FormUnknown, "the file is a zip archive that is not an Excel workbook: attach the workbook (.xlsx) itself, not a zip")
	}
	if macro {
		return "xlsm", nil
	}
	return "xlsx", nil
}

func odfKind(mimetype string) string {
	switch {
	case strings.Contains(mimetype, "text"):
		return "text document (.odt)"
	case strings.Contains(mimetype, "presentation"):
		return "presentation (.odp)"
	}
	return "document"
}

// readSmall returns up to n bytes of a zip entry, or "" when it cannot be
// read.
func readSmall(zf *zip.File, n int64) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, n))
	return string(b)
}

// sizeText writes a byte count for people: "25 MB", "3.2 GB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Format names the container data is in, by content: "xlsx", "xlsm",
// "ods", "xls", or "" for anything else (including a password-protected
// workbook). The pipeline uses it to decide whether to convert a file
// (ods, xls) before Open; Open itself never converts.
func Format(data []byte) string {
	switch {
	case bytes.HasPrefix(data, oleMagic):
		doc, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			return ""
		}
		xls := false
		for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
			switch entry.Name {
			case "EncryptedPackage", "EncryptionInfo":
				return ""
			case "Workbook", "Book":
				xls = true
			}
		}
		if xls {
			return "xls"
		}
	case bytes.HasPrefix(data, zipMagic):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return ""
		}
		for _, zf := range zr.File {
			if zf.Name == "mimetype" && strings.HasPrefix(readSmall(zf, 200), "application/vnd.oasis.opendocument.spreadsheet") {
				return "ods"
			}
		}
		lim := DefaultLimits()
		lim.MaxFileBytes, lim.MaxUnzipBytes, lim.MaxXMLBytes = 1<<62, 1<<62, 1<<62
		if format, rej := sniffZip(data, lim); rej == nil {
			return format
		}
	}
	return ""
}
