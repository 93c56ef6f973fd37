// Policy assertions over one rendered set of manifests: what the city's
// platform team requires of every workload, and that the objects that
// point at each other (selectors, names, ports) really do.
//
// Each check is check(name, problems): problems is a list of strings, and
// an empty list passes.

const UID = 10001;

function workloads(docs) {
  return docs.filter(d => ["StatefulSet", "Job", "CronJob", "Deployment"].includes(d.kind));
}

// The pod template of a workload (a CronJob's is inside its Job template).
function podTemplate(workload) {
  return workload.kind === "CronJob" ? workload.spec.jobTemplate.spec.template
                                     : workload.spec.template;
}

function podSpec(workload) {
  return podTemplate(workload).spec;
}

function podLabels(workload) {
  return podTemplate(workload).metadata?.labels ?? {};
}

function matches(selector, labels) {
  const wanted = selector?.matchLabels ?? {};
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function id(doc) {
  return `${doc.kind}/${doc.metadata.name}`;
}

// The ConfigMap data file a container's --flagfile names, parsed into
// {flag: value}.
function flagsOf(docs, workload, container) {
  const arg = (container.args ?? []).find(a => a.startsWith("--flagfile="));
  if (!arg) return {};
  const path = arg.slice("--flagfile=".length);
  const mount = (container.volumeMounts ?? []).find(m => path.startsWith(m.mountPath + "/"));
  const volume = podSpec(workload).volumes?.find(v => v.name === mount?.name);
  const map = docs.find(d => d.kind === "ConfigMap" && d.metadata.name === volume?.configMap?.name);
  const text = map?.data?.[path.slice(mount.mountPath.length + 1)] ?? "";
  const flags = {};
  for (const line of text.split("\n").map(l => l.trim())) {
    const m = /^--([a-z_]+)=(.*)$/.exec(line);
    if (m) flags[m[1]] = m[2];
  }
  return flags;
}

// "512Mi", "2Gi", "1G", "1048576" as bytes; undefined when absent.
function bytesOf(quantity) {
  if (quantity === undefined) return undefined;
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (!m) return undefined;
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2]] ?? 1;
  return Number(m[1]) * unit;
}

