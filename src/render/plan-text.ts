import { splitDrift } from "../core/plan/drift.js";
import type { ConfigSet, Plan, ReplicaMove, Risk } from "../core/plan/types.js";
import { renderDiagnosticsText, type SourceLookup } from "./diagnostics.js";
import { accessLines, aclBlocks, bindingPhrase, extraRisks, originsPhrase, type PrincipalBlock } from "./plan-acls.js";
import { blockRisks, isCleanNoop, plural, summarySentences, topicBlocks, type TopicBlock } from "./plan-common.js";
import { subjectTextLines } from "./plan-subjects.js";
import { plainStyle, type Style } from "./style.js";

/**
 * The human plan, Terraform-style: one block per topic with `+ ~ -` symbols, only changed keys as `old -> new`,
 * risks as `# kind: reason` comments, replica moves under the replication line, blocked deletions, the plan's
 * diagnostics and a summary line. Derived from the Plan value alone (like Terraform's renderer reads the JSON plan).
 *
 * This text is for people and may change between releases; scripts should read `kgov plan --output json`.
 */
export interface PlanTextOptions {
  readonly style?: Style;
  /** Include plan.diagnostics (rendered like `kgov validate`); off when the caller prints them to stderr itself. */
  readonly diagnostics?: boolean;
  /** Code frames for diagnostics with a source. */
  readonly sources?: SourceLookup;
  /** Replica moves listed per replication change before the rest are counted (default 20). */
  readonly maxMoves?: number;
  /** Unmanaged topic names listed before the rest are counted (default 10). */
  readonly maxUnmanaged?: number;
}

type Symbol = "+" | "~" | "-";

