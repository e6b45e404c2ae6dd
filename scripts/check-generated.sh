#!/usr/bin/env bash
# In CI, fails when a generated file that is committed (e.g. API.md) differs from what the build
# just generated, or was generated but never committed, or is committed but no longer generated:
# the code and its generated files must land in the same commit.
set -euo pipefail
[ -n "${CI:-}" ] || exit 0
for file in "$@"; do
  if [ -n "$(git status --porcelain -- "$file")" ]; then
    echo "$file is out of date: run 'npm test' (or 'npx projen' / 'npx projen docgen') and commit it." >&2
    git status --short -- "$file" >&2
    git diff --stat -- "$file" >&2
    exit 1
  fi
done
