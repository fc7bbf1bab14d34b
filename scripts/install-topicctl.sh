#!/usr/bin/env bash
# Builds segmentio/topicctl (the comparison tool of bench/topics.mjs) into .tools/bin/topicctl with the machine's Go.
#
#   scripts/install-topicctl.sh            # version: KGOV_TOPICCTL_VERSION, default below
#
# Not `go install ...@latest`: resolving "latest" (and go install's deprecation check) reads the module's version
# list, which the module proxy reachable here refuses (403), while single versions download fine. So the module
# source of one pinned version is fetched with `go mod download` and built with its own go.mod and go.sum.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${KGOV_TOPICCTL_VERSION:-v1.17.0}
BIN="$REPO/.tools/bin"

command -v go >/dev/null || { echo "install-topicctl.sh: Go is required" >&2; exit 1; }
if [ -x "$BIN/topicctl" ] && "$BIN/topicctl" --version 2>/dev/null | grep -qF "${VERSION#v}"; then
  echo "install-topicctl.sh: topicctl $VERSION already in .tools/bin" >&2
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# go mod download needs a module to run in; -json prints where the source landed in the module cache.
(cd "$work" && go mod init kgov-topicctl-build >/dev/null 2>&1)
dir=$(cd "$work" && go mod download -json "github.com/segmentio/topicctl@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "install-topicctl.sh: could not download topicctl $VERSION" >&2; exit 1; }
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
mkdir -p "$BIN"
(cd "$work/src" && go build -o "$BIN/topicctl" ./cmd/topicctl)
echo "install-topicctl.sh: built $("$BIN/topicctl" --version) into .tools/bin" >&2
