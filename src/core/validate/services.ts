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
    fix: suggestion ? `Did you mean \`${suggestion}\`?` : `Declare \`${ref.name}\` under topics, or fix the name.`,
    source: ref.source,
  };
}

export function checkServices(
  services: ReadonlyMap<string, DesiredService>,
  topics: ReadonlyMap<string, DesiredTopic>,
  settings: Settings,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const writers = new Map<string, { service: string; ref: Reference }[]>();
  for (const service of services.values()) {
    for (const ref of service.produces) {
      if (!topics.has(ref.name)) diagnostics.push(undeclared(ref, service.name, topics, "produces to"));
      writers.set(ref.name, [...(writers.get(ref.name) ?? []), { service: service.name, ref }]);
    }
    for (const ref of service.consumes) {
      if (!topics.has(ref.name)) diagnostics.push(undeclared(ref, service.name, topics, "consumes from"));
    }
  }
  if (settings.policies.singleWriter) {
    for (const [topic, list] of writers) {
      if (list.length < 2) continue;
      const names = list.map((w) => `\`${w.service}\``).join(", ");
      for (const w of list.slice(1)) {
        diagnostics.push({
          code: "policy/single-writer",
          severity: "error",
          message: `topic \`${topic}\` has more than one producing service: ${names}`,
          why: "settings.policies.singleWriter is on: each topic has one owning writer, so its events have one source of truth.",
          fix: "Let one service own the topic; others can send commands to it or publish their own topic.",
          source: w.ref.source,
        });
      }
    }
  }
  return diagnostics;
}
