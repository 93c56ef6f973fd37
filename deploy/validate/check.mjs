// Checks rendered manifests offline and prints one "ok - ..." or
// "not ok - ...: why" line per assertion; exits 1 if any failed.
//
//   node check.mjs base=base.yaml dev=dev.yaml prod=prod.yaml \
//     prod-first-install=prod-first-install.yaml prod-restore=prod-restore.yaml \
//     prod-restore-offsite=prod-restore-offsite.yaml prod-monitoring=prod-monitoring.yaml
//
// Every set gets the schema, unknown-field and policy checks; "dev" and
// "prod" also get their overlay's assertions against "base".
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { schemaErrors, unknownFieldErrors } from "./schema.mjs";
import { policyChecks, podSpec, workloads, id } from "./policy.mjs";
import { devChecks, prodChecks } from "./overlays.mjs";

let failed = 0;

function reporter(set) {
  return (name, problems) => {
    if (problems.length === 0) {
      console.log(`ok - ${set}: ${name}`);
    } else {
      failed++;
      console.log(`not ok - ${set}: ${name}: ${problems.join("; ")}`);
    }
  };
}

function load(path) {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  const errors = docs.flatMap(d => d.errors.map(e => e.message));
  if (errors.length) throw new Error(`${path}: ${errors.join("; ")}`);
  return docs.map(d => d.toJS()).filter(Boolean);
}

const sets = Object.fromEntries(process.argv.slice(2).map(arg => {
  const [name, path] = arg.split("=");
  return [name, load(path)];
}));

