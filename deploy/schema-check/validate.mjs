// Validates every manifest in deploy/k8s and deploy/knative against the upstream OpenAPI schemas
// (required fields, types, enums, formats) compiled by kubernetes-models, and lints the Dockerfiles
// with dockerfile-utils (the parser behind VS Code's Dockerfile support). Complements
// DeployManifestsTest, which catches unknown fields. Usage: cd deploy/schema-check && npm ci && npm run check
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validate as lintDockerfile } from "dockerfile-utils";

const deploy = fileURLToPath(new URL("..", import.meta.url));
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  // kustomization.yaml is kustomize's file, not an API object (DeployManifestsTest checks it)
  return statSync(path).isDirectory() ? files(path) : /\.ya?ml$/.test(name) && name !== "kustomization.yaml" ? [path] : [];
});

function modulePath(apiVersion) {
  if (apiVersion.includes("knative.dev")) return `@kubernetes-models/knative/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

let failures = 0;
let checked = 0;
for (const file of [...files(join(deploy, "k8s")), ...files(join(deploy, "knative"))]) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = document.toJS();
    if (!object) continue;
    const where = `${relative(deploy, file)} ${object.kind}/${object.metadata?.name}`;
    try {
      const module = await import(modulePath(object.apiVersion));
      const Model = module[object.kind];
      if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
      new Model(object).validate();
      checked++;
      console.log(`ok   ${where}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${where}: ${error.message}`);
    }
  }
}
for (const name of readdirSync(join(deploy, "docker")).filter((n) => /^Dockerfile\.[a-z]+$/.test(n))) {
  const problems = lintDockerfile(readFileSync(join(deploy, "docker", name), "utf8"));
  if (problems.length === 0) {
    checked++;
    console.log(`ok   docker/${name}`);
  } else {
    failures++;
    console.log(`FAIL docker/${name}: ${problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`).join("; ")}`);
  }
}
console.log(`${checked} passed, ${failures} failed`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
