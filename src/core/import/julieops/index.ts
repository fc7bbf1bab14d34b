import { hasErrors, type Diagnostic } from "../../diagnostics/index.js";
import { compareBindings } from "../../model/acl.js";
import { parseYaml, type SourceText } from "../../load/parse-yaml.js";
import type { ConversionResult, EstateScope, ImportReportItem } from "../estate.js";
import { BindingSet } from "./acls.js";
import { mergeByContext, type MergedContext } from "./merge.js";
import type { JulieTopology } from "./model.js";
import { SEPARATOR } from "./names.js";
import { readTopology } from "./parse.js";
import { convertContext, type Accumulated } from "./project.js";
import { schemaPath } from "./topics.js";

/** Schema files the topologies refer to, as paths relative to the working directory (resolved against each topology file's folder). */
export function julieOpsSchemaPaths(files: readonly SourceText[]): string[] {
  const paths = new Set<string>();
  for (const topology of readAll(files).topologies) {
    for (const topic of topology.projects.flatMap((p) => p.topics)) {
      for (const entry of topic.schemas) {
        for (const file of [entry.key, entry.value]) if (file) paths.add(schemaPath(topology.file.path, file.file));
      }
    }
  }
  return [...paths].sort();
}

/**
 * Converts JulieOps topology files into kgov's import model, with JulieOps's default settings: the bindings are
 * exactly those JulieOps would create, and everything it does that kgov cannot is a report item.
 */
export function convertJulieOps(
  files: readonly SourceText[],
  schemaTexts: ReadonlyMap<string, string>,
): ConversionResult {
  const { topologies, diagnostics, report } = readAll(files);
  if (hasErrors(diagnostics)) return { diagnostics };
  const contexts = mergeByContext(topologies, diagnostics, report);
  const acc: Accumulated = {
    topics: [],
    subjects: [],
    bindings: new BindingSet(),
    applications: new Map(),
    diagnostics,
    report,
    topicNames: new Set(),
  };
  for (const context of contexts) convertContext(context, schemaTexts, acc);
  if (hasErrors(diagnostics)) return { diagnostics };
  const bindings = acc.bindings.list().sort((a, b) => compareBindings(a.binding, b.binding));
  const principals = [...new Set(bindings.map((b) => b.binding.principal))].sort();
  report.push(...settingsReport(contexts));
  return {
    estate: {
      topics: acc.topics,
      bindings,
      // The name part of the principal (`User:order-service` → `order-service`); render.ts makes names unique.
      serviceNames: new Map(principals.map((p) => [p, p.slice(p.indexOf(":") + 1)])),
      applications: acc.applications,
      subjects: acc.subjects,
      scope: scopeOf(contexts),
      report,
    },
    diagnostics,
  };
}

function readAll(files: readonly SourceText[]): {
  topologies: JulieTopology[];
  diagnostics: Diagnostic[];
  report: ImportReportItem[];
} {
  const topologies: JulieTopology[] = [];
  const diagnostics: Diagnostic[] = [];
  const report: ImportReportItem[] = [];
  // JulieOps reads a topology directory in sorted order; the first file of a context names its topics.
  for (const source of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parsed = parseYaml(source);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.file) continue;
    const { topology, reader } = readTopology(parsed.file);
    diagnostics.push(...reader.diagnostics);
    report.push(...reader.report);
    if (topology) topologies.push(topology);
  }
  return { topologies, diagnostics, report };
}

/** JulieOps creates every topic under `<context>.`: kgov owns that prefix; the principals it owns are the services. */
function scopeOf(contexts: readonly MergedContext[]): EstateScope {
  return { topicPrefixes: [...new Set(contexts.map((c) => `${c.context}${SEPARATOR}`))].sort() };
}

function settingsReport(contexts: readonly MergedContext[]): ImportReportItem[] {
  const prefixes = contexts.map((c) => `\`${c.context}${SEPARATOR}\``).join(", ");
  return [
    {
      kind: "setting",
      name: "julieops-settings",
      outcome: "info",
      reason:
        "converted as JulieOps behaves with its default settings (topology.acls.optimized=false, the default topic and project name formats with separator `.`, topology.connector.allow.topic.create=true, no DLQ topics); a JulieOps configuration that changes them creates other names or bindings",
    },
    {
      kind: "setting",
      name: "scope.topicPrefixes",
      outcome: "changed",
      reason: `kgov may delete topics under ${prefixes} that the files no longer declare (with --allow-delete); JulieOps deletes only with allow.delete.topics=true, and then every topic not starting with \`_\` that no topology lists`,
    },
    {
      kind: "setting",
      name: "scope.principals",
      outcome: "changed",
      reason:
        "kgov owns every binding of the converted principals and may delete those the files do not ask for (with --allow-delete); JulieOps deletes only with allow.delete.bindings=true, and then only bindings it created itself",
    },
  ];
}
