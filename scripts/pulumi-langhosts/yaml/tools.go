//go:build tools

// Package tools pins the Pulumi YAML language host, built by scripts/install-langhosts.sh.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
