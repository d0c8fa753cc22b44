#!/usr/bin/env bash
# Provides the real Pulumi CLI for this project, built from its Go modules through the Go module proxy.
# No host serving prebuilt Pulumi binaries is reachable from our machines, and the npm `pulumi` package is
# only a downloader, so it is never used.
#
# Prints one line on stdout: the directory holding pulumi, pulumi-language-nodejs and
# pulumi-resource-pulumi-nodejs. Progress goes to stderr. A second run takes well under a second.
#
# Two wrapper modules, committed with their go.sum, so the build is pinned and hash-checked:
#   scripts/pulumi-cli/cli       github.com/pulumi/pulumi/pkg/v3@v3.248.0 -> pulumi
#   scripts/pulumi-cli/langhost  github.com/pulumi/pulumi/sdk/v3@v3.68.0  -> pulumi-language-nodejs
# Why the language host comes from sdk/v3 v3.68.0: since v3.69 the Node language host is a separate,
# untagged module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), and the Go module
# proxy here answers 403 "This module version is not available" for every version of it. Up to v3.68.0 it
# was a package of sdk/v3. It only starts `node @pulumi/pulumi/cmd/run`; the Node SDK (3.248.0) does the
# rest, and the engine talks to it over the same gRPC protocol. The end-to-end tests exercise this pairing.
# Recipe and evidence: shared/reference/pulumi-build.md (which assumed the language host module was served).
set -euo pipefail

VERSION=3.248.0 # keep equal to @pulumi/pulumi in package-lock.json (test/unit/toolchain.test.ts checks it)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${PULUMI_BUILD_CACHE:-$HOME/.cache/pulumi-bucket-replication}/pulumi-v$VERSION"
BIN="$CACHE/bin"
# The stamp changes whenever a wrapper module changes, so an edit to go.mod rebuilds.
STAMP="$(cat "$HERE"/pulumi-cli/*/go.mod "$HERE"/pulumi-cli/*/go.sum | cksum | cut -d' ' -f1)"

log() { printf '[install-pulumi] %s\n' "$*" >&2; }
die() { printf '[install-pulumi] ERROR: %s\n' "$*" >&2; exit 1; }
has_plugins() { [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ]; }
version_of() { PULUMI_SKIP_UPDATE_CHECK=true PULUMI_HOME="${TMPDIR:-/tmp}/.pulumi-version-check" "$1" version 2>/dev/null | tail -n1 | tr -d 'v\r'; }
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
cached() { [ "$(cat "$BIN/.stamp" 2>/dev/null)" = "$STAMP" ] && has_plugins "$BIN" && [ -x "$BIN/pulumi" ]; }

# 1. Our cached build.
if cached; then echo "$BIN"; exit 0; fi

# 2. A real pulumi on PATH, recent enough, with the Node plugins beside it (never the npm shim).
if p="$(command -v pulumi 2>/dev/null)"; then
  real="$(readlink -f "$p")"
  dir="$(dirname "$real")"
  if [[ "$real" != */node_modules/* ]] && ! head -c 64 "$real" | grep -qa 'node' && has_plugins "$dir"; then
    v="$(version_of "$real" || true)"
    if [ -n "$v" ] && at_least "$v" "$VERSION"; then
      log "using pulumi $v from $dir"
      echo "$dir"
      exit 0
    fi
  fi
fi

# 3. Build from the Go modules.
command -v go >/dev/null || die "Go is not on PATH. Install Go 1.25 or newer and run again."
command -v node >/dev/null || die "Node.js is not on PATH; the Pulumi Node language host needs it."
mkdir -p "$BIN"
exec 9>"$CACHE/.lock"
flock 9 # one build at a time; a second caller waits and then finds the cache
if cached; then echo "$BIN"; exit 0; fi

export GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOFLAGS="-mod=readonly -modcacherw" GOTOOLCHAIN=local
start=$(date +%s)
( while sleep 30; do log "  still building... $(( $(date +%s) - start ))s"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT

build() { # build <wrapper dir> <version stamp> <output> <package>
  (cd "$HERE/pulumi-cli/$1" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$2" -o "$3" "$4")
}
# First build on 2 cores, empty module and build caches (30 Nov 2026): 4 min 13 s, downloads included.
log "building Pulumi CLI v$VERSION from Go modules (first time only: about 5 minutes on 2 cores)"
log "step 1/3: pulumi (downloads about 2 GB of modules through $(go env GOPROXY), then compiles)"
build cli "$VERSION" "$BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  || die "go build of pulumi failed (see above). Is the Go module proxy reachable? Is there 5 GB of free disk?"
log "step 2/3: pulumi-language-nodejs"
build langhost 3.68.0 "$BIN/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
  || die "go build of pulumi-language-nodejs failed (see above)"
log "step 3/3: pulumi-resource-pulumi-nodejs (the dynamic provider shim shipped in the sdk module)"
sdk_dir="$(cd "$HERE/pulumi-cli/cli" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/"

[ "$(version_of "$BIN/pulumi")" = "$VERSION" ] || die "the built pulumi does not report v$VERSION"
echo "$STAMP" > "$BIN/.stamp"
log "built in $(( $(date +%s) - start ))s: $BIN"
echo "$BIN"
