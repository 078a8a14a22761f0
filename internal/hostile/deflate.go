package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
)

// run is a text written times times over.
type run struct {
	text  []byte
	times int64
}

// once is text written once.
func once(text []byte) run { return run{text, 1} }

// deflated is a zip part's content, deflated, and what its headers declare
// of it.
type deflated struct {
	comp []byte
	crc  uint32
	size int64
}

// repeatBlock is the least a repeated block is deflated as, once: more than
// deflate's 32 KiB window, and large enough that its own Huffman tables and
// the flush after it cost little beside the matches.
const repeatBlock = 1 << 20

// deflate deflates the runs at the best level, as flate would, but makes a
// long run cheap: its text repeated to a block of at least repeatBlock is
// deflated twice, each copy ended by a flush (which ends a deflate block on
// a byte), and the second copy's bytes stand for all the others. Each copy
// of them follows the same 32 KiB of text as the second did (the end of
// the block before it), which is all a deflate back-reference can reach,
// so it decodes to the same block. A bomb of hundreds of megabytes costs
// milliseconds this way, and not a minute under the race detector.
func deflate(runs ...run) (deflated, error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return deflated{}, err
	}
	type splice struct {
		at    int // in buf
		chunk []byte
		times int64
	}
	var splices []splice
	crc := crc32.NewIEEE()
	var size int64
	write := func(p []byte) error {
		crc.Write(p)
		size += int64(len(p))
		_, err := fw.Write(p)
		return err
	}
	for _, r := range runs {
		if len(r.text) == 0 || r.times <= 0 {
			continue
		}
		times := r.times
		per := int64(repeatBlock/len(r.text) + 1)
		block := bytes.Repeat(r.text, int(min(per, times)))
		full, rest := times/per, times%per
		if full < 3 {
			for range full {
				if err := write(block); err != nil {
					return deflated{}, err
				}
			}
		} else {
			if err := write(block); err != nil {
				return deflated{}, err
			}
			if err := fw.Flush(); err != nil {
				return deflated{}, err
			}
			start := buf.Len()
			if err := write(block); err != nil {
				return deflated{}, err
			}
			if err := fw.Flush(); err != nil {
				return deflated{}, err
			}
			splices = append(splices, splice{at: buf.Len(), chunk: bytes.Clone(buf.Bytes()[start:]), times: full - 2})
			for range full - 2 {
				crc.Write(block)
			}
			size += (full - 2) * int64(len(block))
		}
		if err := write(block[:rest*int64(len(r.text))]); err != nil {
			return deflated{}, err
		}
	}
	if err := fw.Close(); err != nil {
		return deflated{}, err
	}
	var comp bytes.Buffer
	at := 0
	for _, s := range splices {
		comp.Write(buf.Bytes()[at:s.at])
		for range s.times {
			comp.Write(s.chunk)
		}
		at = s.at
	}
	comp.Write(buf.Bytes()[at:])
	return deflated{comp: comp.Bytes(), crc: crc.Sum32(), size: size}, nil
}

// header is a zip file header for d, stored as deflated, declaring its
// true sizes and CRC.
func (d deflated) header(name string) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: d.crc,
		CompressedSize64: uint64(len(d.comp)), UncompressedSize64: uint64(d.size)}
}
