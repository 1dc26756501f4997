#!/usr/bin/env bash
# Validate the Kubernetes manifests (deploy/kubernetes) against the Kubernetes JSON schemas with
# kubernetes-validate (pinned, from PyPI, in a private venv): every base file as written, and each
# overlay as kustomize renders it (`kubectl kustomize`, when a kubectl is installed).
#
#   scripts/validate-manifests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.37.0
K8S_VERSION="${K8S_VERSION:-1.32.0}"
VENV=target/venv-kubernetes-validate
if [ ! -x "$VENV/bin/kubernetes-validate" ] || ! "$VENV/bin/pip" show kubernetes-validate 2>/dev/null | grep -q "^Version: ${VERSION}$"; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==${VERSION}"
fi
KV=("$VENV/bin/kubernetes-validate" --strict --kubernetes-version "$K8S_VERSION")
echo "== kubernetes-validate ${VERSION} (schemas of Kubernetes ${K8S_VERSION}): base files"
"${KV[@]}" deploy/kubernetes/base/{configmap,secret,deployment,service,pdb,hpa}.yaml deploy/kubernetes/overlays/production/namespace.yaml
if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
  mkdir -p target/manifests
  for overlay in deploy/kubernetes/overlays/*/; do
    name="$(basename "$overlay")"
    kubectl kustomize "$overlay" >"target/manifests/$name.yaml"
    echo "== rendered overlay $name ($(grep -c '^kind:' "target/manifests/$name.yaml") objects)"
    "${KV[@]}" "target/manifests/$name.yaml"
    # What the issue asks of the Deployment, checked on the rendered objects.
    python3 - "target/manifests/$name.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
for needle in ["kind: Deployment", "kind: Service", "kind: PodDisruptionBudget", "kind: HorizontalPodAutoscaler",
               "kind: ConfigMap", "kind: Secret", "replicas: 3", "path: /health", "path: /ready", "startupProbe:",
               "runAsNonRoot: true", "readOnlyRootFilesystem: true", "- ALL", "emptyDir:", "maxUnavailable: 0",
               "TILTAK_CURSOR_SECRET", "TILTAK_ADMIN_TOKEN"]:
    assert needle in text, f"{sys.argv[1]}: no '{needle}'"
print("ok  probes, security context, rolling update, secrets")
PY
  done
else
  echo "(no kubectl: overlays not rendered; the base files were validated)"
fi
echo "== manifests valid"
