import type { Diagnostic, SourceRange } from "../diagnostics/index.js";
import type {
  AclOperation,
  AclResourceType,
  ConnectWorker,
  DesiredAcl,
  DesiredEnvironment,
  DesiredService,
  DesiredState,
  DesiredTopic,
  Reference,
  SchemaBinding,
  Settings,
  StreamsApplication,
} from "../model/desired.js";
import { closestMatches } from "../text/did-you-mean.js";
import { OPERATIONS_BY_RESOURCE } from "../validate/acls.js";
import { schemaBindings, schemaSettings, standaloneSchemas } from "./build-schemas.js";
import type { ParsedYaml } from "./parse-yaml.js";
import { resolveVariables } from "./variables.js";

export interface BuildOptions {
  /** The environment selected with --env; its overrides and connection settings apply. */
  readonly environment?: string;
  /** Variables for `${env:NAME}` references. */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asStrings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");
const asInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined);

interface Declared<T> {
  value: T;
  file: ParsedYaml;
  path: (string | number)[];
}

/** Collects each named section entry across files, reporting a name declared in two places. */
function mergeNamed(
  files: readonly ParsedYaml[],
  section: string,
  code:
    "format/duplicate-topic" | "format/duplicate-service" | "format/duplicate-environment" | "format/duplicate-subject",
  noun: string,
  diagnostics: Diagnostic[],
): Map<string, Declared<Obj>> {
  const merged = new Map<string, Declared<Obj>>();
  for (const file of files) {
    for (const [name, value] of Object.entries(asObj(asObj(file.value)[section]))) {
      const previous = merged.get(name);
      const path = [section, name];
      if (previous) {
        const first = previous.file.rangeOf(previous.path, "key");
        diagnostics.push({
          code,
          severity: "error",
          message: `${noun} \`${name}\` is declared more than once`,
          why: `It is also declared at ${first.file}:${first.start.line}:${first.start.column}; kgov cannot tell which one you mean.`,
          fix: "Keep one declaration and delete the other.",
          source: file.rangeOf(path, "key"),
        });
        continue;
      }
      merged.set(name, { value: asObj(value), file, path });
    }
  }
  return merged;
}

function buildSettings(
  files: readonly ParsedYaml[],
  diagnostics: Diagnostic[],
): { settings: Settings; decl?: Declared<Obj> } {
  const declaring = files.filter((f) => isObj(asObj(f.value).settings));
  for (const extra of declaring.slice(1)) {
    const first = declaring[0]!.rangeOf(["settings"], "key");
    diagnostics.push({
      code: "format/duplicate-settings",
      severity: "error",
      message: "`settings` is declared in more than one file",
      why: `It is also declared at ${first.file}:${first.start.line}:${first.start.column}; scope, defaults and policies must have one home.`,
      fix: "Move all settings into one file.",
      source: extra.rangeOf(["settings"], "key"),
    });
  }
  const file = declaring[0];
  if (!file) return { settings: { scope: {}, policies: {} } };
  const raw = asObj(asObj(file.value).settings);
  const scope = asObj(raw.scope);
  const policies = asObj(raw.policies);
  const bounds = (key: string) => {
    const b = asObj(policies[key]);
    if (!isObj(policies[key])) return undefined;
    const min = asInt(b.min);
    const max = asInt(b.max);
    return {
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      source: file.rangeOf(["settings", "policies", key]),
    };
  };
  const rf = bounds("replicationFactor");
  const partitions = bounds("partitions");
  const schemas = schemaSettings(raw);
  const settings: Settings = {
    scope: {
      ...(Array.isArray(scope.topicPrefixes) ? { topicPrefixes: asStrings(scope.topicPrefixes) } : {}),
      ...(Array.isArray(scope.principals) ? { principals: asStrings(scope.principals) } : {}),
      ...(Array.isArray(scope.subjectPrefixes) ? { subjectPrefixes: asStrings(scope.subjectPrefixes) } : {}),
    },
    policies: {
      ...(typeof policies.topicName === "string"
        ? { topicName: { pattern: policies.topicName, source: file.rangeOf(["settings", "policies", "topicName"]) } }
        : {}),
      ...(rf ? { replicationFactor: rf } : {}),
      ...(partitions ? { partitions } : {}),
      ...(typeof policies.singleWriter === "boolean" ? { singleWriter: policies.singleWriter } : {}),
    },
    ...(schemas ? { schemas } : {}),
  };
  return { settings, decl: { value: raw, file, path: ["settings"] } };
}