interface Attr {
  readonly symbol: Symbol;
  readonly name: string;
  /** Everything after `name = `. */
  readonly value: string;
  /** Extra lines under the attribute (moves, risks), already indented relative to the attribute. */
  readonly notes: readonly string[];
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function paint(symbol: Symbol, text: string, style: Style): string {
  return symbol === "+" ? style.green(text) : symbol === "-" ? style.red(text) : style.yellow(text);
}

function riskLine(risk: Risk, style: Style): string {
  const text = `# ${risk.kind}: ${risk.reason}`;
  return risk.kind === "ordering" ? style.yellow(text) : style.red(text);
}

function risksFor(risks: readonly Risk[], key: string, style: Style): string[] {
  return risks.filter((r) => r.key === key).map((r) => riskLine(r, style));
}

function replicas(ids: readonly number[]): string {
  return `[${ids.join(", ")}]`;
}

function moveLines(moves: readonly ReplicaMove[], max: number): string[] {
  const lines = moves.slice(0, max).map((m) => `  partition ${m.partition}: ${replicas(m.from)} -> ${replicas(m.to)}`);
  if (moves.length > max) lines.push(`  … ${plural(moves.length - max, "more move")} (see --output json)`);
  return lines;
}

function configValue(set: ConfigSet): string {
  if (set.sensitive) {
    if (set.from === undefined) return "(sensitive)";
    return `(sensitive)${set.fromSource === "topic" ? "" : " (inherited)"} -> (sensitive)`;
  }
  if (set.from === undefined) return quote(set.to);
  const from = set.from === null ? "(unknown)" : quote(set.from);
  return `${from}${set.fromSource === "topic" ? "" : " (inherited)"} -> ${quote(set.to)}`;
}

function blockAttrs(block: TopicBlock, style: Style, maxMoves: number): { attrs: Attr[]; hidden?: number } {
  const risks = blockRisks(block);
  switch (block.kind) {
    case "create": {
      const c = block.create;
      const attrs: Attr[] = [
        { symbol: "+", name: "partitions", value: String(c.partitions), notes: risksFor(risks, "partitions", style) },
        {
          symbol: "+",
          name: "replication.factor",
          value: String(c.replicationFactor),
          notes: risksFor(risks, "replication.factor", style),
        },
      ];
      for (const [key, value] of Object.entries(c.config)) {
        attrs.push({ symbol: "+", name: `config.${key}`, value: quote(value), notes: risksFor(risks, key, style) });
      }
      return { attrs };
    }
    case "update": {
      const attrs: Attr[] = [];
      if (block.partitions) {
        const p = block.partitions;
        const notes = [
          ...(p.assignments ?? [])
            .slice(0, maxMoves)
            .map((a) => `  new partition ${a.partition}: ${replicas(a.replicas)}`),
          ...((p.assignments?.length ?? 0) > maxMoves
            ? [`  … ${plural((p.assignments?.length ?? 0) - maxMoves, "more new partition")} (see --output json)`]
            : []),
          ...risksFor(risks, "partitions", style),
        ];
        attrs.push({ symbol: "~", name: "partitions", value: `${p.from} -> ${p.to}`, notes });
      }
      if (block.replication) {
        const r = block.replication;
        attrs.push({
          symbol: "~",
          name: "replication.factor",
          value: `${r.from} -> ${r.to}`,
          notes: [...moveLines(r.moves, maxMoves), ...risksFor(risks, "replication.factor", style)],
        });
      }
      const c = block.config;
      if (c) {
        const entries: { key: string; attr: Attr }[] = [
          ...c.set.map((s) => ({
            key: s.key,
            attr: {
              symbol: (s.from === undefined ? "+" : "~") as Symbol,
              name: `config.${s.key}`,
              value: configValue(s),
              notes: risksFor(risks, s.key, style),
            },
          })),
          ...c.delete.map((d) => ({
            key: d.key,
            attr: {
              symbol: "-" as Symbol,
              name: `config.${d.key}`,
              value: `${d.sensitive || d.from === null ? "(sensitive)" : quote(d.from)} -> (inherited)`,
              notes: risksFor(risks, d.key, style),
            },
          })),
        ];
        entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        attrs.push(...entries.map((e) => e.attr));
        return { attrs, hidden: c.unchangedCount };
      }
      return { attrs };
    }
    case "delete":
    case "blocked": {
      const d = block.delete;
      return {
        attrs: [
          { symbol: "-", name: "partitions", value: String(d.partitions), notes: [] },
          { symbol: "-", name: "replication.factor", value: String(d.replicationFactor), notes: [] },
        ],
      };
    }
  }
}

const HEADER: Record<TopicBlock["kind"], string> = {
  create: "will be created",
  update: "will be updated in place",
  delete: "will be destroyed",
  blocked: "is not desired: would delete; pass --allow-delete",
};

const SYMBOL: Record<TopicBlock["kind"], Symbol> = { create: "+", update: "~", delete: "-", blocked: "-" };

function renderBlock(block: TopicBlock, style: Style, maxMoves: number): string[] {
  const symbol = SYMBOL[block.kind];
  const lines = [style.bold(`  # topic ${quote(block.topic)} ${HEADER[block.kind]}`)];
  // risks that are about the whole topic (no key) go under the header, like Terraform's "# forces replacement"
  for (const risk of blockRisks(block).filter((r) => r.key === undefined)) lines.push(`  ${riskLine(risk, style)}`);
  lines.push(`  ${paint(symbol, symbol, style)} topic ${quote(block.topic)} {`);
  const { attrs, hidden } = blockAttrs(block, style, maxMoves);
  const width = Math.max(0, ...attrs.map((a) => a.name.length));
  for (const a of attrs) {
    lines.push(`      ${paint(a.symbol, a.symbol, style)} ${a.name.padEnd(width)} = ${a.value}`);
    for (const note of a.notes) lines.push(`        ${note}`);
  }
  if (hidden !== undefined && hidden > 0) {
    lines.push(style.dim(`        (${plural(hidden, "unchanged config key")} hidden)`));
  }
  lines.push("    }");
  return lines;
}

const LEGEND: Record<Symbol, string> = { "+": "create", "~": "update in place", "-": "destroy" };

function renderAclBlock(block: PrincipalBlock, style: Style): string[] {
  const lines = [style.bold(`  # ACL bindings of ${block.principal}`)];
  for (const action of block.actions) {
    const symbol: Symbol = action.type === "acl.create" ? "+" : "-";
    const notes = [`${action.access} access`];
    if (action.type === "acl.delete" && !action.allowed) notes.push("would delete; pass --allow-delete");
    const note = action.access === "narrows" ? style.red(`(${notes.join("; ")})`) : style.dim(`(${notes.join("; ")})`);
    lines.push(`  ${paint(symbol, symbol, style)} ${bindingPhrase(action.binding)} ${note}`);
    if (action.type === "acl.create") lines.push(style.dim(`      from ${originsPhrase(action.origins)}`));
    for (const risk of extraRisks(action)) lines.push(`      ${riskLine(risk, style)}`);
  }
  return lines;
}

function legendLines(plan: Plan, style: Style): string[] {
  const symbols = new Set<Symbol>(topicBlocks(plan.actions).map((b) => SYMBOL[b.kind]));
  for (const a of plan.actions) if (a.type === "acl.create" || a.type === "subject.register") symbols.add("+");
  for (const a of plan.actions) if (a.type === "acl.delete" || a.type === "subject.delete") symbols.add("-");
  for (const a of plan.actions) if (a.type === "subject.set-compatibility") symbols.add("~");
  return [
    "Symbols:",
    ...(["+", "~", "-"] as const).filter((x) => symbols.has(x)).map((s) => `  ${paint(s, s, style)} ${LEGEND[s]}`),
  ];
}

/** The topic, ACL and subject blocks of the plan's actions (a drift plan renders its two parts with this). */
function actionLines(plan: Plan, style: Style, maxMoves: number): string[] {
  const out: string[] = [];
  for (const block of topicBlocks(plan.actions)) out.push(...renderBlock(block, style, maxMoves), "");
  for (const block of aclBlocks(plan.actions)) out.push(...renderAclBlock(block, style), "");
  out.push(...subjectTextLines(plan, style));
  return out;
}

export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const style = options.style ?? plainStyle;
  const maxMoves = options.maxMoves ?? 20;
  const maxUnmanaged = options.maxUnmanaged ?? 10;
  const out: string[] = [
    style.bold(`kgov plan: cluster ${quote(plan.target.clusterId)} (${plural(plan.target.brokers, "broker")})`),
    ...(plan.registry
      ? [style.dim(`Schema Registry: ${plan.registry.url} (read in ${plural(plan.registry.requests, "request")})`)]
      : []),
    "",
  ];
  if (plan.actions.length > 0) {
    out.push(...legendLines(plan, style), "");
    if (plan.drift) {
      const { drift, changes } = splitDrift(plan);
      const files = plan.drift.base === null ? "the files" : `the files at ${plan.drift.base}`;
      out.push(style.bold(`Drift (changed outside kgov; ${files} would change it back):`), "");
      out.push(...(drift.length > 0 ? actionLines({ ...plan, actions: drift }, style, maxMoves) : ["  none", ""]));
      if (plan.drift.base !== null) {
        out.push(style.bold("Changes the files ask for:"), "");
        out.push(
          ...(changes.length > 0 ? actionLines({ ...plan, actions: changes }, style, maxMoves) : ["  none", ""]),
        );
      }
    } else {
      out.push("kgov will perform the following actions:", "", ...actionLines(plan, style, maxMoves));
    }
  }
  if (plan.unmanaged.length > 0) {
    const shown = plan.unmanaged.slice(0, maxUnmanaged).join(", ");
    const more = plan.unmanaged.length > maxUnmanaged ? `, and ${plan.unmanaged.length - maxUnmanaged} more` : "";
    out.push(
      style.dim(
        `${plural(plan.unmanaged.length, "live topic")} outside settings.scope.topicPrefixes ${plan.unmanaged.length === 1 ? "is" : "are"} not managed: ${shown}${more}`,
      ),
      "",
    );
  }
  if (plan.appTopics.length > 0) {
    const shown = plan.appTopics.slice(0, maxUnmanaged).join(", ");
    const more = plan.appTopics.length > maxUnmanaged ? `, and ${plan.appTopics.length - maxUnmanaged} more` : "";
    out.push(
      style.dim(
        `${plural(plan.appTopics.length, "live topic")} of declared Streams and Connect apps ${plan.appTopics.length === 1 ? "is" : "are"} left to them: ${shown}${more}`,
      ),
      "",
    );
  }
  if ((options.diagnostics ?? true) && plan.diagnostics.length > 0) {
    out.push(
      renderDiagnosticsText(plan.diagnostics, { style, ...(options.sources ? { sources: options.sources } : {}) }),
    );
  }
  if (plan.unmanagedAcls > 0) {
    out.push(
      style.dim(
        `${plural(plan.unmanagedAcls, "live ACL binding")} of principals kgov does not own (settings.scope.principals and services) ${plan.unmanagedAcls === 1 ? "is" : "are"} not managed.`,
      ),
      "",
    );
  }
  const summary = summarySentences(plan).join(" ");
  out.push(isCleanNoop(plan) ? style.green(summary) : style.bold(summary));
  if (plan.access.length > 0) {
    out.push("", style.bold("Access changes (what applying this plan grants and takes away):"));
    for (const line of accessLines(plan.access)) out.push(`  ${line}`);
  }
  return `${out.join("\n")}\n`;
}
