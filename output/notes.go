package output

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/xlsxpart"
)

// The parts that carry a raw-marked sheet's notes: a comments part, the
// VML drawing that gives each note its box, and the sheet's relationships
// to both (the legacyDrawing element that shows them is the sheet's own
// edit, rawsheet.go).

const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relTypeComments = nsRelationships + "/comments"
	relTypeVML      = nsRelationships + "/vmlDrawing"
	ctComments      = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML           = "application/vnd.openxmlformats-officedocument.vmlDrawing"
)

// noteParts are the new and edited parts of one sheet's notes, made but
// not yet stored.
type noteParts struct {
	relsPath, commentsPart, vmlPart string
	rels, comments, vml             []byte
	vmlID                           string // the sheet's relationship to the drawing
}

// newNoteParts makes the parts of the notes on targets of the worksheet
// part; errNotRaw when its relationships are not stored as the raw edits
// need them.
func newNoteParts(f *excelize.File, part string, targets []*target) (*noteParts, error) {
	n := xlsxpart.NextPartNumber(f, "xl/comments", ".xml")
	v := xlsxpart.NextPartNumber(f, "xl/drawings/vmlDrawing", ".vml")
	np := &noteParts{
		relsPath:     relsPart(part),
		commentsPart: fmt.Sprintf("xl/comments%d.xml", n),
		vmlPart:      fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", v),
	}
	rels, hadRels := xlsxpart.Stored(f, np.relsPath)
	if !hadRels {
		if xlsxpart.Has(f, np.relsPath) {
			return nil, errNotRaw
		}
		rels = []byte(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	np.vmlID = freeRelID(rels, "rIdStpVml")
	commentsID := freeRelID(rels, "rIdStpNotes")
	closeRels := bytes.LastIndex(rels, []byte("</Relationships>"))
	if closeRels < 0 {
		return nil, errNotRaw
	}
	relText := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="../drawings/vmlDrawing%d.vml"/><Relationship Id="%s" Type="%s" Target="../comments%d.xml"/>`,
		np.vmlID, relTypeVML, v, commentsID, relTypeComments, n)
	np.rels = applyEdits(bytes.Clone(rels), []edit{{closeRels, closeRels, relText}})
	np.comments = commentsXML(targets)
	np.vml = vmlXML(targets, v)
	return np, nil
}

// store puts the parts into the package and declares their content types.
func (np *noteParts) store(f *excelize.File) error {
	xlsxpart.Store(f, np.relsPath, np.rels)
	xlsxpart.Store(f, np.commentsPart, np.comments)
	xlsxpart.Store(f, np.vmlPart, np.vml)
	if err := xlsxpart.AddContentTypes(f, "vml", ctVML, "/"+np.commentsPart, ctComments); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// relsPart is the relationships part of a part: xl/worksheets/_rels/sheet1.xml.rels.
func relsPart(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// commentsXML is the comments part of a sheet's notes.
func commentsXML(targets []*target) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>` + commentAuthor + `</author></authors><commentList>`)
	for _, t := range targets {
		b.WriteString(`<comment ref="` + t.ref.cellName() + `" authorId="0"><text>`)
		b.WriteString(`<r><rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t>` + commentAuthor + `:</t></r>`)
		b.WriteString(`<r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">` + escapeXML("\n"+t.note) + `</t></r>`)
		b.WriteString(`</text></comment>`)
	}
	b.WriteString(`</commentList></comments>`)
	return []byte(b.String())
}

// vmlXML is the VML drawing that gives each note its box; n is the drawing's
// number, which keeps its shape ids apart from other drawings'.
func vmlXML(targets []*target, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`+
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>`+
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`, n)
	for i, t := range targets {
		col, row := t.ref.Col-1, t.ref.Row-1 // zero-based
		lines := noteLines(t.note)
		fmt.Fprintf(&b, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:240pt;height:%dpt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>`+
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 10, %d, 15, %d, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			n*1024+1+i, lines*10, i+1, col+1, max(row-1, 0), col+5, max(row-1, 0)+lines*2/3+1, row, col)
	}
	b.WriteString(`</xml>`)
	return []byte(b.String())
}

// noteLines estimates the lines a note's text takes in a box about 48
// characters wide, bounded to keep the box on screen.
func noteLines(text string) int {
	lines := 1
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + len(l)/48
	}
	return min(max(lines, 4), 40)
}