/** One layer of topic settings (defaults, the topic itself, or an override), with where it was written. */
interface TopicLayer {
  values: Obj;
  file: ParsedYaml;
  path: (string | number)[];
  /** True for the selected environment's overrides. */
  fromEnvironment?: boolean;
}

/**
 * Override keys are exact names or globs where `*` matches any run of characters (`*`, `shop.*`, `shop.*.v1`).
 * The more literal characters a key has, the more specific it is and the later it applies; an exact name wins.
 */
function overrideSpecificity(pattern: string, topic: string): number | undefined {
  if (pattern === topic) return Number.MAX_SAFE_INTEGER;
  if (!pattern.includes("*")) return undefined;
  const glob = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return glob.test(topic) ? pattern.replace(/\*/g, "").length : undefined;
}

function applyLayers(
  name: string,
  layers: readonly TopicLayer[],
  schemas: SchemaBinding[],
  source: SourceRange,
): DesiredTopic {
  let partitions: number | undefined;
  let replicationFactor: number | undefined;
  const config: Record<string, string | number | boolean> = {};
  const sources: Record<string, SourceRange> = {};
  const configKeySources: Record<string, SourceRange> = {};
  const fromEnvironment = new Set<string>();
  const mark = (layer: TopicLayer, key: string) =>
    layer.fromEnvironment ? fromEnvironment.add(key) : fromEnvironment.delete(key);
  for (const layer of layers) {
    const p = asInt(layer.values.partitions);
    if (p !== undefined) {
      partitions = p;
      mark(layer, "partitions");
      sources.partitions = layer.file.rangeOf([...layer.path, "partitions"]);
    }
    const rf = asInt(layer.values.replicationFactor);
    if (rf !== undefined) {
      replicationFactor = rf;
      mark(layer, "replicationFactor");
      sources.replicationFactor = layer.file.rangeOf([...layer.path, "replicationFactor"]);
    }
    for (const [key, value] of Object.entries(asObj(layer.values.config))) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
      config[key] = value;
      mark(layer, `config.${key}`);
      sources[`config.${key}`] = layer.file.rangeOf([...layer.path, "config", key]);
      configKeySources[key] = layer.file.rangeOf([...layer.path, "config", key], "key");
    }
  }
  return {
    name,
    ...(partitions !== undefined ? { partitions } : {}),
    ...(replicationFactor !== undefined ? { replicationFactor } : {}),
    config,
    schemas,
    source,
    sources,
    configKeySources,
    fromEnvironment: [...fromEnvironment].sort(),
  };
}

function buildEnvironment(name: string, decl: Declared<Obj>): DesiredEnvironment {
  const kafka = asObj(decl.value.kafka);
  const registry = asObj(decl.value.registry);
  return {
    name,
    source: decl.file.rangeOf(decl.path, "key"),
    ...(isObj(decl.value.kafka) ? { kafka: kafka as NonNullable<DesiredEnvironment["kafka"]> } : {}),
    ...(isObj(decl.value.registry) ? { registry: registry as NonNullable<DesiredEnvironment["registry"]> } : {}),
  };
}

/** A reference item: a string is a literal name, `{prefix: …}` a prefixed one; the source is the whole item. */
function reference(value: unknown, source: SourceRange): Reference | undefined {
  if (typeof value === "string") return { name: value, pattern: "literal", source };
  const prefix = asObj(value).prefix;
  return typeof prefix === "string" ? { name: prefix, pattern: "prefixed", source } : undefined;
}

