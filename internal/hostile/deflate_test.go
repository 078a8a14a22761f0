package hostile

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"testing"
)

// TestDeflate inflates what deflate makes and expects the runs' text, and
// the CRC and size it declares to be that text's, for runs too short to
// repeat a block and runs long enough to.
func TestDeflate(t *testing.T) {
	tests := []struct {
		name string
		runs []run
	}{
		{"nothing", nil},
		{"a text no times, and no text", []run{{[]byte("<none/>"), 0}, {nil, 5}}},
		{"one text", []run{{[]byte("<sst>"), 1}}},
		{"a short run", []run{{[]byte("<a>"), 1}, {[]byte("<xf/>"), 1000}, {[]byte("</a>"), 1}}},
		{"a run of two blocks and a bit", []run{{[]byte("<si><t/></si>"), 2*(repeatBlock/13+1) + 7}}},
		{"long runs between texts", []run{
			{[]byte("head"), 1}, {[]byte("<xf/>"), 1_000_003}, {[]byte("middle"), 1},
			{[]byte("x"), 5 * repeatBlock}, {[]byte("<row/>"), 3 * (repeatBlock/6 + 1)}, {[]byte("tail"), 1},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want bytes.Buffer
			for _, r := range tc.runs {
				want.Write(bytes.Repeat(r.text, int(r.times)))
			}
			d, err := deflate(tc.runs...)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(d.comp)))
			if err != nil {
				t.Fatalf("inflating: %v", err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("inflated %d bytes, not the %d bytes of the runs", len(got), want.Len())
			}
			if d.size != int64(want.Len()) || d.crc != crc32.ChecksumIEEE(want.Bytes()) {
				t.Errorf("declared size %d, CRC %08x; want %d, %08x", d.size, d.crc, want.Len(), crc32.ChecksumIEEE(want.Bytes()))
			}
			if want.Len() > 8*repeatBlock && len(d.comp) > want.Len()/500 {
				t.Errorf("%d bytes deflated to %d: not a bomb", want.Len(), len(d.comp))
			}
		})
	}
}
