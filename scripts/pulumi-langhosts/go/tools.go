//go:build tools

// Package tools pins the Pulumi Go language host, built by scripts/install-langhosts.sh. It is a package
// of sdk/v3 up to v3.66.0 only (v3.67.0 moved it out): the Go module proxy answers 403 for every version
// of the later github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"
