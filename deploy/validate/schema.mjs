// Offline API checks of one rendered document: the JSON schema of its kind
// (kubernetes-models, and @kubernetes-models/prometheus-operator for the
// operator's kinds: types, enums, required fields) and unknown or
// misplaced fields (the attribute maps of @kubernetes/client-node's
// generated models, which also know which API versions still exist).
import * as models from "@kubernetes/client-node/dist/gen/models/all.js";

// "apps/v1" + "StatefulSet" -> "V1StatefulSet"; "policy/v1beta1" ->
// "V1beta1...": the generated class names.
function modelName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

// The Prometheus Operator's kinds (components/monitoring), which the
// Kubernetes models do not have.
const OPERATOR = "monitoring.coreos.com/";

// "kubernetes-models/apps/v1/StatefulSet"; the core group is "v1".
function schemaModule(apiVersion, kind) {
  const models = apiVersion.startsWith(OPERATOR)
    ? "@kubernetes-models/prometheus-operator" : "kubernetes-models";
  return `${models}/${apiVersion}/${kind}`;
}

// The operator's schemas check types but let unknown fields through, so
// the fields these manifests may use are listed: true takes any value, an
// object lists its fields, [x] is a list of x.
const OPERATOR_FIELDS = {
  ServiceMonitor: {
    apiVersion: true, kind: true, metadata: true,
    spec: {
      selector: true, namespaceSelector: true, jobLabel: true,
      endpoints: [{ port: true, path: true, interval: true, scrapeTimeout: true,
                    scheme: true, tlsConfig: true, relabelings: true,
                    metricRelabelings: true, honorLabels: true }],
    },
  },
  PrometheusRule: {
    apiVersion: true, kind: true, metadata: true,
    spec: {
      groups: [{ name: true, interval: true,
                 rules: [{ alert: true, record: true, expr: true, for: true,
                           labels: true, annotations: true }] }],
    },
  },
};

function unlistedPaths(value, fields, path, out) {
  if (fields === true || value === null || typeof value !== "object") return;
  if (Array.isArray(fields)) {
    if (Array.isArray(value)) value.forEach((item, i) => unlistedPaths(item, fields[0], `${path}[${i}]`, out));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!(key in fields)) out.push(`${path}.${key}: unknown field`);
    else unlistedPaths(item, fields[key], `${path}.${key}`, out);
  }
}

// The schema errors of `doc`, as strings ([] when it is valid).
export async function schemaErrors(doc) {
  let module;
  try {
    module = await import(schemaModule(doc.apiVersion, doc.kind));
  } catch {
    return [`no schema for ${doc.apiVersion} ${doc.kind}`];
  }
  try {
    new module[doc.kind](doc).validate();
    return [];
  } catch (error) {
    return [String(error.message || error)];
  }
}

const primitive = new Set(["string", "number", "boolean", "Date", "any",
                           "object", "IntOrString"]);

// Every path in `value` that its model type does not declare.
function unknownPaths(value, type, path, out) {
  if (value === null || value === undefined || primitive.has(type)) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return;  // the schema check reports types
    value.forEach((item, i) => unknownPaths(item, array[1], `${path}[${i}]`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [key, item] of Object.entries(value)) {
      unknownPaths(item, map[1], `${path}.${key}`, out);
    }
    return;
  }
  const model = models[type];
  if (!model || typeof value !== "object") return;
  const fields = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) {
      out.push(`${path}.${key}: unknown field of ${type}`);
    } else {
      unknownPaths(item, fields.get(key), `${path}.${key}`, out);
    }
  }
}

// Unknown fields of `doc`, and an error when its apiVersion/kind is not
// served by the Kubernetes release the models describe.
export function unknownFieldErrors(doc) {
  if (doc.apiVersion === `${OPERATOR}v1` && OPERATOR_FIELDS[doc.kind]) {
    const out = [];
    unlistedPaths(doc, OPERATOR_FIELDS[doc.kind], doc.kind, out);
    return out;
  }
  const name = modelName(doc.apiVersion, doc.kind);
  const model = models[name];
  if (!model) return [`${doc.apiVersion} ${doc.kind}: not an API of Kubernetes 1.36`];
  const out = [];
  unknownPaths(doc, name, doc.kind, out);
  return out;
}