function buildStreams(decl: Declared<Obj>): StreamsApplication | undefined {
  const raw = decl.value.streams;
  if (!isObj(raw) || typeof raw.applicationId !== "string") return undefined;
  return {
    applicationId: raw.applicationId,
    exactlyOnce: raw.exactlyOnce === true,
    source: decl.file.rangeOf([...decl.path, "streams"], "key"),
  };
}

const CONNECT_STORAGE_TOPICS = ["configStorageTopic", "offsetStorageTopic", "statusStorageTopic"] as const;

function buildConnect(decl: Declared<Obj>): ConnectWorker | undefined {
  const raw = decl.value.connect;
  if (!isObj(raw) || typeof raw.groupId !== "string") return undefined;
  const path = [...decl.path, "connect"];
  const [config, offset, status] = CONNECT_STORAGE_TOPICS.map((key) =>
    typeof raw[key] === "string" ? reference(raw[key], decl.file.rangeOf([...path, key])) : undefined,
  );
  // A worker missing a storage topic was reported by the structural check; half a worker would plan wrong ACLs.
  if (!config || !offset || !status) return undefined;
  return {
    groupId: raw.groupId,
    configStorageTopic: config,
    offsetStorageTopic: offset,
    statusStorageTopic: status,
    source: decl.file.rangeOf(path, "key"),
  };
}

function buildService(name: string, decl: Declared<Obj>): DesiredService {
  const refs = (key: string): Reference[] =>
    asArray(decl.value[key]).flatMap((v, i) => reference(v, decl.file.rangeOf([...decl.path, key, i])) ?? []);
  const streams = buildStreams(decl);
  const connect = buildConnect(decl);
  return {
    name,
    principal: typeof decl.value.principal === "string" ? decl.value.principal : "",
    produces: refs("produces"),
    consumes: refs("consumes"),
    groups: refs("groups"),
    transactionalIds: refs("transactionalIds"),
    ...(streams ? { streams } : {}),
    ...(connect ? { connect } : {}),
    source: decl.file.rangeOf(decl.path, "key"),
  };
}

function buildAcls(files: readonly ParsedYaml[]): DesiredAcl[] {
  const acls: DesiredAcl[] = [];
  for (const file of files) {
    asArray(asObj(file.value).acls).forEach((raw, i) => {
      if (!isObj(raw) || typeof raw.principal !== "string") return;
      const resource = asObj(raw.resource);
      // An unknown resource type was already reported by the structural check; there is nothing to check further.
      if (typeof resource.type !== "string" || !(resource.type in OPERATIONS_BY_RESOURCE)) return;
      const operations = asStrings(raw.operations) as AclOperation[];
      acls.push(
        new AclEntry(file, i, {
          principal: raw.principal,
          resourceType: resource.type as AclResourceType,
          resourceName:
            typeof resource.name === "string" ? resource.name : resource.type === "cluster" ? "kafka-cluster" : "",
          patternType: resource.pattern === "prefixed" ? "prefixed" : "literal",
          operations,
          permission: raw.permission === "deny" ? "deny" : "allow",
          host: typeof raw.host === "string" ? raw.host : "*",
        }),
      );
    });
  }
  return acls;
}

/** A raw `acls` entry of a file, its positions looked up only when asked for. */
class AclEntry implements DesiredAcl {
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: DesiredAcl["patternType"];
  readonly operations: readonly AclOperation[];
  readonly permission: DesiredAcl["permission"];
  readonly host: string;
  #source: SourceRange | undefined;

  constructor(
    private readonly file: ParsedYaml,
    private readonly index: number,
    fields: Omit<DesiredAcl, "source" | "operationSource">,
  ) {
    this.principal = fields.principal;
    this.resourceType = fields.resourceType;
    this.resourceName = fields.resourceName;
    this.patternType = fields.patternType;
    this.operations = fields.operations;
    this.permission = fields.permission;
    this.host = fields.host;
  }

