import type { Diagnostic } from "../diagnostics/index.js";
import type { DesiredService, DesiredTopic, Reference, Settings } from "../model/desired.js";
import { closestMatches } from "../text/did-you-mean.js";

function undeclared(
  ref: Reference,
  service: string,
  topics: ReadonlyMap<string, DesiredTopic>,
  verb: string,
): Diagnostic {
  const suggestion = closestMatches(ref.name, [...topics.keys()], { max: 1 })[0];
  return {
    code: "reference/undeclared-topic",
    severity: "error",
    message: `service \`${service}\` ${verb} \`${ref.name}\`, which is not declared under topics`,
    why: "kgov generates ACLs from services, and would grant access to a topic nobody manages.",
    fix: suggestion
      ? `Did you mean \`${suggestion}\`?`
      : `Declare \`${ref.name}\` under topics, fix the name, or write \`{prefix: ${ref.name}}\` for a prefix.`,
    source: ref.source,
  };
}

/** Everything a service writes to: produced topics, its Streams internal topics, its Connect storage topics. */
function writtenTopics(service: DesiredService): Reference[] {
  const refs = [...service.produces];
  if (service.streams) {
    const { applicationId, source } = service.streams;
    refs.push({ name: `${applicationId}-`, pattern: "prefixed", source });
  }
  if (service.connect) {
    const { configStorageTopic, offsetStorageTopic, statusStorageTopic } = service.connect;
    refs.push(configStorageTopic, offsetStorageTopic, statusStorageTopic);
  }
  return refs;
}

function overlaps(a: Reference, b: Reference): boolean {
  if (a.pattern === "literal" && b.pattern === "literal") return a.name === b.name;
  if (a.pattern === "prefixed" && b.pattern === "prefixed")
    return a.name.startsWith(b.name) || b.name.startsWith(a.name);
  const [prefix, literal] = a.pattern === "prefixed" ? [a, b] : [b, a];
  return literal.name.startsWith(prefix.name);
}

const describeRef = (ref: Reference): string =>
  ref.pattern === "prefixed" ? `every topic starting with \`${ref.name}\`` : `topic \`${ref.name}\``;

/**
 * Single writer: every topic has one producing service. Literal writers of one topic are reported together (at every
 * writer after the first); a prefix is reported where it overlaps a topic or prefix another service writes.
 */
function singleWriterViolations(services: readonly DesiredService[]): Diagnostic[] {
  const why =
    "settings.policies.singleWriter is on: each topic has one owning writer, so its events have one source of truth.";
  const fix = "Let one service own the topic; others can send commands to it or publish their own topic.";
  const diagnostics: Diagnostic[] = [];
  const literalWriters = new Map<string, { service: string; ref: Reference }[]>();
  const writers = services.flatMap((service) => writtenTopics(service).map((ref) => ({ service: service.name, ref })));
  for (const w of writers) {
    if (w.ref.pattern === "literal") literalWriters.set(w.ref.name, [...(literalWriters.get(w.ref.name) ?? []), w]);
  }
  for (const [topic, list] of literalWriters) {
    const distinct = new Set(list.map((w) => w.service));
    if (distinct.size < 2) continue;
    const names = [...distinct].map((s) => `\`${s}\``).join(", ");
    for (const w of list.filter((x) => x.service !== list[0]!.service)) {
      diagnostics.push({
        code: "policy/single-writer",
        severity: "error",
        message: `topic \`${topic}\` has more than one producing service: ${names}`,
        why,
        fix,
        source: w.ref.source,
      });
    }
  }
  for (const [i, w] of writers.entries()) {
    if (w.ref.pattern !== "prefixed") continue;
    // Each overlapping pair once: a prefix against every literal, and against the prefixes listed before it.
    const rivals = writers.filter(
      (o, j) => o.service !== w.service && (o.ref.pattern === "literal" || j < i) && overlaps(w.ref, o.ref),
    );
    for (const rival of rivals) {
      diagnostics.push({
        code: "policy/single-writer",
        severity: "error",
        message: `service \`${w.service}\` writes to every topic starting with \`${w.ref.name}\`, which overlaps ${describeRef(rival.ref)} written by service \`${rival.service}\``,
        why,
        fix: `${fix} Or narrow the prefix so that it covers only \`${w.service}\`'s topics.`,
        source: w.ref.source,
      });
    }
  }
  return diagnostics;
}

export function checkServices(
  services: ReadonlyMap<string, DesiredService>,
  topics: ReadonlyMap<string, DesiredTopic>,
  settings: Settings,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // A prefix may cover topics kgov does not declare; a literal name must be declared. Connect storage topics need
  // not be: they are Connect's internal topics, created by the worker.
  const check = (refs: readonly Reference[], service: string, verb: string) => {
    for (const ref of refs) {
      if (ref.pattern === "literal" && !topics.has(ref.name)) diagnostics.push(undeclared(ref, service, topics, verb));
    }
  };
  for (const service of services.values()) {
    check(service.produces, service.name, "produces to");
    check(service.consumes, service.name, "consumes from");
  }
  if (settings.policies.singleWriter) diagnostics.push(...singleWriterViolations([...services.values()]));
  return diagnostics;
}
