#!/usr/bin/env bash
# In CI, fails when a generated file that is committed (e.g. API.md) differs from what the build
# just generated: the code and its generated docs must land in the same commit.
set -euo pipefail
[ -n "${CI:-}" ] || exit 0
for file in "$@"; do
  if ! git diff --quiet -- "$file"; then
    echo "$file is out of date: run 'npm test' (or 'npx projen docgen') and commit it." >&2
    git diff --stat -- "$file" >&2
    exit 1
  fi
done
