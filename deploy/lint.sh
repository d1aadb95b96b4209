#!/usr/bin/env bash
# Lints what an operator deploys: the Dockerfiles (dockerfilelint), compose.yaml (dclint, which also
# checks it against the Compose schema), every Kubernetes manifest (kubernetes-models, see
# lint/check-manifests.mjs) and the deploy scripts (shellcheck, warnings and errors, following what they
# source). The Node tools are pinned in lint/package-lock.json and installed into lint/node_modules; Node,
# npm and shellcheck are installed from Debian when missing.
# Prints each finding and exits non-zero when there is any. Run by DeploymentFilesTests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DEPLOY="$ROOT/deploy"
LINT="$DEPLOY/lint"

command -v npm >/dev/null || ensure_packages nodejs npm
command -v shellcheck >/dev/null || ensure_packages shellcheck

# npm ci only when the lock file changed since the last install: it starts from scratch every time.
if ! cmp -s "$LINT/package-lock.json" "$LINT/node_modules/.installed-lock.json"; then
  say "Installing the linters (npm ci)"
  (cd "$LINT" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$LINT/package-lock.json" "$LINT/node_modules/.installed-lock.json"
fi

failed=()
run() {
  local name=$1
  shift
  say "$name"
  "$@" || failed+=("$name")
}

cd "$LINT"
run "dockerfilelint: deploy/docker/*/Dockerfile" npx --no-install dockerfilelint "$DEPLOY"/docker/*/Dockerfile
run "dclint: deploy/compose.yaml" npx --no-install dclint "$DEPLOY/compose.yaml" --max-warnings 0 --color false
run "kubernetes-models: deploy/k8s" node check-manifests.mjs "$DEPLOY/k8s"
run "shellcheck: deploy/*.sh, deploy/lib/*.sh" shellcheck --severity=warning --external-sources --source-path=SCRIPTDIR "$DEPLOY"/*.sh "$DEPLOY"/lib/*.sh

if [ ${#failed[@]} -gt 0 ]; then
  printf 'lint failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "lint: no findings"
