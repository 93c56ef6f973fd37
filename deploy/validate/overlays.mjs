// What each overlay's patches must change, asserted on the rendered output
// against the base: a patch whose target matches nothing, or a strategic
// merge keyed on a name that no longer exists, renders without an error
// and would pass unnoticed otherwise.
import { flagsOf, podSpec, podLabels, matches, workloads, id } from "./policy.mjs";

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
// overlay's components add), all in `namespace`, each workload's
// containers as in the base plus `sidecars(workload)`, images as
// `image(name)`.
function common(overlay, base, docs, namespace, image, check, added = [], sidecars = () => []) {
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
    const main = ["Job", "CronJob"].includes(w.kind) ? "busanctl" : w.metadata.name;
    const wanted = [main, ...sidecars(w)];
    check(`${overlay}: ${id(w)} runs ${wanted.join(" and ")}, images ${wanted.map(image).join(", ")}`, [
      containers.map(c => c.name).join(" ") === wanted.join(" ") ? null :
        `containers ${containers.map(c => c.name).join(" ")} (a patch keyed on a wrong name adds one)`,
      ...containers.filter((c, i) => c.image !== image(i === 0 ? main : c.name)).map(c => `${c.name} image ${c.image}`),
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

// Off-cluster backups (components/offsite-backups): the shipper beside
// each service reads the service's --backup_dir, read-only, with the
// bucket's Secret, and a NetworkPolicy lets that pod reach HTTPS.
function offsiteChecks(overlay, docs, check) {
  for (const name of SERVICES) {
    const s = find(docs, "StatefulSet", name);
    const spec = podSpec(s);
    const dir = flagsOf(docs, s, spec.containers[0]).backup_dir;
    const shipper = spec.containers.find(c => c.name === "busan-offsite");
    const env = Object.fromEntries((shipper?.env ?? []).map(e => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));
    const mount = (shipper?.volumeMounts ?? []).find(m => m.mountPath === dir);
    const egress = docs.filter(d => d.kind === "NetworkPolicy" && Object.keys(d.spec.podSelector?.matchLabels ?? {}).length > 0 &&
                                    matches(d.spec.podSelector, podLabels(s)))
      .flatMap(p => p.spec.egress ?? []).flatMap(r => r.ports ?? []).map(p => p.port);
    check(`${overlay}: ${name}'s backups are shipped off the cluster by busan-offsite`, [
      shipper ? null : "no busan-offsite container",
      (shipper?.args ?? []).join(" ") === "ship" ? null : `args ${shipper?.args}`,
      env.SERVICE === "metadata.labels['app.kubernetes.io/name']" && podLabels(s)["app.kubernetes.io/name"] === name ?
        null : `SERVICE ${env.SERVICE}`,
      env.BACKUP_DIR === dir ? null : `BACKUP_DIR ${env.BACKUP_DIR}, --backup_dir ${dir}`,
      mount?.readOnly === true && spec.containers[0].volumeMounts.some(m => m.name === mount.name && m.mountPath === dir) ?
        null : "the service's backups volume is not mounted read-only at BACKUP_DIR",
      (shipper?.envFrom ?? []).some(e => e.secretRef?.name === "busan-offsite-backups") ? null : "no Secret busan-offsite-backups",
      egress.includes(443) ? null : "no NetworkPolicy lets the pod reach port 443",
    ].filter(Boolean));
  }
}

export function prodChecks(base, docs, check) {
  common("prod", base, docs, "busan",
    name => `registry.busan.go.kr/economy/${name}:1.0.0`, check,
    ["Namespace/busan", "NetworkPolicy/offsite-backups"],
    w => w.kind === "StatefulSet" ? ["busan-offsite"] : []);
  offsiteChecks("prod", docs, check);
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
