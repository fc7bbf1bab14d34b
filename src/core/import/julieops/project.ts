import type { Diagnostic } from "../../diagnostics/index.js";
import type { EstateApplication, EstateSubject, EstateTopic, ImportReportItem } from "../estate.js";
import { CONNECT_DEFAULTS, connectorBindings, consumerBindings, producerBindings, streamsBindings } from "./acls.js";
import type { BindingSet } from "./acls.js";
import type { MergedContext } from "./merge.js";
import type { JulieProducer } from "./model.js";
import { projectPrefix, topicFullName } from "./names.js";
import { estateTopic, topicSubjects } from "./topics.js";

/** What the contexts add up to, filled in place as each context is converted. */
export interface Accumulated {
  readonly topics: EstateTopic[];
  readonly subjects: EstateSubject[];
  readonly bindings: BindingSet;
  readonly applications: Map<string, EstateApplication>;
  readonly diagnostics: Diagnostic[];
  readonly report: ImportReportItem[];
  /** Full topic names seen so far, to refuse a topic declared twice. */
  readonly topicNames: Set<string>;
}

export function convertContext(
  merged: MergedContext,
  schemaTexts: ReadonlyMap<string, string>,
  acc: Accumulated,
): void {
  for (const { project, file } of merged.projects) {
    const prefix = projectPrefix(merged, project);
    for (const topic of project.topics) {
      const name = topicFullName(prefix, topic);
      if (acc.topicNames.has(name)) {
        acc.diagnostics.push({
          code: "import/invalid-source",
          severity: "error",
          message: `topic \`${name}\` is declared twice`,
          why: "Two declarations of one topic could ask for different configs; kgov declares each topic once.",
          fix: "Remove one of the declarations.",
          source: topic.at,
        });
        continue;
      }
      acc.topicNames.add(name);
      acc.topics.push(estateTopic(name, topic, acc.report));
      acc.subjects.push(...topicSubjects(name, topic, file, schemaTexts, acc.diagnostics, acc.report));
      // Default (non-optimized) ACLs: each topic's own users plus every project-level user, literally per topic.
      for (const consumer of [...topic.consumers, ...project.consumers]) consumerBindings(acc.bindings, consumer, name);
      for (const producer of firstPerPrincipal([...topic.producers, ...project.producers]))
        producerBindings(acc.bindings, producer, name);
    }
    for (const app of project.streams) {
      const applicationId = app.applicationId ?? prefix;
      const { observerTransactionsSkipped } = streamsBindings(acc.bindings, app, applicationId);
      if (observerTransactionsSkipped) {
        acc.report.push({
          kind: "acl",
          name: app.principal,
          outcome: "skipped",
          reason:
            "JulieOps also grants the observers read on the application's transactional ids, an operation Kafka does not define for them; only describe is kept",
          source: app.at,
        });
      }
      addApplication(acc, app.principal, { kind: "streams", applicationId, exactlyOnce: app.exactlyOnce }, app.at);
    }
    for (const connector of project.connectors) {
      connectorBindings(acc.bindings, connector);
      const connect: EstateApplication = {
        kind: "connect",
        groupId: connector.group ?? CONNECT_DEFAULTS.group,
        configStorageTopic: connector.configsTopic ?? CONNECT_DEFAULTS.configsTopic,
        offsetStorageTopic: connector.offsetTopic ?? CONNECT_DEFAULTS.offsetTopic,
        statusStorageTopic: connector.statusTopic ?? CONNECT_DEFAULTS.statusTopic,
      };
      addApplication(acc, connector.principal, connect, connector.at);
    }
  }
}

/** JulieOps keeps a topic's producers in a set keyed by principal: the first entry (topic-level before project-level) wins. */
function firstPerPrincipal(producers: readonly JulieProducer[]): JulieProducer[] {
  const seen = new Set<string>();
  return producers.filter((p) => !seen.has(p.principal) && seen.add(p.principal));
}

function addApplication(
  acc: Accumulated,
  principal: string,
  application: EstateApplication,
  source: ImportReportItem["source"],
): void {
  const existing = acc.applications.get(principal);
  if (!existing) {
    acc.applications.set(principal, application);
    return;
  }
  if (JSON.stringify(existing) === JSON.stringify(application)) return;
  acc.report.push({
    kind: "service",
    name: principal,
    outcome: "changed",
    reason: `the principal is also declared as another ${existing.kind === "streams" ? "Streams application" : "Connect worker"}; its bindings are all kept, but the kgov service describes only the first declaration`,
    source,
  });
}
