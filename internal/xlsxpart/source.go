package xlsxpart

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
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
//
// The first pass over a streamed worksheet (Sheet.Layout) also writes it,
// inflated, to a temporary file of this package (spill); later passes read
// it from there, which costs a copy instead of inflating it again.
type book struct {
	mu     sync.Mutex
	parts  map[string]*zip.File // worksheets in excelize's temporary files
	edits  map[string][]Edit    // recorded for them, in offset order
	layout map[string]*Layout   // surveyed
	sheets map[string]*Sheet    // opened
	spills map[string]*os.File  // inflated by the first pass
	size   int                  // of the package
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
	b := &book{parts: map[string]*zip.File{}, edits: map[string][]Edit{}, layout: map[string]*Layout{}, sheets: map[string]*Sheet{}, spills: map[string]*os.File{}, size: len(pkg)}
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
	runtime.AddCleanup(f, forget, attached{key, b})
	return nil
}

type attached struct {
	key weak.Pointer[excelize.File]
	b   *book
}

func forget(a attached) {
	books.Delete(a.key)
	a.b.release()
}

// Detach forgets what Attach recorded for f and removes its temporary
// files.
func Detach(f *excelize.File) {
	key := weak.Make(f)
	if v, ok := books.LoadAndDelete(key); ok {
		v.(*book).release()
	}
}

// release removes the book's temporary files.
func (b *book) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for part, f := range b.spills {
		_ = f.Close()
		_ = os.Remove(f.Name())
		delete(b.spills, part)
	}
}

// open reads a streamed part from the start: from its spill when the first
// pass made one, else from the package.
func (b *book) open(part string) (io.ReadCloser, error) {
	b.mu.Lock()
	spill := b.spills[part]
	zf := b.parts[part]
	b.mu.Unlock()
	if spill != nil {
		return io.NopCloser(io.NewSectionReader(spill, 0, int64(zf.UncompressedSize64))), nil
	}
	return zf.Open()
}

// spilling reads a part from the package as open does, writing what is
// read to a new temporary file; done keeps the file as the part's spill
// when every byte was read and written.
func (b *book) spilling(part string) (r io.ReadCloser, done func(), err error) {
	zr, err := b.parts[part].Open()
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.CreateTemp("", "stpclaims-sheet-")
	if err != nil {
		return zr, func() {}, nil // no spill: later passes inflate again
	}
	want := int64(b.parts[part].UncompressedSize64)
	w := &countingWriter{w: tmp}
	done = func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, have := b.spills[part]; w.err == nil && w.n == want && !have {
			b.spills[part] = tmp
			return
		}
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}
	return readCloser{io.TeeReader(zr, w), zr}, done, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// countingWriter counts what it writes and keeps the first error (a write
// that fails leaves the spill unused; the reading goes on).
type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err == nil {
		var n int
		n, c.err = c.w.Write(p)
		c.n += int64(n)
	}
	return len(p), nil
}

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

// errEditsLost says a part's recorded edits can no longer be applied.
var errEditsLost = errors.New("xlsxpart: edits recorded for a part that excelize has since loaded or decoded")

// EditsKept returns an error when a part has edits recorded (AddEdits) but
// is no longer written from the package: excelize loaded or decoded it
// since, and would write it without them.
func EditsKept(f *excelize.File) error {
	b := bookOf(f)
	if b == nil {
		return nil
	}
	b.mu.Lock()
	var edited []string
	for part := range b.edits {
		edited = append(edited, part)
	}
	b.mu.Unlock()
	for _, part := range edited {
		if _, _, ok := source(f, part); !ok {
			return fmt.Errorf("%w: %s", errEditsLost, part)
		}
	}
	return nil
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
	if _, ok := b.parts[part]; !ok || Decoded(f, part) {
		return fmt.Errorf("xlsxpart: %s is not written from the package", part)
	}
	b.mu.Lock()
	edits := b.edits[part]
	b.mu.Unlock()
	r, err := b.open(part)
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

// PackageSize is the size of the package attached to f, 0 when none is.
func PackageSize(f *excelize.File) int {
	if b := bookOf(f); b != nil {
		return b.size
	}
	return 0
}
