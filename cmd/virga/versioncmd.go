package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/virgahq/virga/internal/buildinfo"
)

func newVersionCmd(stdout io.Writer) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print virga's version, the commit it was built from and the Go version",
		Long: `Print which virga this is: the release version (or, for a build from a
checkout, the version Go derived from it), the commit and whether the tree
had changes, the Go toolchain and the platform. virga --version prints the
same line.`,
		Example: `  virga version
  virga version -o json | jq -r .version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := parseOutput(output, outText, outJSON, outYAML)
			if err != nil {
				return err
			}
			in := buildinfo.Read()
			switch format {
			case outJSON:
				return writeJSON(stdout, in)
			case outYAML:
				return writeYAML(stdout, in)
			}
			_, err = io.WriteString(stdout, in.String()+"\n")
			return err
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", outText, "output format: text, json or yaml")
	return cmd
}
