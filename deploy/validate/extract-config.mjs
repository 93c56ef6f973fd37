// Writes every ConfigMap's data of a rendered manifest set into DIR, one
// file per key, so that deploy/check can run the real binaries and
// containers with exactly the flags a cluster would mount; and every
// PrometheusRule's groups as a Prometheus rules file, NAME.rules.yaml, for
// promtool.
//
//   node extract-config.mjs rendered.yaml DIR
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";

const [rendered, dir] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
for (const doc of parseAllDocuments(readFileSync(rendered, "utf8")).map(d => d.toJS())) {
  if (doc?.kind === "PrometheusRule") {
    const path = join(dir, `${doc.metadata.name}.rules.yaml`);
    writeFileSync(path, stringify({ groups: doc.spec.groups }));
    console.log(path);
  }
  if (doc?.kind !== "ConfigMap") continue;
  for (const [key, value] of Object.entries(doc.data ?? {})) {
    writeFileSync(join(dir, key), value);
    console.log(join(dir, key));
  }
}
