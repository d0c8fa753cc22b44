// Command pulumi-sdkgen-dotnet writes the .NET SDK of a Pulumi package schema with Pulumi's .NET SDK
// generator (github.com/pulumi/pulumi/pkg/v3/codegen/dotnet). It stands in for `pulumi package gen-sdk
// --language dotnet`, which needs the .NET language host; the Go module proxy refuses its module
// (github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3: 403). pkg/v3 v3.206.0 (the version
// pulumi-yaml v1.25.0 builds with, so already in the module cache) still holds that generator.
//
// Usage: pulumi-sdkgen-dotnet <schema.json> dotnet <out dir>
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen-dotnet"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: %s <schema.json> dotnet <out dir>", tool)
	}
	text, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema is not valid: %v", diags)
	}
	var files map[string][]byte
	switch args[1] {
	case "dotnet":
		// The .NET generator downloads the package logo (by default a PNG on raw.githubusercontent.com);
		// offline, a schema without `logoUrl` gets an empty logo.png instead.
		if pkg.LogoURL == "" {
			pkg.LogoURL = "sdkgen://no-logo"
			http.DefaultTransport.(*http.Transport).RegisterProtocol("sdkgen", emptyLogo{})
		}
		files, err = dotnetgen.GeneratePackage(tool, pkg, nil, nil)
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

type emptyLogo struct{}

func (emptyLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Body: io.NopCloser(&emptyReader{}), Request: req}, nil
}

type emptyReader struct{}

func (*emptyReader) Read([]byte) (int, error) { return 0, io.EOF }
