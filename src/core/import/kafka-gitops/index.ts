import { hasErrors, type Diagnostic, type SourceRange } from "../../diagnostics/index.js";
import { parseYaml, type ParsedYaml, type SourceText } from "../../load/parse-yaml.js";
import { bindingKey } from "../../model/acl.js";
import type { ConversionResult, EstateApplication, EstateBinding, ImportReportItem } from "../estate.js";
import {
  applicationIdOf,
  customBinding,
  granter,
  groupIdOf,
  roleGrants,
  serviceGrants,
  storageTopicsOf,
} from "./acls.js";
import type { GitopsCustomAcls, GitopsService, GitopsState } from "./model.js";
import { estateScope } from "./scope.js";
import { readState } from "./state.js";
import { estateTopics } from "./topics.js";

function missingPrincipal(what: string, source: SourceRange): Diagnostic {
  return {
    code: "import/invalid-source",
    severity: "error",
    message: `${what} has no \`principal\``,
    why: "kafka-gitops refuses to generate its ACLs without one (outside Confluent Cloud), so they cannot be converted.",
    fix: "Add `principal: User:<name>`.",
    source,
  };
}

/** Whether kafka-gitops generates any ACL for the service (and so needs its principal). */
function generatesAcls(s: GitopsService): boolean {
  return s.type !== "application" || s.produces.length > 0 || s.consumes.length > 0;
}

interface Acls {
  readonly bindings: EstateBinding[];
  readonly serviceNames: Map<string, string>;
  readonly applications: Map<string, EstateApplication>;
}

function applicationOf(s: GitopsService): EstateApplication | undefined {
  if (s.type === "kafka-streams") return { kind: "streams", applicationId: applicationIdOf(s), exactlyOnce: false };
  if (s.type !== "kafka-connect") return undefined;
  const storage = storageTopicsOf(s);
  return {
    kind: "connect",
    groupId: groupIdOf(s),
    configStorageTopic: storage.config,
    offsetStorageTopic: storage.offset,
    statusStorageTopic: storage.status,
  };
}

/** Custom ACLs of owners kafka-gitops knows; those of an undeclared owner it silently ignores. */
function customAcls(
  groups: readonly GitopsCustomAcls[],
  principalOf: (owner: string) => string | undefined | null,
  out: EstateBinding[],
  diagnostics: Diagnostic[],
  report: ImportReportItem[],
  kind: "service" | "user",
): void {
  for (const group of groups) {
    const ownerPrincipal = principalOf(group.owner);
    if (ownerPrincipal === null) {
      report.push({
        kind: "acl",
        name: group.owner,
        outcome: "skipped",
        reason: `no ${kind} \`${group.owner}\` is declared, so kafka-gitops ignores these custom ACLs`,
        source: group.at,
      });
      continue;
    }
    for (const acl of group.acls) {
      // A custom service ACL names its principal; a custom user ACL may inherit the user's.
      const principal = acl.principal ?? (kind === "user" ? ownerPrincipal : undefined);
      if (principal === undefined) diagnostics.push(missingPrincipal(`custom ACL \`${acl.key}\``, acl.at));
      else if (acl.pattern === "MATCH") {
        report.push({
          kind: "acl",
          name: acl.key,
          outcome: "skipped",
          reason:
            "pattern MATCH only filters ACLs; Kafka refuses to create a binding with it, so kafka-gitops's apply fails",
          source: acl.at,
        });
      } else out.push(customBinding(acl, principal));
    }
  }
}

