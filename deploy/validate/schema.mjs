// Offline API checks of one rendered document: the JSON schema of its kind
// (kubernetes-models: types, enums, required fields) and unknown or
// misplaced fields (the attribute maps of @kubernetes/client-node's
// generated models, which also know which API versions still exist).
import * as models from "@kubernetes/client-node/dist/gen/models/all.js";

// "apps/v1" + "StatefulSet" -> "V1StatefulSet"; "policy/v1beta1" ->
// "V1beta1...": the generated class names.
function modelName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

// "kubernetes-models/apps/v1/StatefulSet"; the core group is "v1".
function schemaModule(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
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
  const name = modelName(doc.apiVersion, doc.kind);
  const model = models[name];
  if (!model) return [`${doc.apiVersion} ${doc.kind}: not an API of Kubernetes 1.36`];
  const out = [];
  unknownPaths(doc, name, doc.kind, out);
  return out;
}
