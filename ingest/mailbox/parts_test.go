package mailbox

import (
	"errors"
	"fmt"
	"testing"

	"github.com/emersion/go-imap/v2"
)

func xlsxPart(params map[string]string, encoding string) *imap.BodyStructureSinglePart {
	return &imap.BodyStructureSinglePart{
		Type: "application", Subtype: "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		Encoding: encoding, Size: 100,
		Extended: &imap.BodyStructureSinglePartExt{Disposition: &imap.BodyStructureDisposition{Value: "attachment", Params: params}},
	}
}

func text() *imap.BodyStructureSinglePart {
	return &imap.BodyStructureSinglePart{Type: "text", Subtype: "plain", Encoding: "7bit"}
}

func forward(inner imap.BodyStructure) *imap.BodyStructureSinglePart {
	return &imap.BodyStructureSinglePart{Type: "message", Subtype: "rfc822", Encoding: "7bit",
		MessageRFC822: &imap.BodyStructureMessageRFC822{BodyStructure: inner}}
}

func mixed(children ...imap.BodyStructure) *imap.BodyStructureMultiPart {
	return &imap.BodyStructureMultiPart{Subtype: "mixed", Children: children}
}

func TestFindWorkbookParts(t *testing.T) {
	named := map[string]string{"filename": "a.xlsx"}
	tests := []struct {
		name       string
		bs         imap.BodyStructure
		wantPath   string // of the one part found, "" for none
		wantHeader string // section holding its MIME header
		wantNeed   bool
		wantErr    error
	}{
		{"workbook as the whole body", xlsxPart(named, "base64"), "[1]", "[] HEADER", false, nil},
		{"attachment", mixed(text(), xlsxPart(named, "base64")), "[2]", "[2] MIME", false, nil},
		{"nested multipart", mixed(&imap.BodyStructureMultiPart{Subtype: "alternative", Children: []imap.BodyStructure{text(), text()}}, mixed(text(), xlsxPart(named, "base64"))), "[2 2]", "[2 2] MIME", false, nil},
		{"forwarded single-part message", mixed(text(), forward(xlsxPart(named, "base64"))), "[2 1]", "[2] HEADER", false, nil},
		{"forwarded multipart message", mixed(text(), forward(mixed(text(), xlsxPart(named, "base64")))), "[2 2]", "[2 2] MIME", false, nil},
		{"RFC 2231 left encoded", mixed(text(), xlsxPart(map[string]string{"filename*": "UTF-8''a%20b.xlsx"}, "base64")), "[2]", "[2] MIME", true, nil},
		{"RFC 2231 on octet-stream", mixed(text(), &imap.BodyStructureSinglePart{Type: "application", Subtype: "octet-stream", Encoding: "base64",
			Extended: &imap.BodyStructureSinglePartExt{Disposition: &imap.BodyStructureDisposition{Value: "attachment", Params: map[string]string{"filename*0*": "UTF-8''a", "filename*1": ".xls"}}}}), "[2]", "[2] MIME", true, nil},
		{"nameless workbook", mixed(text(), xlsxPart(nil, "base64")), "[2]", "[2] MIME", true, nil},
		{"octet-stream pdf", mixed(text(), &imap.BodyStructureSinglePart{Type: "application", Subtype: "octet-stream", Params: map[string]string{"name": "x.pdf"}}), "", "", false, nil},
		{"no structure", nil, "", "", false, errOddStructure},
		{"unknown transfer encoding", mixed(text(), xlsxPart(named, "x-uuencode")), "", "", false, errOddStructure},
		{"forward without structure", mixed(text(), forward(nil)), "", "", false, errOddStructure},
		{"empty multipart", mixed(), "", "", false, errOddStructure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := findWorkbookParts(tc.bs)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error = %v, want %v", err, tc.wantErr)
			}
			if tc.wantPath == "" {
				if len(parts) != 0 {
					t.Errorf("found %+v, want none", parts)
				}
				return
			}
			if len(parts) != 1 {
				t.Fatalf("found %d parts, want 1", len(parts))
			}
			p := parts[0]
			if got := fmt.Sprint(p.Path); got != tc.wantPath {
				t.Errorf("path %s, want %s", got, tc.wantPath)
			}
			if got := fmt.Sprint(p.Header.Part, " ", p.Header.Specifier); got != tc.wantHeader {
				t.Errorf("header section %q, want %q", got, tc.wantHeader)
			}
			if !p.Header.Peek {
				t.Error("header section without PEEK")
			}
			if p.NeedHeader != tc.wantNeed {
				t.Errorf("NeedHeader = %v, want %v", p.NeedHeader, tc.wantNeed)
			}
		})
	}
}

func TestPermits(t *testing.T) {
	tests := []struct {
		name      string
		permanent []imap.Flag
		want      bool
	}{
		{"no PERMANENTFLAGS", nil, true},
		{"system flags only", []imap.Flag{imap.FlagSeen, imap.FlagDeleted}, false},
		{"new keywords allowed", []imap.Flag{imap.FlagSeen, imap.FlagWildcard}, true},
		{"keyword listed", []imap.Flag{"$stpclaimsdone"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := permits(tc.permanent, DefaultKeyword); got != tc.want {
				t.Errorf("permits(%v) = %v, want %v", tc.permanent, got, tc.want)
			}
		})
	}
}
