package stpclaims

// Reply is the answer to a submission: the mail sent back to the sender (or,
// for a folder drop, the text written beside the outputs).
type Reply struct {
	To          []string
	Cc          []string
	Subject     string
	InReplyTo   string   // the Message-ID answered, with angle brackets
	References  []string // Message-IDs, with angle brackets
	Body        string   // plain text
	Attachments []Attachment
}

// Attachment is one file attached to a reply.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// ContentTypeXLSX is the media type of an .xlsx workbook.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
