import type { GitopsCustomAcl, GitopsCustomAcls, GitopsRole, GitopsTopic, GitopsUser } from "./model.js";
import type { Located, StateReader, YamlPath } from "./reader.js";

/** The top-level sections of a kafka-gitops state file. */
export const SECTIONS = [
  "settings",
  "topics",
  "services",
  "users",
  "schemas",
  "customServiceAcls",
  "customUserAcls",
] as const;

/** `settings.files`: the sections kafka-gitops reads from other files, relative to the state file. */
export const FILE_SECTIONS = ["services", "topics", "users", "schemas"] as const;
export type FileSection = (typeof FILE_SECTIONS)[number];

export interface RawSettings {
  readonly ccloud: boolean;
  readonly defaultReplication?: Located<number>;
  readonly blacklist: readonly Located[];
  readonly describeTopic: boolean;
  readonly files: Partial<Record<FileSection, Located>>;
  /** `settings.schema` (registry defaults), which the converter leaves out. */
  readonly schema: boolean;
}

export function readSettings(r: StateReader, value: unknown): RawSettings {
  const s = r.object(value, ["settings"], "`settings`", ["ccloud", "topics", "services", "files", "schema"]) ?? {};
  const ccloud = r.object(s.ccloud, ["settings", "ccloud"], "`settings.ccloud`", ["enabled"]);
  const topics = r.object(s.topics, ["settings", "topics"], "`settings.topics`", ["defaults", "blacklist"]);
  const defaults = r.object(topics?.defaults, ["settings", "topics", "defaults"], "`settings.topics.defaults`", [
    "replication",
  ]);
  const blacklistPath = ["settings", "topics", "blacklist"];
  const blacklist = r.object(topics?.blacklist, blacklistPath, "`settings.topics.blacklist`", ["prefixed"]);
  const services = r.object(s.services, ["settings", "services"], "`settings.services`", ["acls"]);
  const acls = r.object(services?.acls, ["settings", "services", "acls"], "`settings.services.acls`", [
    "describeTopicEnabled",
  ]);
  const filesPath = ["settings", "files"];
  const files = r.object(s.files, filesPath, "`settings.files`", FILE_SECTIONS) ?? {};
  const replicationPath = ["settings", "topics", "defaults", "replication"];
  const replication = r.integer(defaults?.replication, replicationPath, "`settings.topics.defaults.replication`");
  if (replication !== undefined && replication < 1) {
    r.invalid(replicationPath, "the default replication factor must be at least 1", "Write a positive number.");
  }
  const fileRefs: Partial<Record<FileSection, Located>> = {};
  for (const section of FILE_SECTIONS) {
    const name = r.text(files[section], [...filesPath, section], `\`settings.files.${section}\``);
    if (name !== undefined) fileRefs[section] = { value: name, at: r.at([...filesPath, section]) };
  }
  return {
    ccloud: r.flag(ccloud?.enabled, ["settings", "ccloud", "enabled"], "`settings.ccloud.enabled`"),
    ...(replication !== undefined ? { defaultReplication: { value: replication, at: r.at(replicationPath) } } : {}),
    blacklist: r.names(blacklist?.prefixed, [...blacklistPath, "prefixed"], "`settings.topics.blacklist.prefixed`"),
    describeTopic: r.flag(
      acls?.describeTopicEnabled,
      ["settings", "services", "acls", "describeTopicEnabled"],
      "`describeTopicEnabled`",
    ),
    files: fileRefs,
    schema: s.schema !== undefined,
  };
}

/** `topics`: partitions required, replication optional here (a default may supply it), configs as text. */
export function readTopics(r: StateReader, value: unknown): Map<string, GitopsTopic> {
  const topics = new Map<string, GitopsTopic>();
  for (const [name, raw] of Object.entries(r.mapping(value, ["topics"], "`topics`") ?? {})) {
    const at = ["topics", name];
    const what = `topic \`${name}\``;
    const fields = r.object(raw, at, what, ["partitions", "replication", "configs"]) ?? {};
    const partitions = r.integer(fields.partitions, [...at, "partitions"], `the partitions of ${what}`, true);
    const replication = r.integer(fields.replication, [...at, "replication"], `the replication of ${what}`);
    for (const [key, n] of [
      ["partitions", partitions],
      ["replication", replication],
    ] as const) {
      if (n !== undefined && n < 1) r.invalid([...at, key], `${what} has ${key} ${n}`, "Write a positive number.");
    }
    const config: Record<string, string> = {};
    for (const [key, v] of Object.entries(r.mapping(fields.configs, [...at, "configs"], "`configs`") ?? {})) {
      const text = r.text(v, [...at, "configs", key], `config \`${key}\` of ${what}`, true);
      if (text !== undefined) config[key] = text;
    }
    if (partitions === undefined) continue;
    topics.set(name, {
      name,
      partitions,
      ...(replication !== undefined ? { replication } : {}),
      config,
      at: r.at(at, "key"),
    });
  }
  return topics;
}

