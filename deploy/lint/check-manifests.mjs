// Checks the Kubernetes manifests the way an API server would read them: every YAML document must be
// a known apiVersion/kind and valid against that kind's schema (kubernetes-models), and
// kustomization.yaml must list exactly the manifests in its folder. Prints each finding; exits 1 on any.
// Usage: node check-manifests.mjs [folder]   (default: ../k8s next to this script)
//
// kubernetes-models does not reject unknown fields (a misspelt key passes), so DeploymentFilesTests
// also reads the settings that matter (probes, limits, secrets) by name.

import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const folder = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "k8s"));
const kustomizationFile = "kustomization.yaml";
const findings = [];
let checked = 0;

const manifests = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f) && f !== kustomizationFile).sort();

checkKustomization();
for (const file of manifests) {
  let documents;
  try {
    documents = yaml.loadAll(readFileSync(join(folder, file), "utf8"));
  } catch (error) {
    findings.push(`${file}: not valid YAML: ${error.message}`);
    continue;
  }

  for (const [index, document] of documents.entries()) {
    if (document == null) {
      continue; // an empty document, e.g. after a trailing "---"
    }

    await checkDocument(`${file} (document ${index + 1})`, document);
  }
}

for (const finding of findings) {
  console.error(`k8s: ${finding}`);
}

console.log(`k8s: ${checked} document(s) in ${manifests.length} file(s) checked, ${findings.length} finding(s)`);
process.exit(findings.length === 0 ? 0 : 1);

async function checkDocument(where, document) {
  const { apiVersion, kind } = document;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    findings.push(`${where}: apiVersion and kind are required`);
    return;
  }

  const label = `${where} ${kind}/${document.metadata?.name ?? "(no name)"}`;
  const model = await modelFor(apiVersion, kind);
  if (model === undefined) {
    findings.push(`${label}: unknown kind ${kind} in ${apiVersion}`);
    return;
  }

  checked++;
  try {
    new model(document).validate();
  } catch (error) {
    findings.push(`${label}: ${error.message}`);
  }

  if (!document.metadata?.name) {
    findings.push(`${label}: metadata.name is required`);
  }
}

// "v1" is the core group (kubernetes-models/v1/Secret); others name their group (apps/v1/Deployment).
async function modelFor(apiVersion, kind) {
  if (!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return undefined;
  }

  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    const model = module[kind];
    return model?.apiVersion === apiVersion && model?.kind === kind ? model : undefined;
  } catch {
    return undefined;
  }
}

function checkKustomization() {
  const path = join(folder, kustomizationFile);
  if (!existsSync(path)) {
    findings.push(`${kustomizationFile} is missing`);
    return;
  }

  let resources;
  try {
    resources = yaml.load(readFileSync(path, "utf8"))?.resources ?? [];
  } catch (error) {
    findings.push(`${kustomizationFile}: not valid YAML: ${error.message}`);
    return;
  }

  for (const resource of resources.filter((r) => !manifests.includes(r))) {
    findings.push(`${kustomizationFile} lists ${resource}, which is not in ${folder}`);
  }

  for (const manifest of manifests.filter((m) => !resources.includes(m))) {
    findings.push(`${manifest} is not listed in ${kustomizationFile}, so kubectl apply -k leaves it out`);
  }
}