export function policyChecks(docs, check) {
  for (const w of workloads(docs)) {
    const spec = podSpec(w);
    const pod = spec.securityContext ?? {};
    check(`${id(w)}: pod runs as ${UID}:${UID}, non-root, fsGroup, seccomp RuntimeDefault`, [
      pod.runAsNonRoot === true ? null : "runAsNonRoot is not true",
      pod.runAsUser === UID ? null : `runAsUser ${pod.runAsUser}`,
      pod.runAsGroup === UID ? null : `runAsGroup ${pod.runAsGroup}`,
      pod.fsGroup === UID ? null : `fsGroup ${pod.fsGroup}`,
      pod.seccompProfile?.type === "RuntimeDefault" ? null : "seccompProfile is not RuntimeDefault",
    ].filter(Boolean));

    const account = docs.find(d => d.kind === "ServiceAccount" && d.metadata.name === spec.serviceAccountName);
    check(`${id(w)}: own ServiceAccount, no token automount`, [
      account ? null : `ServiceAccount ${spec.serviceAccountName} is not in the set`,
      spec.automountServiceAccountToken === false ? null : "pod automounts a token",
      account?.automountServiceAccountToken === false ? null : "ServiceAccount automounts a token",
    ].filter(Boolean));

    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const sc = c.securityContext ?? {};
      check(`${id(w)}/${c.name}: read-only root, no escalation, capabilities dropped, non-root`, [
        sc.readOnlyRootFilesystem === true ? null : "readOnlyRootFilesystem is not true",
        sc.allowPrivilegeEscalation === false ? null : "allowPrivilegeEscalation is not false",
        sc.privileged === true ? "privileged" : null,
        (sc.capabilities?.drop ?? []).includes("ALL") ? null : "capabilities do not drop ALL",
        (sc.capabilities?.add ?? []).length === 0 ? null : "capabilities are added",
        sc.runAsNonRoot === true ? null : "runAsNonRoot is not true",
      ].filter(Boolean));

      const tag = /:([^/:@]+)$/.exec(c.image)?.[1];
      check(`${id(w)}/${c.name}: image has a pinned tag`, [
        tag ? null : `${c.image} has no tag`,
        tag === "latest" ? `${c.image} is latest` : null,
      ].filter(Boolean));

      const r = c.resources ?? {};
      check(`${id(w)}/${c.name}: cpu and memory requests, memory limit`, [
        r.requests?.cpu ? null : "no cpu request",
        r.requests?.memory ? null : "no memory request",
        r.limits?.memory ? null : "no memory limit",
      ].filter(Boolean));

      for (const m of c.volumeMounts ?? []) {
        const declared = spec.volumes?.some(v => v.name === m.name) ||
          (w.spec.volumeClaimTemplates ?? []).some(t => t.metadata.name === m.name);
        if (!declared) check(`${id(w)}/${c.name}: mount ${m.name} has a volume`, ["undeclared volume"]);
      }
      for (const v of spec.volumes ?? []) {
        if (v.configMap) {
          const found = docs.some(d => d.kind === "ConfigMap" && d.metadata.name === v.configMap.name);
          check(`${id(w)}: ConfigMap ${v.configMap.name} is in the set`, found ? [] : ["missing"]);
        }
      }
    }
  }

  for (const s of docs.filter(d => d.kind === "StatefulSet")) {
    const spec = podSpec(s);
    const c = spec.containers[0];
    const health = (c.ports ?? []).find(p => p.name === "health")?.containerPort;
    check(`${id(s)}: grpc startup, readiness and liveness probes on the health port`,
      ["startupProbe", "readinessProbe", "livenessProbe"].flatMap(p => {
        const probe = c[p];
        if (!probe?.grpc) return [`${p} is not a grpc probe`];
        return probe.grpc.port === health ? [] : [`${p} port ${probe.grpc.port} is not health ${health}`];
      }));
    // At most one: 0 while a restore holds the volumes (prod-restore).
    check(`${id(s)}: at most one replica (one RocksDB writer per volume)`,
      s.spec.replicas === 1 || s.spec.replicas === 0 ? [] : [`replicas ${s.spec.replicas}`]);

    const templates = s.spec.volumeClaimTemplates ?? [];
    const dataDir = (c.volumeMounts ?? []).find(m => templates.some(t => t.metadata.name === m.name));
    check(`${id(s)}: RocksDB on a volumeClaimTemplate`,
      dataDir?.mountPath.startsWith("/var/lib/busan/") ? [] : ["no claim mounted under /var/lib/busan"]);

    // gRPC's quota, RocksDB's block cache and memtables are the memory the
    // flags bound; the rest of the process (28 MiB resident, seeded and
    // idle) and allocator slack get the headroom. Beyond the limit the pod
    // is OOM-killed instead of answering RESOURCE_EXHAUSTED.
    const flags = flagsOf(docs, s, c);
    const MiB = 1 << 20;
    const quota = Number(flags.memory_quota_bytes ?? 512 * MiB);
    const cache = Number(flags.block_cache_mb ?? 64) * MiB;
    const memtables = Number(flags.write_buffer_mb ?? 64) * MiB;
    const headroom = 128 * MiB;
    const limit = bytesOf(c.resources?.limits?.memory);
    const bounded = quota + cache + memtables + headroom;
    check(`${id(s)}: memory quota + block cache + memtables + ${headroom / MiB}Mi headroom fit the memory limit`,
      limit !== undefined && bounded <= limit ? [] :
        [`${bounded / MiB}Mi (quota ${quota / MiB}Mi, cache ${cache / MiB}Mi, memtables ${memtables / MiB}Mi) > limit ${c.resources?.limits?.memory}`]);

    const drain = Number(flags.drain_seconds ?? 10);
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    check(`${id(s)}: grace period ${grace}s covers the ${drain}s drain plus flush`,
      grace >= drain + 5 ? [] : [`terminationGracePeriodSeconds ${grace} < drain ${drain} + 5`]);

    // volumeClaimTemplates are immutable: anything added to them (a
    // label a transformer spreads) makes every later apply fail.
    check(`${id(s)}: claim templates as released (name label only)`,
      (s.spec.volumeClaimTemplates ?? []).flatMap(t =>
        Object.keys(t.metadata.labels ?? {}).filter(l => l !== "app.kubernetes.io/name")
          .map(l => `${t.metadata.name} has label ${l}`)));
    const labels = s.spec.template.metadata?.labels ?? {};
    check(`${id(s)}: pods labelled with what they are part of and their release`,
      ["app.kubernetes.io/part-of", "app.kubernetes.io/version"]
        .filter(l => !labels[l]).map(l => `no ${l}`));

    const governing = docs.find(d => d.kind === "Service" && d.metadata.name === s.spec.serviceName);
    const ports = (governing?.spec.ports ?? []).map(p => p.name);
    check(`${id(s)}: Service ${s.spec.serviceName} selects it, ports grpc and metrics`, [
      governing ? null : "no such Service",
      governing && matches({ matchLabels: governing.spec.selector }, podLabels(s)) ? null : "selector does not match the pods",
      ports.includes("grpc") ? null : "no port named grpc",
      ports.includes("metrics") ? null : "no port named metrics",
      ...(governing?.spec.ports ?? []).filter(p => !(c.ports ?? []).some(cp => cp.name === p.targetPort || cp.containerPort === p.targetPort))
        .map(p => `port ${p.name} targets ${p.targetPort}, which the container does not expose`),
    ].filter(Boolean));

    const pdb = docs.filter(d => d.kind === "PodDisruptionBudget" && matches(d.spec.selector, podLabels(s)));
    check(`${id(s)}: a PodDisruptionBudget selects it`, pdb.length === 1 ? [] : [`${pdb.length} budgets`]);

    const annotations = s.spec.template.metadata?.annotations ?? {};
    const metricsPort = (c.ports ?? []).find(p => p.name === "metrics")?.containerPort;
    check(`${id(s)}: Prometheus scrape annotations name the metrics port`, [
      annotations["prometheus.io/scrape"] === "true" ? null : "prometheus.io/scrape is not \"true\"",
      annotations["prometheus.io/port"] === String(metricsPort) ? null : `prometheus.io/port ${annotations["prometheus.io/port"]} is not ${metricsPort}`,
      annotations["prometheus.io/path"] === "/metrics" ? null : "prometheus.io/path is not /metrics",
    ].filter(Boolean));

    const policies = docs.filter(d => d.kind === "NetworkPolicy" && matches(d.spec.podSelector, podLabels(s)) &&
                                      Object.keys(d.spec.podSelector.matchLabels ?? {}).length > 0);
    const admitted = policies.flatMap(p => (p.spec.ingress ?? []).flatMap(r => (r.ports ?? []).map(x => x.port)));
    check(`${id(s)}: NetworkPolicy admits only the grpc and metrics ports`, [
      admitted.includes("grpc") ? null : "grpc is not admitted",
      admitted.includes("metrics") ? null : "metrics is not admitted",
      ...admitted.filter(p => !["grpc", "metrics"].includes(p)).map(p => `port ${p} is admitted too`),
      ...policies.flatMap(p => (p.spec.ingress ?? []).filter(r => !r.from?.length).map(() => `${id(p)} admits everyone`)),
    ].filter(Boolean));
    check(`${id(s)}: gRPC callers are labelled city-app namespaces or busanctl`,
      policies.flatMap(p => (p.spec.ingress ?? []).filter(r => (r.ports ?? []).some(x => x.port === "grpc"))
        .flatMap(r => (r.from ?? []).filter(f => !(f.namespaceSelector?.matchLabels?.["busan.go.kr/city-app"] === "true" && !f.podSelector) &&
                                         !(f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "busanctl" && !f.namespaceSelector))
          .map(f => `unexpected peer ${JSON.stringify(f)}`))));
  }

  const denyAll = docs.filter(d => d.kind === "NetworkPolicy" && Object.keys(d.spec.podSelector ?? {}).length === 0 &&
                                   !d.spec.ingress && !d.spec.egress &&
                                   ["Ingress", "Egress"].every(t => (d.spec.policyTypes ?? []).includes(t)));
  check("a deny-all NetworkPolicy covers every pod, both directions", denyAll.length === 1 ? [] : [`${denyAll.length} found`]);

  for (const p of docs.filter(d => d.kind === "NetworkPolicy" && Object.keys(d.spec.podSelector?.matchLabels ?? {}).length > 0)) {
    const selected = workloads(docs).filter(w => matches(p.spec.podSelector, podLabels(w)));
    check(`${id(p)}: its podSelector matches a workload`, selected.length > 0 ? [] : ["matches nothing"]);
    for (const rule of p.spec.egress ?? []) {
      for (const peer of rule.to ?? []) {
        if (peer.namespaceSelector || !peer.podSelector) continue;
        const target = workloads(docs).filter(w => matches(peer.podSelector, podLabels(w)));
        const ports = target.flatMap(w => podSpec(w).containers.flatMap(c => (c.ports ?? []).map(x => x.containerPort)));
        check(`${id(p)}: egress to ${JSON.stringify(peer.podSelector.matchLabels)} reaches a pod on its ports`, [
          target.length > 0 ? null : "no pod has these labels",
          ...(rule.ports ?? []).filter(x => !ports.includes(x.port)).map(x => `port ${x.port} is not exposed`),
        ].filter(Boolean));
      }
    }
  }

  for (const b of docs.filter(d => d.kind === "PodDisruptionBudget")) {
    const selected = workloads(docs).filter(w => matches(b.spec.selector, podLabels(w)));
    check(`${id(b)}: its selector matches a workload`, selected.length > 0 ? [] : ["matches nothing"]);
  }
  for (const s of docs.filter(d => d.kind === "Service")) {
    const selected = workloads(docs).filter(w => matches({ matchLabels: s.spec.selector }, podLabels(w)));
    check(`${id(s)}: its selector matches a workload`, selected.length > 0 ? [] : ["matches nothing"]);
  }
  for (const w of workloads(docs)) {
    const labels = podLabels(w);
    if (w.spec.selector) {
      check(`${id(w)}: its selector matches its own pod template`, matches(w.spec.selector, labels) ? [] : ["does not match"]);
    }
  }

  // Backups: each service writes them to a claim of its own (not the data
  // volume), and the nightly CronJob takes them one run at a time.
  for (const s of docs.filter(d => d.kind === "StatefulSet")) {
    const c = podSpec(s).containers[0];
    const dir = flagsOf(docs, s, c).backup_dir;
    const mount = (c.volumeMounts ?? []).find(m => dir === m.mountPath || dir?.startsWith(m.mountPath + "/"));
    const claim = (s.spec.volumeClaimTemplates ?? []).find(t => t.metadata.name === mount?.name);
    check(`${id(s)}: --backup_dir is on a volume claim other than the data`, [
      dir ? null : "no --backup_dir",
      claim ? null : `${dir} is not on a volume claim`,
      mount?.name === "data" ? "backups share the data volume" : null,
    ].filter(Boolean));
  }
  const backup = docs.find(d => d.kind === "CronJob" && d.metadata.name === "busan-backup");
  const backupArgs = backup ? podSpec(backup).containers[0].args ?? [] : [];
  check("the backup CronJob runs busanctl admin backup, one run at a time, with its own token", [
    backup ? null : "no CronJob busan-backup",
    backupArgs.slice(-2).join(" ") === "admin backup" ? null : `args end with ${backupArgs.slice(-2).join(" ")}`,
    backup?.spec.concurrencyPolicy === "Forbid" ? null : "concurrencyPolicy is not Forbid",
    backupArgs.some(a => a.startsWith("--token_file=")) ? null : "no --token_file of its own",
  ].filter(Boolean));

  // The seed Job is where a set includes components/seed (dev, a first
  // install): it only creates what is missing, and runs the image the
  // backup CronJob runs.
  const job = docs.find(d => d.kind === "Job" && d.metadata.name === "busan-seed");
  if (job) {
    const args = podSpec(job).containers[0].args ?? [];
    const image = podSpec(job).containers[0].image;
    const backupImage = backup ? podSpec(backup).containers[0].image : undefined;
    check("the seed Job runs busanctl seed --create_only, on the backup CronJob's image", [
      args.slice(-2).join(" ") === "seed --create_only" ? null : `args end with ${args.slice(-2).join(" ")}`,
      image === backupImage ? null : `image ${image}, the CronJob's ${backupImage}`,
    ].filter(Boolean));
  }
}

export { flagsOf, workloads, podSpec, podLabels, matches, id };
