// Checks rendered manifests offline and prints one "ok - ..." or
// "not ok - ...: why" line per assertion; exits 1 if any failed.
//
//   node check.mjs base=base.yaml dev=dev.yaml prod=prod.yaml
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
if (sets.base && sets.dev) devChecks(sets.base, sets.dev, reporter("dev"));
if (sets.base && sets.prod) prodChecks(sets.base, sets.prod, reporter("prod"));

process.exit(failed ? 1 : 0);