  get source(): SourceRange {
    return (this.#source ??= this.file.rangeOf(["acls", this.index]));
  }

  operationSource(index: number): SourceRange {
    return this.file.rangeOf(["acls", this.index, "operations", index]);
  }
}

/**
 * Merges parsed files into one desired state. Files are assumed structurally checked; anything of the wrong
 * shape is skipped here because checkStructure has already reported it.
 */
export function buildDesiredState(
  files: readonly ParsedYaml[],
  options: BuildOptions,
): { state: DesiredState; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { settings, decl: settingsDecl } = buildSettings(files, diagnostics);
  const topicDecls = mergeNamed(files, "topics", "format/duplicate-topic", "topic", diagnostics);
  const serviceDecls = mergeNamed(files, "services", "format/duplicate-service", "service", diagnostics);
  const schemas = standaloneSchemas(
    mergeNamed(files, "schemas", "format/duplicate-subject", "standalone schema subject", diagnostics),
  );
  const environmentDecls = mergeNamed(
    files,
    "environments",
    "format/duplicate-environment",
    "environment",
    diagnostics,
  );

  let environmentDecl: Declared<Obj> | undefined;
  if (options.environment !== undefined) {
    environmentDecl = environmentDecls.get(options.environment);
    if (!environmentDecl) {
      const known = [...environmentDecls.keys()];
      const suggestion = closestMatches(options.environment, known, { max: 1 })[0];
      diagnostics.push({
        code: "format/unknown-environment",
        severity: "error",
        message: `environment \`${options.environment}\` is not declared`,
        fix: suggestion
          ? `Did you mean \`${suggestion}\`?`
          : known.length > 0
            ? `Declared environments: ${known.join(", ")}.`
            : "Declare it under `environments:`.",
      });
    } else {
      const resolved = resolveVariables(environmentDecl.value, options.variables, (p) =>
        environmentDecl!.file.rangeOf([...environmentDecl!.path, ...p]),
      );
      diagnostics.push(...resolved.diagnostics);
      environmentDecl = { ...environmentDecl, value: resolved.value as Obj };
    }
  }

  const defaultsLayer: TopicLayer | undefined = settingsDecl
    ? {
        values: asObj(asObj(settingsDecl.value.defaults).topic),
        file: settingsDecl.file,
        path: ["settings", "defaults", "topic"],
      }
    : undefined;
  const overrides = Object.entries(asObj(asObj(environmentDecl?.value.overrides).topics));

  const topics = new Map<string, DesiredTopic>();
  for (const [name, decl] of topicDecls) {
    const layers: TopicLayer[] = defaultsLayer ? [defaultsLayer] : [];
    layers.push({ values: decl.value, file: decl.file, path: decl.path });
    if (environmentDecl) {
      const matching = overrides
        .map(([pattern, values]) => ({ pattern, values, rank: overrideSpecificity(pattern, name) }))
        .filter((o): o is { pattern: string; values: unknown; rank: number } => o.rank !== undefined)
        .sort((a, b) => a.rank - b.rank);
      for (const o of matching) {
        layers.push({
          values: asObj(o.values),
          file: environmentDecl.file,
          path: [...environmentDecl.path, "overrides", "topics", o.pattern],
          fromEnvironment: true,
        });
      }
    }
    topics.set(name, applyLayers(name, layers, schemaBindings(decl), decl.file.rangeOf(decl.path, "key")));
  }

  const services = new Map<string, DesiredService>();
  for (const [name, decl] of serviceDecls) services.set(name, buildService(name, decl));
  const environments = new Map<string, DesiredEnvironment>();
  for (const [name, decl] of environmentDecls) {
    environments.set(
      name,
      buildEnvironment(name, name === options.environment && environmentDecl ? environmentDecl : decl),
    );
  }
  const environment = options.environment !== undefined ? environments.get(options.environment) : undefined;
  return {
    state: {
      topics,
      services,
      acls: buildAcls(files),
      ...(schemas.size > 0 ? { schemas } : {}),
      settings,
      environments,
      ...(environment ? { environment } : {}),
    },
    diagnostics,
  };
}
