package xlsxpart

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"github.com/xuri/excelize/v2"
)

// A worksheet larger than excelize's UnzipXMLSizeLimit is not held in
// memory: excelize inflates it into a temporary file of its own and reads
// it from there. Attach records the package such a workbook was opened
// from, so that this package can read those worksheets too (OpenSheet),
// from the package, in pieces, and write them (WriteStreamed), with the
// edits recorded for them (AddEdits), without ever holding one whole.

// book is what Attach records of one File.
type book struct {
	mu     sync.Mutex
	parts  map[string]*zip.File // worksheets in excelize's temporary files
	edits  map[string][]Edit    // recorded for them, in offset order
	layout map[string]*Layout   // surveyed
}

// books maps a File (weakly: it is dropped with the File) to its book.
var books sync.Map // weak.Pointer[excelize.File] → *book

// Attach records pkg, the bytes f was opened from (excelize.OpenReader),
// as the source of the worksheets excelize did not load into memory. pkg
// must not change while f is in use.
func Attach(f *excelize.File, pkg []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return fmt.Errorf("xlsxpart: %w", err)
	}
	b := &book{parts: map[string]*zip.File{}, edits: map[string][]Edit{}, layout: map[string]*Layout{}}
	for _, zf := range zr.File {
		// excelize's own names: backslashes read as slashes, the last of
		// two entries of one name kept.
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		if !strings.HasPrefix(strings.ToLower(name), "xl/worksheets/sheet") || zf.FileInfo().IsDir() {
			continue
		}
		if Has(f, name) {
			delete(b.parts, name)
			continue
		}
		b.parts[name] = zf
	}
	if len(b.parts) == 0 {
		return nil
	}
	key := weak.Make(f)
	books.Store(key, b)
	runtime.AddCleanup(f, func(k weak.Pointer[excelize.File]) { books.Delete(k) }, key)
	return nil
}

// Detach forgets what Attach recorded for f.
func Detach(f *excelize.File) { books.Delete(weak.Make(f)) }

func bookOf(f *excelize.File) *book {
	v, ok := books.Load(weak.Make(f))
	if !ok {
		return nil
	}
	return v.(*book)
}

// source returns part's entry in the attached package when the part is to
// be read from there: excelize holds it neither in memory nor decoded.
func source(f *excelize.File, part string) (*book, *zip.File, bool) {
	b := bookOf(f)
	if b == nil {
		return nil, nil, false
	}
	zf, ok := b.parts[part]
	if !ok || Decoded(f, part) {
		return nil, nil, false
	}
	if _, held := stored(f, part); held {
		return nil, nil, false
	}
	return b, zf, true
}

// Edit replaces bytes [At, End) of a part as stored with Text.
type Edit struct {
	At, End int64
	Text    string
}

// errOverlap says two edits of a part would change the same bytes.
var errOverlap = errors.New("xlsxpart: edits overlap")

// AddEdits records edits to a worksheet read from the attached package
// (OpenSheet gave a Sheet not in memory); WriteStreamed applies them as it
// writes the part. Offsets are the part's as stored; edits must not overlap
// one another or those recorded before.
func AddEdits(f *excelize.File, part string, edits []Edit) error {
	b, _, ok := source(f, part)
	if !ok {
		return fmt.Errorf("xlsxpart: %s is not read from the package", part)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	all := append(slices.Clone(b.edits[part]), edits...)
	slices.SortStableFunc(all, func(a, b Edit) int { return int(a.At - b.At) })
	for i := range all {
		if all[i].End < all[i].At || i > 0 && all[i].At < all[i-1].End {
			return fmt.Errorf("%w in %s at %d", errOverlap, part, all[i].At)
		}
	}
	b.edits[part] = all
	return nil
}

// Streamed lists the worksheets that are written from the attached
// package (WriteStreamed): those excelize holds neither in memory nor
// decoded.
func Streamed(f *excelize.File) []string {
	b := bookOf(f)
	if b == nil {
		return nil
	}
	var out []string
	for part := range b.parts {
		if _, _, ok := source(f, part); ok {
			out = append(out, part)
		}
	}
	slices.Sort(out)
	return out
}

// HoldBack makes excelize write the parts with no content while the
// workbook is written through a ZipWriter that writes them itself
// (WriteStreamed): excelize writes every part it holds in memory, and
// would otherwise read each of these whole from its temporary file. An
// empty part in memory is, to excelize's readers, no part (they read the
// temporary file). release takes the placeholders out again.
func HoldBack(f *excelize.File, parts []string) (release func()) {
	for _, p := range parts {
		f.Pkg.Store(p, []byte{})
	}
	return func() {
		for _, p := range parts {
			if b, ok := f.Pkg.Load(p); ok {
				if b, ok := b.([]byte); ok && len(b) == 0 {
					f.Pkg.Delete(p)
				}
			}
		}
	}
}

// WriteStreamed writes a worksheet from the attached package to w, with
// the edits recorded for it.
func WriteStreamed(f *excelize.File, part string, w io.Writer) error {
	b := bookOf(f)
	if b == nil {
		return fmt.Errorf("xlsxpart: %s: no package attached", part)
	}
	zf, ok := b.parts[part]
	if !ok || Decoded(f, part) {
		return fmt.Errorf("xlsxpart: %s is not written from the package", part)
	}
	b.mu.Lock()
	edits := b.edits[part]
	b.mu.Unlock()
	r, err := zf.Open()
	if err != nil {
		return fmt.Errorf("xlsxpart: %s: %w", part, err)
	}
	defer r.Close()
	buf := make([]byte, 64<<10)
	var pos int64
	for _, e := range edits {
		if err := copyN(w, r, e.At-pos, buf); err != nil {
			return fmt.Errorf("xlsxpart: %s: %w", part, err)
		}
		if _, err := io.WriteString(w, e.Text); err != nil {
			return err
		}
		if err := copyN(io.Discard, r, e.End-e.At, buf); err != nil {
			return fmt.Errorf("xlsxpart: %s: %w", part, err)
		}
		pos = e.End
	}
	if _, err := io.CopyBuffer(w, r, buf); err != nil {
		return fmt.Errorf("xlsxpart: %s: %w", part, err)
	}
	return nil
}

// copyN copies exactly n bytes from r to w.
func copyN(w io.Writer, r io.Reader, n int64, buf []byte) error {
	got, err := io.CopyBuffer(w, io.LimitReader(r, n), buf)
	if err == nil && got < n {
		err = io.ErrUnexpectedEOF
	}
	return err
}
