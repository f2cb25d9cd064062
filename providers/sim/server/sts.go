package server

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

type stsIdentityResponse struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	} `xml:"GetCallerIdentityResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

// serveSTS answers the awsQuery form POST of STS; only GetCallerIdentity
// is served, so that Identity works against the sim.
func (s *Server) serveSTS(c *call) {
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, 1<<20)
	if err := c.r.ParseForm(); err != nil {
		c.writeError(c.invalid("Could not parse request body: %v", err))
		return
	}
	c.op = c.r.PostForm.Get("Action")
	if c.op != "GetCallerIdentity" {
		c.writeError(&apiError{status: http.StatusBadRequest, code: "InvalidAction",
			message: "Could not find operation " + c.op + " for version " + c.r.PostForm.Get("Version")})
		return
	}
	id, err := s.acct.Identity(c.ctx())
	if err != nil {
		c.fail(err)
		return
	}
	if s.cfg.account != "" {
		id.Account, id.ARN = s.ident.Account, s.ident.ARN
	}
	var out stsIdentityResponse
	out.Xmlns = stsNamespace
	out.Result.Arn, out.Result.Account = id.ARN, id.Account
	session := id.ARN[strings.LastIndexByte(id.ARN, '/')+1:]
	out.Result.UserID = "AROA" + strings.ToUpper(revisionID(id.ARN)[:8]) + "VIRGADEMO:" + session
	out.RequestID = s.requestID()
	c.writeXML(http.StatusOK, out.RequestID, out)
}

// writeXML writes an awsQuery XML document.
func (c *call) writeXML(status int, rid string, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		b, status = []byte("<ErrorResponse/>"), http.StatusInternalServerError
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("X-Amzn-Requestid", rid)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}
