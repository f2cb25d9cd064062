package aws

import (
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"

	"github.com/virgahq/virga/providers"
)

// A profile that assumes a role with an MFA device (mfa_serial) needs a
// code from the person each time its role session is renewed. Without a
// token provider the SDK refuses such a profile at load with "assume role
// with MFA enabled, but AssumeRoleTokenProvider session option not set";
// with Config.MFA the person is asked, by name of profile and device.

// withMFA installs the Provider's token provider on the assume-role
// credentials of every profile chain.
func (p *Provider) withMFA() config.LoadOptionsFunc {
	return config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
		o.TokenProvider = p.mfaCode
	})
}

// mfaCode asks Config.MFA for a code. The SDK calls it while it renews the
// role session, from whichever call needed credentials first.
func (p *Provider) mfaCode() (string, error) {
	profile := p.profile
	if profile == "" {
		profile = "default"
	}
	if p.cfg.MFA == nil {
		return "", &providers.Error{Kind: providers.ErrCredentials, Op: "STS.AssumeRole",
			Message: "profile " + profile + " assumes a role with MFA (" + p.mfaSerial + "): virga asks for the code only on a terminal"}
	}
	code, err := p.cfg.MFA(profile, p.mfaSerial)
	if err != nil {
		return "", &providers.Error{Kind: providers.ErrCredentials, Op: "STS.AssumeRole",
			Message: "profile " + profile + ": no MFA code: " + err.Error(), Err: err}
	}
	return code, nil
}

// mfaSerialOf finds the MFA device of a profile chain, "" when it needs
// none.
func mfaSerialOf(sources []any) string {
	for _, src := range sources {
		if c, ok := src.(config.SharedConfig); ok {
			for s := &c; s != nil; s = s.Source {
				if s.MFASerial != "" {
					return s.MFASerial
				}
			}
		}
	}
	return ""
}

// NeedsMFA reports whether the profile assumes a role with an MFA device,
// so a code will be asked for when its credentials are first resolved.
func (p *Provider) NeedsMFA() bool { return p.mfaSerial != "" }
