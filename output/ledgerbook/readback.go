package ledgerbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/shopspring/decimal"
)

// The ledger is read back from its file as it was written, one worksheet
// part at a time, streamed out of the zip (which checks each part's CRC).
// excelize would read every cell of every sheet as XML tokens: some 20 s
// for the ledger of 100,000 programmes, where Verify needs the rows of four
// sheets and four columns of one. So the rows are counted and the cells
// of the wanted columns summed by a scan of the tags: the worksheet XML
// (SpreadsheetML) keeps a literal "<" only as the start of markup, so
// every "<" begins a tag; a row is a <row> element, a cell a <c> element
// whose r attribute names its column, and a number cell holds its value as
// the text of its <v> element.

// ErrReadBack: the ledger file could not be read back as a workbook.
var ErrReadBack = errors.New("ledgerbook: ledger not readable")

// workbookSheets maps each sheet's name to its worksheet part in the zip,
// from the workbook part and its relationships.
func workbookSheets(z *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, p := range []struct {
		name string
		dst  any
	}{{"xl/workbook.xml", &wb}, {"xl/_rels/workbook.xml.rels", &rels}} {
		r, err := z.Open(p.name)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrReadBack, p.name, err)
		}
		err = xml.NewDecoder(r).Decode(p.dst)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrReadBack, p.name, err)
		}
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		out[s.Name] = targets[s.ID]
	}
	return out, nil
}

// sheetScan counts a worksheet's rows and sums the number cells of some of
// its columns (by column letters), below the header row.
type sheetScan struct {
	rows int                         // <row> elements, the header's included
	sums map[string]*decimal.Decimal // column letters → the sum of its cells below the header
}

// scan reads one worksheet part.
func (s *sheetScan) scan(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		tag    []byte
		sum    *decimal.Decimal // the current cell's column's, when it is summed
		number bool             // the current cell is a number
		cell   string
	)
	if err := skipTo(br, '<'); err != nil {
		return err
	}
	for {
		var err error
		if tag, err = readUpTo(br, '>', tag[:0]); err != nil {
			return err
		}
		name, attrs, _ := bytes.Cut(tag, []byte(" "))
		switch string(name) {
		case "row":
			s.rows++
		case "c", "c/":
			sum, number, cell = nil, true, ""
			if s.sums == nil || s.rows < 2 {
				break // nothing summed here
			}
			if ref := attr(attrs, "r"); ref != nil {
				cell = string(ref)
				sum = s.sums[string(bytes.TrimRight(ref, "0123456789"))]
			}
			if t := attr(attrs, "t"); t != nil && string(t) != "n" {
				number = false
			}
		case "v":
			if sum != nil {
				text, err := readUpTo(br, '<', nil)
				if err != nil {
					return err
				}
				if !number {
					return fmt.Errorf("%w: cell %s is no number", ErrReadBack, cell)
				}
				d, err := decimal.NewFromString(string(text))
				if err != nil {
					return fmt.Errorf("%w: cell %s: %q: %w", ErrReadBack, cell, text, err)
				}
				*sum = sum.Add(d)
				continue // just past the next '<'
			}
		case "/c":
			sum = nil
		}
		if err := skipTo(br, '<'); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// attr is the value of a tag's attribute (its text after the name), nil
// when it has none.
func attr(attrs []byte, name string) []byte {
	for len(attrs) > 0 {
		for len(attrs) > 0 && (attrs[0] == ' ' || attrs[0] == '\t' || attrs[0] == '\r' || attrs[0] == '\n') {
			attrs = attrs[1:]
		}
		key, rest, ok := bytes.Cut(attrs, []byte("="))
		if !ok || len(rest) < 2 {
			return nil
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return nil
		}
		if string(bytes.TrimSpace(key)) == name {
			return rest[1 : 1+end]
		}
		attrs = rest[2+end:]
	}
	return nil
}

// readUpTo reads up to and past the delimiter, returning what came before
// it appended to buf.
func readUpTo(br *bufio.Reader, delim byte, buf []byte) ([]byte, error) {
	for {
		b, err := br.ReadSlice(delim)
		if err == nil {
			return append(buf, b[:len(b)-1]...), nil
		}
		buf = append(buf, b...)
		if err != bufio.ErrBufferFull {
			if err == io.EOF {
				return buf, fmt.Errorf("%w: the part ends inside a tag", ErrReadBack)
			}
			return buf, err
		}
	}
}

// skipTo reads past the next delimiter; io.EOF when there is none.
func skipTo(br *bufio.Reader, delim byte) error {
	for {
		_, err := br.ReadSlice(delim)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}
