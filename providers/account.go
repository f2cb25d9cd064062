package providers

// Identity says whose account virga is looking at.
type Identity struct {
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	Profile string `json:"profile,omitempty"`
	ARN     string `json:"arn,omitempty"`
	Demo    bool   `json:"demo,omitempty"`
}

// Scope keys a result to the account and region it came from, so data
// fetched before a profile or region switch never shows under the new one.
type Scope struct {
	Account string
	Region  string
}

// Scope returns the account and region of the identity.
func (i Identity) Scope() Scope { return Scope{Account: i.Account, Region: i.Region} }
