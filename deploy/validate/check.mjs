// Checks rendered manifests offline and prints one "ok - ..." or
// "not ok - ...: why" line per assertion; exits 1 if any failed.
//
//   node check.mjs base=base.yaml dev=dev.yaml prod=prod.yaml \
//     prod-first-install=prod-first-install.yaml prod-restore=prod-restore.yaml
//
// Every set gets the schema, unknown-field and policy checks; "dev" and
// "prod" also get their overlay's assertions against "base".
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { schemaErrors, unknownFieldErrors } from "./schema.mjs";
import { policyChecks } from "./policy.mjs";
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
// a restore Job per service on production's busanctl image, reading its
// service's own claims; no other set carries a restore Job.
const restoreJobs = docs => docs.filter(d => d.kind === "Job" && d.metadata.name.startsWith("restore-"));
for (const [name, docs] of Object.entries(sets)) {
  if (name === "prod-restore") continue;
  reporter(name)("has no restore Job", restoreJobs(docs).map(j => `${j.metadata.name} is rendered`));
}
if (sets["prod-restore"]) {
  const docs = sets["prod-restore"];
  const cron = docs.find(d => d.kind === "CronJob");
  const cronImage = cron?.spec.jobTemplate.spec.template.spec.containers[0].image;
  const problems = [];
  for (const service of ["catalog-service", "metrics-service"]) {
    const sts = docs.find(d => d.kind === "StatefulSet" && d.metadata.name === service);
    if (sts?.spec.replicas !== 0) problems.push(`${service} replicas ${sts?.spec.replicas}`);
    const job = restoreJobs(docs).find(j => j.metadata.name === `restore-${service}`);
    if (!job) { problems.push(`no Job restore-${service}`); continue; }
    const pod = job.spec.template.spec;
    if (pod.containers[0].image !== cronImage) problems.push(`restore-${service} image ${pod.containers[0].image}`);
    const claims = pod.volumes.map(v => v.persistentVolumeClaim?.claimName).filter(Boolean).sort();
    if (claims.join(" ") !== `backups-${service}-0 data-${service}-0`) problems.push(`restore-${service} claims ${claims}`);
    const avoids = pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0]?.labelSelector?.matchLabels?.["app.kubernetes.io/name"];
    if (avoids !== service) problems.push(`restore-${service} may share a node with ${service}'s pod`);
    if (pod.containers[0].readinessProbe || pod.containers[0].livenessProbe || pod.containers[0].startupProbe) problems.push(`restore-${service} has a probe`);
  }
  if (cron?.spec.suspend !== true) problems.push("the backup CronJob is not suspended");
  reporter("prod-restore")("services at 0, backups suspended, a restore Job per service on its own claims", problems);
}
if (sets.base && sets.dev) devChecks(sets.base, sets.dev, reporter("dev"));
if (sets.base && sets.prod) prodChecks(sets.base, sets.prod, reporter("prod"));

process.exit(failed ? 1 : 0);