function convertAcls(state: GitopsState, diagnostics: Diagnostic[], report: ImportReportItem[]): Acls {
  const acls: Acls = { bindings: [], serviceNames: new Map(), applications: new Map() };
  const name = (principal: string, owner: string, at: SourceRange) => {
    const taken = acls.serviceNames.get(principal);
    if (taken === undefined) acls.serviceNames.set(principal, owner);
    else {
      report.push({
        kind: "service",
        name: owner,
        outcome: "info",
        reason: `shares principal \`${principal}\` with \`${taken}\`; their bindings fold into one service named \`${taken}\``,
        source: at,
      });
    }
  };
  for (const s of state.services.values()) {
    if (!generatesAcls(s)) continue;
    if (!s.principal) {
      diagnostics.push(missingPrincipal(`service \`${s.name}\``, s.at));
      continue;
    }
    serviceGrants(s, granter(s.principal.value, acls.bindings), state.settings.describeTopic);
    name(s.principal.value, s.name, s.at);
    const app = applicationOf(s);
    if (app && !acls.applications.has(s.principal.value)) acls.applications.set(s.principal.value, app);
  }
  const servicePrincipal = (owner: string) => {
    const s = state.services.get(owner);
    return s ? (s.principal?.value ?? undefined) : null;
  };
  customAcls(state.customServiceAcls, servicePrincipal, acls.bindings, diagnostics, report, "service");
  for (const u of state.users.values()) {
    // kafka-gitops needs a user's principal even when the user has no roles.
    if (!u.principal) {
      diagnostics.push(missingPrincipal(`user \`${u.name}\``, u.at));
      continue;
    }
    for (const role of u.roles) roleGrants(role, granter(u.principal.value, acls.bindings));
    name(u.principal.value, u.name, u.at);
  }
  const userPrincipal = (owner: string) => (state.users.has(owner) ? state.users.get(owner)?.principal?.value : null);
  customAcls(state.customUserAcls, userPrincipal, acls.bindings, diagnostics, report, "user");
  return acls;
}

/** With Confluent Cloud, principals are service-account ids kafka-gitops looks up at plan time: not in the files. */
function reportConfluentCloud(state: GitopsState, report: ImportReportItem[]): void {
  const reason = (what: string) =>
    `Confluent Cloud (settings.ccloud.enabled): kafka-gitops grants ${what} to a service-account id it looks up at plan time, which the files do not hold; declare the bindings for the service account in kgov`;
  for (const s of state.services.values())
    report.push({ kind: "service", name: s.name, outcome: "skipped", reason: reason("its ACLs"), source: s.at });
  for (const u of state.users.values())
    report.push({ kind: "user", name: u.name, outcome: "skipped", reason: reason("its ACLs"), source: u.at });
  for (const g of [...state.customServiceAcls, ...state.customUserAcls]) {
    report.push({ kind: "acl", name: g.owner, outcome: "skipped", reason: reason("these custom ACLs"), source: g.at });
  }
}

function dedupe(bindings: readonly EstateBinding[]): EstateBinding[] {
  const seen = new Map<string, EstateBinding>();
  for (const b of bindings) if (!seen.has(bindingKey(b.binding))) seen.set(bindingKey(b.binding), b);
  return [...seen.values()];
}

/**
 * Converts kafka-gitops desired-state files into an estate: exactly the topics and ACL bindings `kafka-gitops plan`
 * would create, the scope closest to its deletion rules, and one report item per thing that changes meaning.
 * Invalid input gives located diagnostics and no estate.
 */
export function convertKafkaGitops(files: readonly SourceText[]): ConversionResult {
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedYaml[] = [];
  for (const f of files) {
    const result = parseYaml(f);
    diagnostics.push(...result.diagnostics);
    if (result.file) parsed.push(result.file);
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  const report: ImportReportItem[] = [];
  const state = readState(parsed, diagnostics, report);
  if (!state) {
    const message = "no kafka-gitops state file was given";
    return {
      diagnostics: [{ code: "import/invalid-source", severity: "error", message, fix: "Pass the state file." }],
    };
  }
  const topics = estateTopics(state.topics.values(), state.settings, diagnostics);
  const acls: Acls = state.settings.ccloud
    ? { bindings: [], serviceNames: new Map(), applications: new Map() }
    : convertAcls(state, diagnostics, report);
  if (state.settings.ccloud) reportConfluentCloud(state, report);
  if (hasErrors(diagnostics)) return { diagnostics };
  const streamsNames = [...state.services.values()]
    .filter((s) => s.type === "kafka-streams")
    .map((s) => ({ value: s.name, at: s.at }));
  const bindings = dedupe(acls.bindings);
  const scope = estateScope(
    state.settings,
    topics.map((t) => t.name),
    streamsNames,
    bindings.map((b) => b.binding.principal),
    report,
  );
  const replicationFactor = state.settings.defaultReplication?.value;
  return {
    estate: {
      topics,
      bindings,
      serviceNames: acls.serviceNames,
      applications: acls.applications,
      subjects: [],
      scope,
      ...(replicationFactor !== undefined ? { topicDefaults: { replicationFactor } } : {}),
      report,
    },
    diagnostics,
  };
}