for (const [name, docs] of Object.entries(sets)) {
  const check = reporter(name);
  check(`renders objects`, docs.length > 0 ? [] : ["nothing rendered"]);
  for (const doc of docs) {
    const label = `${doc.kind}/${doc.metadata?.name}`;
    check(`${label} matches the ${doc.apiVersion} schema`, await schemaErrors(doc));
    check(`${label} has no unknown fields`, unknownFieldErrors(doc));
  }
  policyChecks(docs, check);
}
// Only dev and a first install carry the seed Job: an everyday apply of
// base or prod must never re-seed, and must not fail on an immutable Job
// when the image tag changes.
const hasSeedJob = docs => docs.some(d => d.kind === "Job" && d.metadata.name === "busan-seed");
for (const [name, wanted] of [["base", false], ["prod", false], ["dev", true], ["prod-first-install", true]]) {
  if (!sets[name]) continue;
  reporter(name)(wanted ? "has the seed Job" : "has no seed Job (an upgrade never re-seeds)",
    hasSeedJob(sets[name]) === wanted ? [] : [wanted ? "no Job busan-seed" : "Job busan-seed is rendered"]);
}
// A restore: the services scaled to 0, the nightly backup suspended, and
// a restore Job per service on its service's own image (the RocksDB that
// opens the store restores it), reading that service's claims; no other
// set carries a restore Job.
const restoreJobs = docs => docs.filter(d => d.kind === "Job" && d.metadata.name.startsWith("restore-"));
const RESTORES = ["prod-restore", "prod-restore-offsite"];
for (const [name, docs] of Object.entries(sets)) {
  if (RESTORES.includes(name)) continue;
  reporter(name)("has no restore Job", restoreJobs(docs).map(j => `${j.metadata.name} is rendered`));
}
for (const name of RESTORES.filter(n => sets[n])) {
  const docs = sets[name];
  const cron = docs.find(d => d.kind === "CronJob");
  const problems = [];
  const fetches = [];
  for (const service of ["catalog-service", "metrics-service"]) {
    const sts = docs.find(d => d.kind === "StatefulSet" && d.metadata.name === service);
    if (sts?.spec.replicas !== 0) problems.push(`${service} replicas ${sts?.spec.replicas}`);
    const job = restoreJobs(docs).find(j => j.metadata.name === `restore-${service}`);
    if (!job) { problems.push(`no Job restore-${service}`); continue; }
    const pod = job.spec.template.spec;
    const serviceImage = podSpec(sts).containers.find(c => c.name === service)?.image;
    if (pod.containers[0].image !== serviceImage) problems.push(`restore-${service} image ${pod.containers[0].image}, the service's ${serviceImage}`);
    const claims = pod.volumes.map(v => v.persistentVolumeClaim?.claimName).filter(Boolean).sort();
    if (claims.join(" ") !== `backups-${service}-0 data-${service}-0`) problems.push(`restore-${service} claims ${claims}`);
    const avoids = pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0]?.labelSelector?.matchLabels?.["app.kubernetes.io/name"];
    if (avoids !== service) problems.push(`restore-${service} may share a node with ${service}'s pod`);
    if (pod.containers[0].readinessProbe || pod.containers[0].livenessProbe || pod.containers[0].startupProbe) problems.push(`restore-${service} has a probe`);
    if (!pod.containers[0].volumeMounts.some(m => m.name === "backups" && m.readOnly)) problems.push(`restore-${service} may write its backups`);
    // From the bucket: the shipped backup is fetched into the backups
    // volume first, by the image that ships them, for this service.
    const fetch = (pod.initContainers ?? []).find(c => c.name === "fetch");
    const shipper = podSpec(sts).containers.find(c => c.name === "busan-offsite");
    const env = Object.fromEntries((fetch?.env ?? []).map(e => [e.name, e.value]));
    fetches.push(...(name !== "prod-restore-offsite" ? (fetch ? [`restore-${service} fetches from the bucket`] : []) : [
      fetch ? null : `restore-${service} has no fetch init container`,
      (fetch?.args ?? []).slice(0, 2).join(" ") === "fetch /var/lib/busan/backups" ? null : `restore-${service} fetch args ${fetch?.args}`,
      env.SERVICE === service ? null : `restore-${service} fetches SERVICE ${env.SERVICE}`,
      fetch && fetch.image === shipper?.image ? null : `restore-${service} fetch image ${fetch?.image}, the shipper's ${shipper?.image}`,
      (fetch?.volumeMounts ?? []).some(m => m.name === "backups" && !m.readOnly) ? null : `restore-${service} fetch cannot write the backups volume`,
      (fetch?.envFrom ?? []).some(e => e.secretRef?.name === "busan-offsite-backups") ? null : `restore-${service} fetch has no bucket Secret`,
    ].filter(Boolean)));
  }
  if (cron?.spec.suspend !== true) problems.push("the backup CronJob is not suspended");
  reporter(name)("services at 0, backups suspended, a restore Job per service on its own claims", problems);
  reporter(name)(name === "prod-restore-offsite" ? "each restore Job first fetches its service's backup from the bucket"
                                                 : "restores from the backups volume, fetching nothing", fetches);
}
// Only production ships backups off the cluster.
for (const name of ["base", "dev"].filter(n => sets[n])) {
  reporter(name)("has no busan-offsite container (no bucket outside production)",
    workloads(sets[name]).flatMap(w => podSpec(w).containers.filter(c => c.name === "busan-offsite").map(() => id(w))));
}
// Monitoring (components/monitoring) only where asked for: its kinds exist
// only on clusters with the Prometheus Operator.
const operatorKinds = docs => docs.filter(d => ["ServiceMonitor", "PrometheusRule"].includes(d.kind));
for (const [name, docs] of Object.entries(sets)) {
  if (name === "prod-monitoring") continue;
  reporter(name)("has no Prometheus Operator objects", operatorKinds(docs).map(id));
}
if (sets["prod-monitoring"]) {
  const docs = sets["prod-monitoring"];
  const monitor = docs.find(d => d.kind === "ServiceMonitor");
  const problems = monitor ? [] : ["no ServiceMonitor"];
  for (const service of ["catalog-service", "metrics-service"]) {
    const svc = docs.find(d => d.kind === "Service" && d.metadata.name === service);
    const labels = svc?.metadata.labels ?? {};
    const selected = (monitor?.spec.selector.matchExpressions ?? []).every(e =>
      e.operator === "In" && e.values.includes(labels[e.key])) &&
      Object.entries(monitor?.spec.selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    if (!selected) problems.push(`the ServiceMonitor does not select Service ${service}`);
    for (const e of monitor?.spec.endpoints ?? []) {
      if (!(svc?.spec.ports ?? []).some(p => p.name === e.port)) problems.push(`${service} has no port ${e.port}`);
    }
  }
  const rules = docs.find(d => d.kind === "PrometheusRule");
  const alerts = (rules?.spec.groups ?? []).flatMap(g => g.rules.map(r => r.alert));
  for (const alert of ["BusanServiceNotServing", "BusanStoreRefusingWrites", "BusanCallsRefused",
                       "BusanBackupFailed", "BusanBackupMissing", "BusanVolumeFilling"]) {
    if (!alerts.includes(alert)) problems.push(`no alert ${alert}`);
  }
  reporter("prod-monitoring")("a ServiceMonitor scrapes both services' metrics ports; alerts for serving, writes, backups and volumes", problems);
}
if (sets.base && sets.dev) devChecks(sets.base, sets.dev, reporter("dev"));
if (sets.base && sets.prod) prodChecks(sets.base, sets.prod, reporter("prod"));

process.exit(failed ? 1 : 0);
