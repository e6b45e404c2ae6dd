#!/usr/bin/env bash
# Builds the Kubernetes control plane that the cluster tests start (test/cluster/), pinned, into a
# cache that lives once per machine: kube-apiserver, kube-controller-manager and kube-scheduler
# (one `go build` of k8s.io/kubernetes, tools/kube), etcd (tools/etcd) and KWOK (tools/kwok), with
# KWOK's own "fast" node and pod stages (standalone kwok has none built in) in kwok-stages.yaml.
# The versions and checksums are the go.mod/go.sum files of those modules; the cache directory is
# named after the versions and a hash of those files and of the link flags, so changing any of them
# builds a new set. A cached set is reused at once.
# Prints the paths as shell assignments for the caller to eval. On a failed build it exits non-zero
# and names the build log.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/tools"

# The versions are the ones go.mod pins (the single source); read here for the names and flags.
mod_version() { # go.mod module
  awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$1"
}
KUBE_VERSION=$(mod_version "$tools/kube/go.mod" k8s.io/kubernetes)
ETCD_VERSION=$(mod_version "$tools/etcd/go.mod" go.etcd.io/etcd/server/v3)
KWOK_VERSION=$(mod_version "$tools/kwok/go.mod" sigs.k8s.io/kwok)
for v in KUBE_VERSION ETCD_VERSION KWOK_VERSION; do
  if [ -z "${!v}" ]; then
    echo "install-kube: cannot read $v from the go.mod files under $tools" >&2
    exit 1
  fi
done

# What `make` in the kubernetes repository stamps (hack/lib/version.sh), so that `--version` and
# GET /version report the release instead of v0.0.0-master (buildDate is added when building).
kube_minor=${KUBE_VERSION#v1.}
kube_minor=${kube_minor%%.*}
kube_version_pkgs="k8s.io/component-base/version k8s.io/client-go/pkg/version"
kube_ldflags="-s -w"
for pkg in $kube_version_pkgs; do
  kube_ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$kube_minor -X $pkg.gitTreeState=clean"
done
etcd_ldflags="-s -w"
kwok_ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$KUBE_VERSION"

cache="${CDK8S_DAEMONSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-daemonsets}"
key=$( {
  cat "$tools"/kube/go.mod "$tools"/kube/go.sum "$tools"/etcd/go.mod "$tools"/etcd/go.sum "$tools"/etcd/main.go \
    "$tools"/kwok/go.mod "$tools"/kwok/go.sum
  echo "$kube_ldflags|$etcd_ldflags|$kwok_ldflags"
} | sha256sum | cut -c1-12)
dir="$cache/kube-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-$key"

print_vars() {
  cat <<VARS
KUBE_APISERVER='$dir/bin/kube-apiserver'
KUBE_CONTROLLER_MANAGER='$dir/bin/kube-controller-manager'
KUBE_SCHEDULER='$dir/bin/kube-scheduler'
KUBE_VERSION='$KUBE_VERSION'
ETCD='$dir/bin/etcd'
ETCD_VERSION='$ETCD_VERSION'
KWOK='$dir/bin/kwok'
KWOK_VERSION='$KWOK_VERSION'
KWOK_STAGES='$dir/kwok-stages.yaml'
VARS
}

# The set is complete once the directory exists: it is renamed into place when everything is built.
if [ -d "$dir" ]; then
  print_vars
  exit 0
fi

mkdir -p "$cache"
# One build at a time per machine (two test runs starting together wait for the first).
exec 9>"$cache/kube-build.lock"
if ! flock -n 9; then
  echo "install-kube: waiting for the build that another process is running (log: $dir.build.log)" >&2
  flock 9
fi
if [ -d "$dir" ]; then
  print_vars
  exit 0
fi

log="$dir.build.log"
tmp="$dir.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
echo "install-kube: building Kubernetes $KUBE_VERSION, etcd $ETCD_VERSION and KWOK $KWOK_VERSION once for this machine" \
  "(5 to 25 minutes on 2 cores; log: $log)" >&2

build() { # module-dir ldflags packages...
  local module=$1 ldflags=$2
  shift 2
  echo "+ (cd $module && go build -trimpath -o $tmp/bin/ -ldflags '$ldflags' $*)" >>"$log"
  (cd "$module" && GOFLAGS='-mod=readonly -buildvcs=false' go build -trimpath -o "$tmp/bin/" -ldflags "$ldflags" "$@") >>"$log" 2>&1
}

# KWOK's "fast" stage set (kustomize/stage/fast in its module: node initialize, node heartbeat with
# a lease, pod ready/complete/delete) as one multi-document file for `kwok --config`.
kwok_stages() {
  local base
  base="$(cd "$tools/kwok" && GOFLAGS=-mod=readonly go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage" || return 1
  local sub file
  for sub in $(awk '$1 == "-" { print $2 }' "$base/fast/kustomization.yaml"); do
    for file in $(awk '$1 == "-" { print $2 }' "$base/fast/$sub/kustomization.yaml"); do
      echo '---'
      cat "$base/fast/$sub/$file" || return 1
    done
  done >"$tmp/kwok-stages.yaml"
  grep -q '^kind: Stage' "$tmp/kwok-stages.yaml"
}

start=$SECONDS
: >"$log"
# buildDate: the release's date (the module's time, from the module proxy), so the binaries do not
# depend on when they were built.
if build_date=$(cd "$tools/kube" && GOFLAGS=-mod=readonly go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' \
    k8s.io/kubernetes 2>>"$log"); then
  for pkg in $kube_version_pkgs; do kube_ldflags+=" -X $pkg.buildDate=$build_date"; done
fi
if ! { build "$tools/kube" "$kube_ldflags" k8s.io/kubernetes/cmd/kube-apiserver \
         k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler &&
       build "$tools/etcd" "$etcd_ldflags" . &&
       build "$tools/kwok" "$kwok_ldflags" sigs.k8s.io/kwok/cmd/kwok &&
       kwok_stages 2>>"$log"; }; then
  echo "install-kube: the build failed; see $log" >&2
  tail -n 15 "$log" >&2
  rm -rf "$tmp"
  exit 1
fi
echo "built in $((SECONDS - start)) s" >>"$log"
mv "$tmp" "$dir"
print_vars
