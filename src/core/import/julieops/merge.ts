import type { Diagnostic } from "../../diagnostics/index.js";
import type { ImportReportItem } from "../estate.js";
import type { JulieProject, JulieTopology } from "./model.js";

/** All topology files of one context, as JulieOps merges them: one naming (the first file's), all projects. */
export interface MergedContext {
  readonly context: string;
  readonly extras: JulieTopology["extras"];
  readonly projects: readonly { readonly project: JulieProject; readonly file: string }[];
}

/**
 * Groups topologies (in path order, as JulieOps lists a directory) by context. JulieOps names every merged project
 * with the first file's extra fields; a later file that adds a field would leave a `null` part in the names.
 */
export function mergeByContext(
  topologies: readonly JulieTopology[],
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
): MergedContext[] {
  const merged = new Map<string, { main: JulieTopology; projects: MergedContext["projects"][number][] }>();
  for (const topology of topologies) {
    const entry = merged.get(topology.context);
    if (!entry) {
      merged.set(topology.context, {
        main: topology,
        projects: topology.projects.map((project) => ({ project, file: topology.file.path })),
      });
      continue;
    }
    compareExtras(entry.main, topology, diagnostics, report);
    const taken = new Set(entry.projects.map((p) => p.project.name.toLowerCase()));
    for (const project of topology.projects) {
      if (taken.has(project.name.toLowerCase())) {
        diagnostics.push({
          code: "import/invalid-source",
          severity: "error",
          message: `project \`${project.name}\` is already declared for context \`${topology.context}\` in another topology file`,
          why: "JulieOps refuses to merge two projects of the same name within one context.",
          fix: "Rename one of the projects or merge them into one file.",
          source: project.at,
        });
      }
      entry.projects.push({ project, file: topology.file.path });
    }
  }
  return [...merged.values()].map(({ main, projects }) => ({ context: main.context, extras: main.extras, projects }));
}

function compareExtras(
  main: JulieTopology,
  other: JulieTopology,
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
): void {
  const mainValues = new Map(main.extras.map((e) => [e.key, e.value]));
  for (const extra of other.extras) {
    const value = mainValues.get(extra.key);
    if (value === undefined) {
      diagnostics.push({
        code: "import/invalid-source",
        severity: "error",
        message: `\`${extra.key}\` is not set in ${main.file.path}, the first topology file of context \`${main.context}\``,
        why: "JulieOps would name the context's topics with a `null` part for it.",
        fix: `Set \`${extra.key}\` in every topology file of the context, or in none.`,
        source: extra.at,
      });
    } else if (value !== extra.value) {
      report.push({
        kind: "topic",
        name: extra.key,
        outcome: "info",
        reason: `ignored, as JulieOps does: the projects of this file are named with \`${extra.key}: ${value}\` from ${main.file.path}`,
        source: extra.at,
      });
    }
  }
}
