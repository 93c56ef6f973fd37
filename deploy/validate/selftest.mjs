// Proves the checks can fail: each known defect, written into a copy of
// the rendered manifests, must be reported by the check that guards
// against it. Prints "ok - ..." / "not ok - ..." lines like check.mjs.
//
//   node selftest.mjs base.yaml dev.yaml prod.yaml prod-monitoring.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { schemaErrors, unknownFieldErrors } from "./schema.mjs";
import { policyChecks } from "./policy.mjs";
import { devChecks, prodChecks } from "./overlays.mjs";

const load = path => parseAllDocuments(readFileSync(path, "utf8")).map(d => d.toJS()).filter(Boolean);
const base = load(process.argv[2]);
const dev = load(process.argv[3]);
const prod = load(process.argv[4]);
const monitored = load(process.argv[5]);

// Every failure message that all the checks report for `docs`.
async function failures(docs, overlayOf) {
  const out = [];
  const check = (name, problems) => { if (problems.length) out.push(`${name}: ${problems.join("; ")}`); };
  for (const doc of docs) {
    check("schema", await schemaErrors(doc));
    check("fields", unknownFieldErrors(doc));
  }
  policyChecks(docs, check);
  if (overlayOf) overlayOf(base, docs, check);
  return out;
}

const find = (docs, kind, name) => docs.find(d => d.kind === kind && d.metadata.name === name);
const catalog = docs => find(docs, "StatefulSet", "catalog-service");
const container = docs => catalog(docs).spec.template.spec.containers[0];

const defects = [
  ["an unknown container field", "unknown field of V1Container",
   d => { container(d).imagePullPolicyy = "Always"; }],
  ["a removed API version", "not an API of Kubernetes",
   d => { find(d, "PodDisruptionBudget", "catalog-service").apiVersion = "policy/v1beta1"; }],
  ["a string where the schema wants an integer", "must be integer",
   d => { container(d).ports[0].containerPort = "grpc"; }],
  ["a writable root filesystem", "readOnlyRootFilesystem is not true",
   d => { container(d).securityContext.readOnlyRootFilesystem = false; }],
  ["a latest tag", "is latest",
   d => { container(d).image = "busan/catalog-service:latest"; }],
  ["a Service selecting nothing", "matches nothing",
   d => { find(d, "Service", "catalog-service").spec.selector = { "app.kubernetes.io/name": "catalog" }; }],
  ["an http probe", "is not a grpc probe",
   d => { container(d).livenessProbe = { httpGet: { port: 8081, path: "/" } }; }],
  ["a grace period shorter than the drain", "< drain",
   d => { catalog(d).spec.template.spec.terminationGracePeriodSeconds = 10; }],
  ["a NetworkPolicy open to everyone", "admits everyone",
   d => { find(d, "NetworkPolicy", "catalog-service").spec.ingress.push({ ports: [{ port: "grpc" }] }); }],
  ["a second replica", "replicas 2",
   d => { catalog(d).spec.replicas = 2; }],
  ["backups on the data volume", "backups share the data volume",
   d => { container(d).volumeMounts.find(m => m.name === "backups").name = "data"; }],
  ["overlapping backup runs", "concurrencyPolicy is not Forbid",
   d => { find(d, "CronJob", "busan-backup").spec.concurrencyPolicy = "Allow"; }],
  ["a CronJob container with a writable root", "readOnlyRootFilesystem is not true",
   d => { find(d, "CronJob", "busan-backup").spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false; }],
];
const overlayDefects = [
  ["a strategic merge keyed on a wrong container name", "a patch keyed on a wrong name adds one",
   d => { catalog(d).spec.template.spec.containers.unshift({ name: "service", resources: { requests: { cpu: "50m" } } }); }],
  ["a patch that missed the volume", "tls volume is not optional",
   d => { delete catalog(d).spec.template.spec.volumes.find(v => v.name === "tls").secret.optional; }],
];
const shipper = docs => catalog(docs).spec.template.spec.containers.find(c => c.name === "busan-offsite");
const prodDefects = [
  ["a shipper that may write the backups it ships", "not mounted read-only",
   d => { shipper(d).volumeMounts.find(m => m.name === "backups").readOnly = false; }],
  ["a shipper the network policies keep from the bucket", "no NetworkPolicy lets the pod reach port 443",
   d => { d.splice(d.findIndex(x => x.kind === "NetworkPolicy" && x.metadata.name === "offsite-backups"), 1); }],
  ["a sidecar placed before the service's container", "a patch keyed on a wrong name adds one",
   d => { catalog(d).spec.template.spec.containers.reverse(); }],
];
const monitor = docs => docs.find(d => d.kind === "ServiceMonitor");
const monitoringDefects = [
  ["a misspelt ServiceMonitor field", "unknown field",
   d => { monitor(d).spec.endpoints[0].intervall = "30s"; }],
  ["a ServiceMonitor port given as a number", "must be string",
   d => { monitor(d).spec.endpoints[0].port = 9091; }],
];

let failed = 0;
async function expect([what, message, mutate], docs, overlay) {
  const copy = structuredClone(docs);
  mutate(copy);
  const reported = (await failures(copy, overlay)).some(f => f.includes(message));
  if (!reported) failed++;
  console.log(`${reported ? "ok" : "not ok"} - selftest: ${what} is reported ("${message}")`);
}

const clean = await failures(base, null);
if (clean.length) failed++;
console.log(`${clean.length ? "not ok" : "ok"} - selftest: the base itself is clean${clean.length ? ": " + clean[0] : ""}`);
for (const defect of defects) await expect(defect, base, null);
for (const defect of overlayDefects) await expect(defect, dev, devChecks);
for (const defect of prodDefects) await expect(defect, prod, prodChecks);
for (const defect of monitoringDefects) await expect(defect, monitored, null);
process.exit(failed ? 1 : 0);
