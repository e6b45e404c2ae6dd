#!/usr/bin/env bash
# Installs the third-party checkers that score the synthesized manifests, pinned, into a cache that
# lives once per machine (Go tools build once; the Python venv is created once per version set):
#   kube-score and kubeconform (go install), checkov and kubernetes-validate (pip, in a venv).
# kube-linter is tried too; where it cannot be installed the run records it as not run.
# Prints the paths as shell assignments for the caller to eval.
set -euo pipefail

KUBE_SCORE_VERSION=v1.20.0
KUBECONFORM_VERSION=v0.6.7
KUBE_LINTER_VERSION=v0.7.6
CHECKOV_VERSION=3.3.30
KUBERNETES_VALIDATE_VERSION=1.37.0

cache="${CDK8S_DAEMONSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-daemonsets}"
mkdir -p "$cache/bin"

go_tool() { # name module version
  local name=$1 module=$2 version=$3 target="$cache/bin/$1-$3"
  if [ ! -x "$target" ]; then
    local tmp; tmp=$(mktemp -d)
    if GOBIN="$tmp" GOFLAGS=-mod=mod go install "$module@$version" >"$tmp.log" 2>&1; then
      mv "$tmp/$name" "$target"
    else
      echo "install-validators: could not install $name $version:" >&2
      tail -n 3 "$tmp.log" >&2
    fi
    rm -rf "$tmp" "$tmp.log"
  fi
  [ -x "$target" ] && echo "$target" || true
}

kube_score=$(go_tool kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION")
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")
kube_linter=$(go_tool kube-linter golang.stackrox.io/kube-linter/cmd/kube-linter "$KUBE_LINTER_VERSION")

venv="$cache/venv-checkov-$CHECKOV_VERSION-kv-$KUBERNETES_VALIDATE_VERSION"
if [ ! -x "$venv/bin/checkov" ] || [ ! -x "$venv/bin/kubernetes-validate" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "checkov==$CHECKOV_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
fi

for required in kube_score kubeconform; do
  if [ -z "${!required}" ]; then
    echo "install-validators: $required is required and could not be installed" >&2
    exit 1
  fi
done

cat <<VARS
KUBE_SCORE='$kube_score'
KUBE_SCORE_VERSION='$KUBE_SCORE_VERSION'
KUBECONFORM='$kubeconform'
KUBECONFORM_VERSION='$KUBECONFORM_VERSION'
KUBE_LINTER='$kube_linter'
KUBE_LINTER_VERSION='$KUBE_LINTER_VERSION'
CHECKOV='$venv/bin/checkov'
CHECKOV_VERSION='$CHECKOV_VERSION'
KUBERNETES_VALIDATE='$venv/bin/kubernetes-validate'
KUBERNETES_VALIDATE_VERSION='$KUBERNETES_VALIDATE_VERSION'
VARS
