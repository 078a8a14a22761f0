package mailbox

import (
	"errors"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// errOddStructure says a BODYSTRUCTURE cannot be trusted to find and fetch
// the workbook parts; the whole message is fetched instead.
var errOddStructure = errors.New("mailbox: odd BODYSTRUCTURE")

// workbookPart is a workbook found in a BODYSTRUCTURE: where it is and how
// to name and decode it.
type workbookPart struct {
	Path      []int // IMAP part number, e.g. 2.1 for the first part of a forwarded mail at 2
	MediaType string
	Name      string // decoded name from BODYSTRUCTURE; empty when it must be read from Header
	Encoding  string // Content-Transfer-Encoding
	Size      uint32 // encoded size
	// Header is the section holding the part's own MIME header: part.MIME
	// for a child of a multipart, HEADER of the enclosing message for a
	// message's only body part.
	Header imap.FetchItemBodySection
	// NeedHeader is set when the name must come from the raw MIME header
	// (RFC 2231 parameters left undecoded, as Dovecot does, or no name).
	NeedHeader bool
}

// findWorkbookParts walks bs, descending into message/rfc822 parts, and
// returns the workbook parts in MIME order.
func findWorkbookParts(bs imap.BodyStructure) ([]workbookPart, error) {
	if bs == nil {
		return nil, errOddStructure
	}
	var parts []workbookPart
	err := walkStructure(bs, nil, true, 0, &parts)
	return parts, err
}

// walkStructure visits bs, whose part number is path. wholeBody is set when
// bs is the whole body of a message (the top level or a forwarded mail's
// body), whose MIME header is that message's HEADER.
func walkStructure(bs imap.BodyStructure, msgPath []int, wholeBody bool, depth int, out *[]workbookPart) error {
	if depth > 20 {
		return errOddStructure
	}
	switch bs := bs.(type) {
	case *imap.BodyStructureMultiPart:
		if len(bs.Children) == 0 {
			return errOddStructure
		}
		for i, child := range bs.Children {
			if err := walkStructure(child, appendPath(msgPath, i+1), false, depth+1, out); err != nil {
				return err
			}
		}
		return nil
	case *imap.BodyStructureSinglePart:
		path := msgPath
		header := imap.FetchItemBodySection{Part: path, Specifier: imap.PartSpecifierMIME, Peek: true}
		if wholeBody {
			// The only part of a (forwarded) message: its number is the
			// message's number + ".1", its header the message's header.
			header = imap.FetchItemBodySection{Part: msgPath, Specifier: imap.PartSpecifierHeader, Peek: true}
			path = appendPath(msgPath, 1)
		}
		mt := strings.ToLower(bs.Type + "/" + bs.Subtype)
		if mt == "message/rfc822" || mt == "message/global" {
			if bs.MessageRFC822 == nil || bs.MessageRFC822.BodyStructure == nil {
				return errOddStructure
			}
			return walkStructure(bs.MessageRFC822.BodyStructure, path, true, depth+1, out)
		}
		name, undecoded := structureName(bs)
		if !isWorkbook(mt, name) && !(undecoded && strings.HasPrefix(mt, "application/")) {
			return nil
		}
		if !knownTransferEncoding(bs.Encoding) {
			return errOddStructure
		}
		*out = append(*out, workbookPart{
			Path:       path,
			MediaType:  mt,
			Name:       name,
			Encoding:   strings.ToLower(bs.Encoding),
			Size:       bs.Size,
			Header:     header,
			NeedHeader: undecoded || name == "",
		})
		return nil
	default:
		return errOddStructure
	}
}

// structureName returns a part's file name from its BODYSTRUCTURE
// parameters, and whether some name parameter was left RFC 2231 encoded
// (filename*, filename*0*, name*…), in which case the raw MIME header must
// be read.
func structureName(bs *imap.BodyStructureSinglePart) (name string, undecoded bool) {
	var params []map[string]string
	if d := bs.Disposition(); d != nil {
		params = append(params, d.Params)
	}
	params = append(params, bs.Params)
	for _, p := range params {
		for k := range p {
			if strings.HasPrefix(k, "filename*") || strings.HasPrefix(k, "name*") {
				undecoded = true
			}
		}
	}
	return cleanName(bs.Filename()), undecoded
}

func appendPath(path []int, n int) []int {
	out := make([]int, len(path), len(path)+1)
	copy(out, path)
	return append(out, n)
}
