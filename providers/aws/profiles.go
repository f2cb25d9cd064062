package aws

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
)

// ListProfiles lists the profile names defined in the shared config file
// ("[profile NAME]", "[default]") and credentials file ("[NAME]"), sorted
// and without duplicates, for the :profile picker. An empty path means the
// SDK's: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config
// and ~/.aws/credentials. A missing file lists nothing.
func ListProfiles(configFile, credentialsFile string) ([]string, error) {
	if configFile == "" {
		configFile = os.Getenv("AWS_CONFIG_FILE")
	}
	if configFile == "" {
		configFile = config.DefaultSharedConfigFilename()
	}
	if credentialsFile == "" {
		credentialsFile = os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	}
	if credentialsFile == "" {
		credentialsFile = config.DefaultSharedCredentialsFilename()
	}
	var names []string
	for _, f := range []struct {
		path   string
		isConf bool
	}{{configFile, true}, {credentialsFile, false}} {
		got, err := profilesIn(f.path, f.isConf)
		if err != nil {
			return nil, err
		}
		names = append(names, got...)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// profilesIn reads the profile sections of one INI file. In the config
// file a profile is "[profile NAME]" or "[default]" (other sections, like
// "[sso-session X]" and "[services X]", are not profiles); in the
// credentials file every section is a profile.
func profilesIn(path string, isConfig bool) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "[") {
			continue
		}
		end := strings.IndexByte(line, ']')
		if end < 0 {
			continue
		}
		section := strings.Join(strings.Fields(line[1:end]), " ")
		switch {
		case section == "default":
			names = append(names, section)
		case !isConfig:
			if section != "" {
				names = append(names, section)
			}
		default:
			if name, ok := strings.CutPrefix(section, "profile "); ok && name != "" {
				names = append(names, name)
			}
		}
	}
	return names, sc.Err()
}

// Regions lists the commercial AWS regions, sorted, for the :region
// picker. Opt-in regions are included: the account may have enabled them.
func Regions() []string {
	return []string{
		"af-south-1",
		"ap-east-1", "ap-east-2",
		"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-south-1", "ap-south-2",
		"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
		"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
		"ca-central-1", "ca-west-1",
		"eu-central-1", "eu-central-2",
		"eu-north-1",
		"eu-south-1", "eu-south-2",
		"eu-west-1", "eu-west-2", "eu-west-3",
		"il-central-1",
		"me-central-1", "me-south-1",
		"mx-central-1",
		"sa-east-1",
		"us-east-1", "us-east-2",
		"us-west-1", "us-west-2",
	}
}

// isOptInRegion says whether an account must enable a region before using
// it (every region launched after March 2019).
func isOptInRegion(region string) bool {
	switch region {
	case "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
		"ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2",
		"eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1":
		return true
	}
	return false
}
