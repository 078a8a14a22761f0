package folder

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"os"
)

// oleMagic opens every OLE compound file (.xls and other legacy Office).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// looksComplete reports whether the file at path, of the given size, opens as
// a workbook container: a zip (.xlsx, .ods) whose central directory reads and
// lists at least one entry, or an OLE compound file (.xls) whose header,
// FAT and directory sectors are all inside the file. It says nothing about
// what the workbook holds.
func looksComplete(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [512]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && n < 8 {
		return false
	}
	switch {
	case bytes.HasPrefix(head[:n], []byte("PK")):
		zr, err := zip.NewReader(f, size)
		return err == nil && len(zr.File) > 0
	case bytes.HasPrefix(head[:n], oleMagic):
		return n == len(head) && oleComplete(f, head[:], size)
	}
	return false
}

// Sector numbers at or above this are markers (free, end of chain, …).
const oleMaxRegSect = 0xFFFFFFFA

// oleComplete checks an OLE header against the file's size: every sector the
// header names, and every sector the FAT marks as used, must lie inside the
// file. A truncated upload fails this.
func oleComplete(f io.ReaderAt, head []byte, size int64) bool {
	le := binary.LittleEndian
	if le.Uint16(head[28:]) != 0xFFFE {
		return false
	}
	shift := le.Uint16(head[30:])
	if shift != 9 && shift != 12 {
		return false
	}
	sectorSize := int64(1) << shift
	inFile := func(sect uint32) bool {
		return sect < oleMaxRegSect && (int64(sect)+2)*sectorSize <= size
	}
	numFAT := le.Uint32(head[44:])
	if numFAT == 0 || !inFile(le.Uint32(head[48:])) {
		return false
	}
	if numDIFAT := le.Uint32(head[72:]); numDIFAT > 0 && !inFile(le.Uint32(head[68:])) {
		return false
	}
	listed := min(numFAT, 109) // FAT sectors named in the header itself
	fat := make([]byte, sectorSize)
	for i := range listed {
		sect := le.Uint32(head[76+4*i:])
		if !inFile(sect) {
			return false
		}
		if _, err := f.ReadAt(fat, (int64(sect)+1)*sectorSize); err != nil {
			return false
		}
		// Entry j of this FAT sector describes sector base+j.
		base := int64(i) * (sectorSize / 4)
		for j := int64(0); j < sectorSize/4; j++ {
			if le.Uint32(fat[4*j:]) == 0xFFFFFFFF { // free
				continue
			}
			if (base+j+2)*sectorSize > size {
				return false
			}
		}
	}
	return true
}
