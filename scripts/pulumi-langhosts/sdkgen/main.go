// Command pulumi-sdkgen writes the Python or Go SDK of a Pulumi package schema with Pulumi's own SDK
// generators (github.com/pulumi/pulumi/pkg/v3/codegen/{python,go}, v3.248.0 as the CLI). It stands in
// for `pulumi package gen-sdk`, which in CLI 3.248 delegates generation to the language host's
// GeneratePackage method: the Python language host buildable from the Go module proxy (sdk/v3 v3.68.0)
// predates that method ("error: method GeneratePackage not implemented"), and the proxy refuses the
// Go language host (403). The generators are the ones those hosts call. The .NET generator is no
// longer in pkg/v3: see ../sdkgen-dotnet.
//
// Usage: pulumi-sdkgen <schema.json> <python|go> <out dir>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: %s <schema.json> <python|go> <out dir>", tool)
	}
	text, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema is not valid: %v", diags)
	}
	var files map[string][]byte
	switch args[1] {
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, nil, nil)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		return fmt.Errorf("unknown language %q", args[1])
	}
	if err != nil {
		return err
	}
	out := args[2]
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noPackages is the schema loader: this package's schema references no other package.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q; %s loads no other package", name, tool)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}
