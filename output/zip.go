package output

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/xuri/excelize/v2"
)

// WriteCopy writes the annotated workbook f (after Annotate) as the
// annotated copy, to bytes of their own: its small parts stored without
// compression and its large ones deflated at the fastest level (see
// storeMax).
func WriteCopy(f *excelize.File) ([]byte, error) {
	f.SetZipWriter(newPartZip)
	buf, err := f.WriteToBuffer() // its own buffer, not copied into another
	if err != nil {
		return nil, fmt.Errorf("output: writing the annotated copy: %w", err)
	}
	return buf.Bytes(), nil
}

// storeMax is the largest part of the annotated copy that is stored in the
// zip without compression. A claim form's parts are a few kilobytes each:
// deflating them costs a fifth of the whole check and saves a few kilobytes
// of mail. Larger parts (a big TA bill's sheet) are deflated at the fastest
// level.
const storeMax = 64 << 10

// partZip is the zip writer of the annotated copy: each part is held until
// it is finished or passes storeMax, then stored or deflated.
type partZip struct {
	zw  *zip.Writer
	cur *partWriter
}

var _ excelize.ZipWriter = (*partZip)(nil)

func newPartZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	return &partZip{zw: zw}
}

func (z *partZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	z.cur = &partWriter{zw: z.zw, name: name}
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
// once it is not.
type partWriter struct {
	zw   *zip.Writer
	name string
	buf  []byte
	out  io.Writer // set once the part is being deflated
}

func (p *partWriter) Write(b []byte) (int, error) {
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
