// What each overlay's patches must change, asserted on the rendered output
// against the base: a patch whose target matches nothing, or a strategic
// merge keyed on a name that no longer exists, renders without an error
// and would pass unnoticed otherwise.
import { flagsOf, podSpec, workloads, id } from "./policy.mjs";

const SERVICES = ["catalog-service", "metrics-service"];

function find(docs, kind, name) {
  return docs.find(d => d.kind === kind && d.metadata.name === name);
}

function names(docs) {
  // Generated ConfigMaps carry a content hash: compare without it.
  return docs.map(d => `${d.kind}/${d.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`).sort();
}

function tlsVolume(workload) {
  return podSpec(workload).volumes.find(v => v.name === "tls");
}

// Checks common to every overlay: the base's objects and `added` (ids an
// overlay's components add), all in `namespace`, each workload still one
// container, images as `image(name)`.
function common(overlay, base, docs, namespace, image, check, added = []) {
  const expected = [...names(base), ...added].sort().join(" ");
  check(`${overlay}: renders the base's objects${added.length ? ` and ${added.join(", ")}` : ""}, no more, no fewer`,
    names(docs).join(" ") === expected ? [] : [`got ${names(docs).join(" ")}`]);
  check(`${overlay}: every object is in namespace ${namespace}`,
    docs.filter(d => d.kind !== "Namespace" && d.metadata.namespace !== namespace)
      .map(d => `${id(d)} in ${d.metadata.namespace}`));
  // The namespace itself, enforcing the restricted Pod Security profile the
  // pods are written to, so that a pod that drifts from it is refused.
  const ns = docs.find(d => d.kind === "Namespace" && d.metadata.name === namespace);
  check(`${overlay}: Namespace ${namespace} enforces the restricted Pod Security profile`, [
    ns ? null : `no Namespace ${namespace}`,
    ns?.metadata.labels?.["pod-security.kubernetes.io/enforce"] === "restricted" ? null : "enforce is not restricted",
  ].filter(Boolean));
  for (const w of workloads(docs)) {
    const containers = podSpec(w).containers;
    const name = ["Job", "CronJob"].includes(w.kind) ? "busanctl" : w.metadata.name;
    check(`${overlay}: ${id(w)} runs one container, image ${image(name)}`, [
      containers.length === 1 ? null : `${containers.length} containers (a patch keyed on a wrong name adds one)`,
      containers[0].image === image(name) ? null : `image ${containers[0].image}`,
    ].filter(Boolean));
  }
}

export function devChecks(base, docs, check) {
  common("dev", base, docs, "busan-dev", name => `busan/${name}:dev`, check,
    ["Job/busan-seed", "Namespace/busan-dev"]);
  for (const name of SERVICES) {
    const s = find(docs, "StatefulSet", name);
    const c = podSpec(s).containers[0];
    const flags = flagsOf(docs, s, c);
    check(`dev: ${name} is plaintext with tokens (flags ConfigMap replaced)`, [
      flags.tls_cert_file ? "--tls_cert_file is still set" : null,
      flags.auth_tokens_file ? null : "--auth_tokens_file is gone",
    ].filter(Boolean));
    check(`dev: ${name} may start without its TLS secret`,
      tlsVolume(s)?.secret?.optional === true ? [] : ["tls volume is not optional"]);
    check(`dev: ${name} has laptop requests, a 256Mi volume and 512Mi for backups`, [
      c.resources.requests.cpu === "50m" ? null : `cpu ${c.resources.requests.cpu}`,
      c.resources.requests.memory === "128Mi" ? null : `memory ${c.resources.requests.memory}`,
      s.spec.volumeClaimTemplates[0].spec.resources.requests.storage === "256Mi" ? null : "storage unchanged",
      s.spec.volumeClaimTemplates[1].spec.resources.requests.storage === "512Mi" ? null : "backup storage unchanged",
    ].filter(Boolean));
  }
  const job = find(docs, "Job", "busan-seed");
  const ctl = flagsOf(docs, job, podSpec(job).containers[0]);
  check("dev: the seed Job calls plaintext and may start without the CA", [
    ctl.tls_ca_file ? "--tls_ca_file is still set" : null,
    tlsVolume(job)?.secret?.optional === true ? null : "tls volume is not optional",
  ].filter(Boolean));
  const backup = find(docs, "CronJob", "busan-backup");
  check("dev: the backup CronJob may start without the CA", [
    tlsVolume(backup)?.secret?.optional === true ? null : "tls volume is not optional",
  ].filter(Boolean));
}

export function prodChecks(base, docs, check) {
  common("prod", base, docs, "busan",
    name => `registry.busan.go.kr/economy/${name}:1.0.0`, check, ["Namespace/busan"]);
  for (const name of SERVICES) {
    const s = find(docs, "StatefulSet", name);
    const c = podSpec(s).containers[0];
    const flags = flagsOf(docs, s, c);
    check(`prod: ${name} requires TLS and tokens`, [
      flags.tls_cert_file && flags.tls_key_file ? null : "TLS is off",
      flags.auth_tokens_file ? null : "tokens are off",
      tlsVolume(s)?.secret?.optional ? "the TLS secret is optional" : null,
    ].filter(Boolean));
    check(`prod: ${name} has production resources, a 20Gi volume and 40Gi for backups`, [
      c.resources.requests.cpu === "1" ? null : `cpu ${c.resources.requests.cpu}`,
      c.resources.requests.memory === "1Gi" ? null : `memory ${c.resources.requests.memory}`,
      c.resources.limits.memory === "2Gi" ? null : `memory limit ${c.resources.limits.memory}`,
      s.spec.volumeClaimTemplates[0].spec.resources.requests.storage === "20Gi" ? null : "storage unchanged",
      s.spec.volumeClaimTemplates[1].spec.resources.requests.storage === "40Gi" ? null : "backup storage unchanged",
    ].filter(Boolean));
    check(`prod: ${name} stays at one replica`, s.spec.replicas === 1 ? [] : [`replicas ${s.spec.replicas}`]);
    check(`prod: ${name}'s claims name the expandable StorageClass busan-data`,
      s.spec.volumeClaimTemplates.filter(t => t.spec.storageClassName !== "busan-data")
        .map(t => `${t.metadata.name} on ${t.spec.storageClassName ?? "the default class"}`));
  }
}
