package output

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sync"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/xlsxpart"
)

// WriteCopy writes the annotated workbook f (after Annotate) as the
// annotated copy, to bytes of their own: its small parts stored without
// compression and its large ones deflated at the fastest level (see
// storeMax). A large worksheet read from the submitted package
// (xlsxpart.Attach) is written from there, with the raw edits recorded for
// it, as it is deflated: it is never held whole.
func WriteCopy(f *excelize.File) ([]byte, error) {
	if err := xlsxpart.EditsKept(f); err != nil {
		return nil, fmt.Errorf("output: writing the annotated copy: %w", err)
	}
	streamed := xlsxpart.Streamed(f)
	release := xlsxpart.HoldBack(f, streamed)
	defer release()
	hint := copySizeHint(f)
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		if b, ok := w.(*bytes.Buffer); ok { // excelize's buffer for the copy
			b.Grow(hint)
		}
		return newPartZip(w, f, streamed)
	})
	buf, err := f.WriteToBuffer() // its own buffer, not copied into another
	if err != nil {
		return nil, fmt.Errorf("output: writing the annotated copy: %w", err)
	}
	return buf.Bytes(), nil
}

// copySizeHint is the room the annotated copy is written into at first:
// the submitted package's size and a half (the copy's large parts are
// deflated at the fastest level, which packs less), so that a copy of many
// megabytes is not copied again each time its buffer fills.
func copySizeHint(f *excelize.File) int {
	n := xlsxpart.PackageSize(f)
	return n + n/2 + 64<<10
}

// storeMax is the largest part of the annotated copy that is stored in the
// zip without compression. A claim form's parts are a few kilobytes each:
// deflating them costs a fifth of the whole check and saves a few kilobytes
// of mail. Larger parts (a big TA bill's sheet) are deflated at the fastest
// level.
const storeMax = 64 << 10

// partZip is the zip writer of the annotated copy: each part is held until
// it is finished or passes storeMax, then stored or deflated; a part in
// streamed is written from the submitted package instead of what excelize
// gives (nothing: xlsxpart.HoldBack).
type partZip struct {
	zw       *zip.Writer
	cur      *partWriter
	f        *excelize.File
	streamed []string
}

var _ excelize.ZipWriter = (*partZip)(nil)

func newPartZip(w io.Writer, f *excelize.File, streamed []string) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	return &partZip{zw: zw, f: f, streamed: streamed}
}

func (z *partZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	z.cur = &partWriter{zw: z.zw, name: name}
	if slices.Contains(z.streamed, name) {
		z.cur.stream = z.f
	}
	return z.cur, nil
}

func (z *partZip) AddFS(fsys fs.FS) error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *partZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.Close()
}

func (z *partZip) finish() error {
	if z.cur == nil {
		return nil
	}
	err := z.cur.finish()
	z.cur = nil
	return err
}

// partWriter is one part: buffered while small, streamed through deflate
// once it is not; or, with stream set, written from the package of that
// workbook.
type partWriter struct {
	zw     *zip.Writer
	name   string
	buf    []byte
	out    io.Writer // set once the part is being deflated
	stream *excelize.File
}

func (p *partWriter) Write(b []byte) (int, error) {
	if p.stream != nil {
		if len(b) > 0 {
			return 0, fmt.Errorf("output: zip part %s: excelize wrote %d bytes of a part written from the package", p.name, len(b))
		}
		return 0, nil
	}
	if p.out != nil {
		return p.out.Write(b)
	}
	if len(p.buf)+len(b) <= storeMax {
		p.buf = append(p.buf, b...)
		return len(b), nil
	}
	out, err := p.zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
	if err != nil {
		return 0, fmt.Errorf("output: zip part %s: %w", p.name, err)
	}
	if _, err := out.Write(p.buf); err != nil {
		return 0, err
	}
	p.buf, p.out = nil, out
	return out.Write(b)
}

func (p *partWriter) finish() error {
	if p.stream != nil {
		out, err := p.zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("output: zip part %s: %w", p.name, err)
		}
		if err := xlsxpart.WriteStreamed(p.stream, p.name, out); err != nil {
			return fmt.Errorf("output: %w", err)
		}
		return nil
	}
	if p.out != nil {
		return nil
	}
	out, err := p.zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
	if err != nil {
		return fmt.Errorf("output: zip part %s: %w", p.name, err)
	}
	_, err = out.Write(p.buf)
	return err
}

// fastDeflate is deflate at its fastest level, its writers pooled: each
// holds about a megabyte of tables.
func fastDeflate(out io.Writer) (io.WriteCloser, error) {
	fw, _ := flatePool.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(out)
	}
	return &pooledFlate{fw}, nil
}

var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	p.Writer = nil
	return err
}
