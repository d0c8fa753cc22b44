//go:build tools

// Package tools pins the Pulumi Python language host, built by scripts/install-langhosts.sh. Like the
// Node one (scripts/pulumi-cli/langhost), it is a package of sdk/v3 up to v3.68.0 only: the Go module
// proxy answers 403 for every version of the later github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
