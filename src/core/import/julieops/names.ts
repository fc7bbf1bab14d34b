import type { JulieProject, JulieTopic, JulieTopology } from "./model.js";

/** JulieOps's default `topology.topic.prefix.separator`. */
export const SEPARATOR = ".";

/**
 * The context's topic prefix with the default `topology.project.prefix.format`: the context, then every other
 * top-level field's value in file order (`context.company.env`).
 */
export function topologyPrefix(topology: Pick<JulieTopology, "context" | "extras">): string {
  return [topology.context, ...topology.extras.map((e) => e.value)].join(SEPARATOR);
}

/** A project's prefix: what its Streams applications default to and what its topics start with. */
export function projectPrefix(topology: Pick<JulieTopology, "context" | "extras">, project: JulieProject): string {
  return `${topologyPrefix(topology)}${SEPARATOR}${project.name}`;
}

/** The default `topology.topic.prefix.format`: project prefix, topic name, then the data type when there is one. */
export function topicFullName(prefix: string, topic: JulieTopic): string {
  const parts = [prefix, topic.name, ...(topic.dataType !== undefined ? [topic.dataType] : [])];
  return parts.join(SEPARATOR);
}
