import type { GitopsConnector, GitopsService, GitopsServiceType } from "./model.js";
import type { Located, StateReader, YamlPath } from "./reader.js";

/** The fields kafka-gitops reads per service type; any other field makes it refuse the file. */
const FIELDS: Readonly<Record<GitopsServiceType, readonly string[]>> = {
  application: ["type", "principal", "group-id", "produces", "consumes"],
  "kafka-streams": ["type", "principal", "application-id", "produces", "consumes"],
  "kafka-connect": ["type", "principal", "group-id", "storage-topics", "produces", "connectors"],
};
const TYPES = Object.keys(FIELDS) as GitopsServiceType[];

function isServiceType(value: string): value is GitopsServiceType {
  return (TYPES as string[]).includes(value);
}

function locatedText(r: StateReader, value: unknown, path: YamlPath, what: string): Located | undefined {
  const text = r.text(value, path, what);
  return text === undefined ? undefined : { value: text, at: r.at(path) };
}

/** `services`: each entry typed by its `type` field. */
export function readServices(r: StateReader, value: unknown, path: YamlPath): Map<string, GitopsService> {
  const services = new Map<string, GitopsService>();
  for (const [name, raw] of Object.entries(r.mapping(value, path, "`services`") ?? {})) {
    const at = [...path, name];
    const what = `service \`${name}\``;
    const entry = r.mapping(raw, at, what);
    if (!entry) continue;
    const typeText = r.text(entry.type, [...at, "type"], `the \`type\` of ${what}`, true);
    if (typeText === undefined) continue;
    if (!isServiceType(typeText)) {
      r.invalid(
        [...at, "type"],
        `${what} has the unknown type \`${typeText}\``,
        `Use one of ${TYPES.map((t) => `\`${t}\``).join(", ")}.`,
      );
      continue;
    }
    const fields = r.object(raw, at, what, FIELDS[typeText]) ?? {};
    const storage = r.object(fields["storage-topics"], [...at, "storage-topics"], "`storage-topics`", [
      "config",
      "offset",
      "status",
    ]);
    const storageAt = (key: string) => [...at, "storage-topics", key];
    services.set(name, {
      name,
      type: typeText,
      principal: locatedText(r, fields.principal, [...at, "principal"], `the principal of ${what}`),
      groupId: locatedText(r, fields["group-id"], [...at, "group-id"], "`group-id`"),
      applicationId: locatedText(r, fields["application-id"], [...at, "application-id"], "`application-id`"),
      storageTopics: {
        config: locatedText(r, storage?.config, storageAt("config"), "`storage-topics.config`"),
        offset: locatedText(r, storage?.offset, storageAt("offset"), "`storage-topics.offset`"),
        status: locatedText(r, storage?.status, storageAt("status"), "`storage-topics.status`"),
      },
      produces: r.names(fields.produces, [...at, "produces"], `\`produces\` of ${what}`),
      consumes: r.names(fields.consumes, [...at, "consumes"], `\`consumes\` of ${what}`),
      connectors: readConnectors(r, fields.connectors, [...at, "connectors"]),
      at: r.at(at, "key"),
    });
  }
  return services;
}

function readConnectors(r: StateReader, value: unknown, path: YamlPath): GitopsConnector[] {
  return Object.entries(r.mapping(value, path, "`connectors`") ?? {}).map(([name, raw]) => {
    const at = [...path, name];
    const what = `connector \`${name}\``;
    const fields = r.object(raw, at, what, ["produces", "consumes"]) ?? {};
    return {
      name,
      produces: r.names(fields.produces, [...at, "produces"], `\`produces\` of ${what}`),
      consumes: r.names(fields.consumes, [...at, "consumes"], `\`consumes\` of ${what}`),
      at: r.at(at, "key"),
    };
  });
}
