#!/usr/bin/env bash
# Builds the Pulumi language hosts for YAML, Python and Go programs from their Go modules through the Go
# module proxy, exactly as scripts/install-pulumi.sh builds the CLI, and caches them the same way. They
# run programs that use the provider plugin (pulumi-resource-bucket-replication) from other languages.
#
# Also builds the SDK generators that stand in for `pulumi package gen-sdk` (see below).
#
# Prints one line on stdout: the directory holding pulumi-language-yaml, pulumi-language-python,
# pulumi-language-python-exec, pulumi-language-go, pulumi-sdkgen and pulumi-sdkgen-dotnet (put it on
# PATH next to the CLI).
# Progress goes to stderr.
#
# Wrapper modules, committed with their go.sum, so the build is pinned and hash-checked:
#   scripts/pulumi-langhosts/yaml    github.com/pulumi/pulumi-yaml@v1.25.0 -> pulumi-language-yaml
#     (with the pkg/v3 and sdk/v3 v3.206.0 its own go.mod requires; forced to v3.248.0 it does not
#     compile. It talks to CLI 3.248.0 over the same gRPC protocol. v1.37.0, the CLI 3.248 era's host,
#     needs pkg/v3 v3.247.0, which the proxy refuses with 403, and does not compile with v3.248.0.)
#   scripts/pulumi-langhosts/python  github.com/pulumi/pulumi/sdk/v3@v3.68.0 -> pulumi-language-python
#     (since v3.69 it is the separate module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3,
#     for every version of which the proxy answers 403 "This module version is not available", as for
#     the Node one; the v3.68.0 host only starts Python with the SDK the project installs. It ignores
#     the `virtualenv` runtime option of today's CLI: put the virtualenv's bin first on PATH.)
#   scripts/pulumi-langhosts/go      github.com/pulumi/pulumi/sdk/v3@v3.66.0 -> pulumi-language-go
#     (the last release holding it as a package, sdk/v3/go/pulumi-language-go: the proxy's version list
#     stops at v3.62.0 before v3.67.0, but v3.66.0 is served when asked for. v3.67.0 moved it to the
#     separate module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3, for every version of which
#     the proxy answers 403. Pulumi's code, unchanged: it builds the program with `go build` on each run
#     and runs it with the PULUMI_* variables today's Go SDK (v3.248.0) still reads. It predates code
#     generation: GeneratePackage and GenerateProgram answer "unknown method".)
#   scripts/pulumi-langhosts/sdkgen         pkg/v3@v3.248.0 codegen/{python,go} -> pulumi-sdkgen
#   scripts/pulumi-langhosts/sdkgen-dotnet  pkg/v3@v3.206.0 codegen/dotnet      -> pulumi-sdkgen-dotnet
#     (`pulumi package gen-sdk` asks the language host to generate: the v3.68.0 Python host answers
#     "error: method GeneratePackage not implemented", the v3.66.0 Go host "error: unknown method
#     GeneratePackage for service pulumirpc.LanguageRuntime", and the .NET host cannot be built here
#     (proxy 403). These call the same generators; the .NET one left pkg/v3 after
#     v3.206.0.)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAMP="$(cat "$HERE"/pulumi-langhosts/*/go.mod "$HERE"/pulumi-langhosts/*/go.sum "$HERE"/pulumi-langhosts/*/*.go | cksum | cut -d' ' -f1)"
CACHE="${PULUMI_BUILD_CACHE:-$HOME/.cache/pulumi-bucket-replication}/langhosts"
BIN="$CACHE/bin"

log() { printf '[install-langhosts] %s\n' "$*" >&2; }
die() { printf '[install-langhosts] ERROR: %s\n' "$*" >&2; exit 1; }
cached() {
  [ "$(cat "$BIN/.stamp" 2>/dev/null)" = "$STAMP" ] && [ -x "$BIN/pulumi-language-yaml" ] \
    && [ -x "$BIN/pulumi-language-python" ] && [ -x "$BIN/pulumi-language-python-exec" ] \
    && [ -x "$BIN/pulumi-language-go" ] && [ -x "$BIN/pulumi-sdkgen" ] && [ -x "$BIN/pulumi-sdkgen-dotnet" ]
}

if cached; then echo "$BIN"; exit 0; fi

command -v go >/dev/null || die "Go is not on PATH. Install Go 1.25 or newer and run again."
mkdir -p "$BIN"
exec 9>"$CACHE/.lock"
flock 9 # one build at a time; a second caller waits and then finds the cache
if cached; then echo "$BIN"; exit 0; fi

export GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOFLAGS="-mod=readonly -modcacherw" GOTOOLCHAIN=local
start=$(date +%s)

build() { # build <wrapper dir> <-X variable=version> <output> <package>
  (cd "$HERE/pulumi-langhosts/$1" && nice -n 10 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-w -s -X $2" -o "$3" "$4")
}
log "step 1/6: pulumi-language-yaml v1.25.0 (first time only: a few minutes on 2 cores)"
build yaml github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.25.0 "$BIN/pulumi-language-yaml" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
  || die "go build of pulumi-language-yaml failed (see above). Is the Go module proxy reachable?"
log "step 2/6: pulumi-language-python (sdk/v3 v3.68.0)"
build python github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.68.0 "$BIN/pulumi-language-python" \
  github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
  || die "go build of pulumi-language-python failed (see above)"
log "step 3/6: pulumi-language-python-exec (the script the host runs, shipped in the sdk module)"
sdk_dir="$(cd "$HERE/pulumi-langhosts/python" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$BIN/"
log "step 4/6: pulumi-language-go (sdk/v3 v3.66.0)"
build go github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.66.0 "$BIN/pulumi-language-go" \
  github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go \
  || die "go build of pulumi-language-go failed (see above)"
log "step 5/6: pulumi-sdkgen (Python and Go SDKs, pkg/v3 v3.248.0)"
(cd "$HERE/pulumi-langhosts/sdkgen" && nice -n 10 go build -trimpath -ldflags "-w -s" -o "$BIN/pulumi-sdkgen" .) \
  || die "go build of pulumi-sdkgen failed (see above)"
log "step 6/6: pulumi-sdkgen-dotnet (.NET SDK, pkg/v3 v3.206.0)"
(cd "$HERE/pulumi-langhosts/sdkgen-dotnet" && nice -n 10 go build -trimpath -ldflags "-w -s" -o "$BIN/pulumi-sdkgen-dotnet" .) \
  || die "go build of pulumi-sdkgen-dotnet failed (see above)"

echo "$STAMP" > "$BIN/.stamp"
log "built in $(( $(date +%s) - start ))s: $BIN"
echo "$BIN"