const ROLES: readonly GitopsRole[] = ["reader", "writer", "operator"];

export function readUsers(r: StateReader, value: unknown): Map<string, GitopsUser> {
  const users = new Map<string, GitopsUser>();
  for (const [name, raw] of Object.entries(r.mapping(value, ["users"], "`users`") ?? {})) {
    const at = ["users", name];
    const fields = r.object(raw, at, `user \`${name}\``, ["principal", "roles"]) ?? {};
    const principal = r.text(fields.principal, [...at, "principal"], `the principal of user \`${name}\``);
    const roles: Located<GitopsRole>[] = [];
    r.names(fields.roles, [...at, "roles"], "`roles`").forEach((role, i) => {
      // kafka-gitops compares roles case-insensitively.
      const known = ROLES.find((x) => x === role.value.toLowerCase());
      if (known) roles.push({ value: known, at: role.at });
      else r.invalid([...at, "roles", i], `unknown role \`${role.value}\``, "Use `reader`, `writer` or `operator`.");
    });
    users.set(name, {
      name,
      ...(principal !== undefined ? { principal: { value: principal, at: r.at([...at, "principal"]) } } : {}),
      roles,
      at: r.at(at, "key"),
    });
  }
  return users;
}

/** Kafka's enum names kafka-gitops accepts (all but ANY and UNKNOWN), written exactly so. */
const ENUMS = {
  type: ["TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"],
  pattern: ["MATCH", "LITERAL", "PREFIXED"],
  operation: [
    "ALL",
    "READ",
    "WRITE",
    "CREATE",
    "DELETE",
    "ALTER",
    "DESCRIBE",
    "CLUSTER_ACTION",
    "DESCRIBE_CONFIGS",
    "ALTER_CONFIGS",
    "IDEMPOTENT_WRITE",
    "CREATE_TOKENS",
    "DESCRIBE_TOKENS",
  ],
  permission: ["DENY", "ALLOW"],
} as const;
const REQUIRED = ["name", "type", "pattern", "host", "operation", "permission"] as const;

export function readCustomAcls(
  r: StateReader,
  value: unknown,
  section: "customServiceAcls" | "customUserAcls",
): GitopsCustomAcls[] {
  return Object.entries(r.mapping(value, [section], `\`${section}\``) ?? {}).map(([owner, raw]) => {
    const acls: GitopsCustomAcl[] = [];
    for (const [key, entry] of Object.entries(r.mapping(raw, [section, owner], `\`${section}.${owner}\``) ?? {})) {
      const at: YamlPath = [section, owner, key];
      const fields = r.object(entry, at, `custom ACL \`${key}\``, [...REQUIRED, "principal"]) ?? {};
      const read = (field: string) =>
        r.text(fields[field], [...at, field], `\`${field}\` of custom ACL \`${key}\``, true);
      const values = Object.fromEntries(REQUIRED.map((f) => [f, read(f)])) as Record<(typeof REQUIRED)[number], string>;
      let valid = REQUIRED.every((f) => values[f] !== undefined);
      for (const [field, allowed] of Object.entries(ENUMS)) {
        const v = values[field as keyof typeof ENUMS];
        if (v === undefined || (allowed as readonly string[]).includes(v)) continue;
        valid = false;
        r.invalid(
          [...at, field],
          `\`${field}\` \`${v}\` is not one of ${allowed.join(", ")}`,
          "Use one of the listed values, in capitals.",
        );
      }
      const principal = r.text(fields.principal, [...at, "principal"], `\`principal\` of custom ACL \`${key}\``);
      if (valid) acls.push({ key, ...values, ...(principal !== undefined ? { principal } : {}), at: r.at(at, "key") });
    }
    return { owner, acls, at: r.at([section, owner], "key") };
  });
}
