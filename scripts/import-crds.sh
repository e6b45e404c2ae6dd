#!/usr/bin/env bash
# Regenerates the typed Prometheus Operator objects in src/imports/ from the CRDs in crds/, with
# the real `cdk8s import`.
#
# The CRDs are the ones prometheus-operator publishes in its repository
# (example/prometheus-operator-crd/). To move to another release, fetch its module and copy them:
#
#   scripts/import-crds.sh --fetch v0.85.0
#
# which downloads github.com/prometheus-operator/prometheus-operator@<version> from the Go module
# proxy (it holds the repository's files), copies the CRDs into crds/ and regenerates the code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

crds=(monitoring.coreos.com_servicemonitors.yaml monitoring.coreos.com_podmonitors.yaml monitoring.coreos.com_prometheusrules.yaml)

if [ "${1:-}" = "--fetch" ]; then
  version="${2:?usage: scripts/import-crds.sh --fetch <prometheus-operator version, e.g. v0.85.0>}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && go mod init crds >/dev/null 2>&1)
  dir="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/prometheus-operator/prometheus-operator@$version" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);if(m.Error){console.error(m.Error);process.exit(1)}console.log(m.Dir)})')"
  for crd in "${crds[@]}"; do
    install -m 0644 "$dir/example/prometheus-operator-crd/$crd" "crds/$crd"
  done
fi

# cdk8s import writes one file per API group, and a second run for the same group replaces the
# first: import every CRD of the group in one multi-document file.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for crd in "${crds[@]}"; do
  cat "crds/$crd"
  echo
done > "$out/crds.yaml"
npx cdk8s import "$out/crds.yaml" --language typescript --output "$out/imports" --no-check-upgrade
mkdir -p src/imports
# *.generated.ts: generated code is not linted.
mv "$out/imports/monitoring.coreos.com.ts" src/imports/monitoring.coreos.com.generated.ts
echo "wrote src/imports/monitoring.coreos.com.generated.ts from ${crds[*]}"
