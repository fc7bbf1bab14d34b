import type { JulieConnector, JulieConsumer, JulieProducer, JulieStreams } from "./model.js";
import type { TopologyReader, YamlPath } from "./reader.js";

/** Each entry of a user list as a mapping with its path, entries of another shape reported once each. */
function entries(r: TopologyReader, value: unknown, path: YamlPath, what: string) {
  return r.list(value, path, what).flatMap((item, i) => {
    const at = [...path, i];
    const entry = r.map(item, at, `an entry of ${what}`);
    if (item === null || item === undefined)
      r.invalid(at, `an entry of ${what} is empty`, "Give the entry a `principal`.");
    return entry ? [{ entry, at }] : [];
  });
}

export function readConsumers(r: TopologyReader, value: unknown, path: YamlPath): JulieConsumer[] {
  return entries(r, value, path, "`consumers`").flatMap(({ entry, at }) => {
    const principal = r.principal(entry.principal, [...at, "principal"]);
    const group = r.text(entry.group, [...at, "group"], "`group`");
    return principal === undefined ? [] : [{ principal, ...(group !== undefined ? { group } : {}), at: r.at(at) }];
  });
}

export function readProducers(r: TopologyReader, value: unknown, path: YamlPath): JulieProducer[] {
  return entries(r, value, path, "`producers`").flatMap(({ entry, at }) => {
    const principal = r.principal(entry.principal, [...at, "principal"]);
    const transactionId = r.text(entry.transactionId, [...at, "transactionId"], "`transactionId`");
    const idempotenceSet = entry.idempotence !== undefined && entry.idempotence !== null;
    if (entry.idempotence === false) {
      r.note(
        "acl",
        principal ?? "producer",
        [...at, "idempotence"],
        "`idempotence: false` still grants idempotent-write on the cluster: JulieOps only checks that the field is set",
        "info",
      );
    }
    if (principal === undefined) return [];
    return [{ principal, ...(transactionId !== undefined ? { transactionId } : {}), idempotenceSet, at: r.at(at) }];
  });
}

export function readStreams(r: TopologyReader, value: unknown, path: YamlPath): JulieStreams[] {
  return entries(r, value, path, "`streams`").flatMap(({ entry, at }) => {
    const principal = r.principal(entry.principal, [...at, "principal"]);
    const applicationId = r.text(entry.applicationId, [...at, "applicationId"], "`applicationId`");
    const exactlyOnce = r.boolean(entry.exactlyOnce, [...at, "exactlyOnce"], "`exactlyOnce`");
    const topics = r.map(entry.topics, [...at, "topics"], "`topics`") ?? {};
    const observers = entries(r, entry.observerPrincipals, [...at, "observerPrincipals"], "`observerPrincipals`");
    const read = r.names(topics.read, [...at, "topics", "read"], "`topics.read`");
    const write = r.names(topics.write, [...at, "topics", "write"], "`topics.write`");
    const observerPrincipals = observers.flatMap((o) => r.principal(o.entry.principal, [...o.at, "principal"]) ?? []);
    if (principal === undefined) return [];
    if (applicationId === "") {
      r.invalid(
        [...at, "applicationId"],
        "`applicationId` is empty",
        "Set the application id, or remove the field to use the project prefix.",
        "JulieOps refuses a Kafka Streams application without a prefix for its internal topics.",
      );
    }
    return [
      {
        principal,
        ...(applicationId ? { applicationId } : {}),
        exactlyOnce,
        read,
        write,
        observers: observerPrincipals,
        at: r.at(at),
      },
    ];
  });
}

/**
 * `connectors` is either the list of connector principals or `{ access_control: [...], artefacts: [...] }`;
 * the artefacts (connector definitions JulieOps deploys over the Connect REST API) have no kgov counterpart.
 */
export function readConnectors(r: TopologyReader, value: unknown, path: YamlPath): JulieConnector[] {
  let list = value;
  let listPath = path;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const wrapper = value as Record<string, unknown>;
    for (const key of ["artefacts", "artifacts"]) {
      if (wrapper[key] !== undefined) {
        r.note(
          "service",
          key,
          [...path, key],
          "connector artefacts are deployed by JulieOps over the Kafka Connect REST API; kgov does not manage connectors",
        );
      }
    }
    list = wrapper.access_control;
    listPath = [...path, "access_control"];
  }
  return entries(r, list, listPath, "`connectors`").flatMap(({ entry, at }) => {
    const principal = r.principal(entry.principal, [...at, "principal"]);
    const optional = (key: string) => r.text(entry[key], [...at, key], `\`${key}\``);
    const group = optional("group");
    const statusTopic = optional("status_topic");
    const offsetTopic = optional("offset_topic");
    const configsTopic = optional("configs_topic");
    const topics = r.map(entry.topics, [...at, "topics"], "`topics`") ?? {};
    const read = r.names(topics.read, [...at, "topics", "read"], "`topics.read`");
    const write = r.names(topics.write, [...at, "topics", "write"], "`topics.write`");
    if (entry.connectors !== undefined) {
      r.note(
        "acl",
        principal ?? "connector",
        [...at, "connectors"],
        "per-connector authorization is an RBAC (Confluent MDS) role binding, which Kafka ACLs cannot express",
      );
    }
    if (entry.observerPrincipals !== undefined) {
      r.invalid(
        [...at, "observerPrincipals"],
        "`observerPrincipals` on a connector",
        "Remove it, or grant the observer its own consumer entries.",
        "JulieOps fails on observer principals for connectors.",
      );
    }
    if (principal === undefined) return [];
    return [
      {
        principal,
        ...(group !== undefined ? { group } : {}),
        ...(statusTopic !== undefined ? { statusTopic } : {}),
        ...(offsetTopic !== undefined ? { offsetTopic } : {}),
        ...(configsTopic !== undefined ? { configsTopic } : {}),
        read,
        write,
        at: r.at(at),
      },
    ];
  });
}
