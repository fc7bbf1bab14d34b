import type { Diagnostic } from "../core/diagnostics/index.js";
import { sortDiagnostics } from "../core/diagnostics/index.js";
import { splitDrift } from "../core/plan/drift.js";
import type { Plan } from "../core/plan/types.js";
import { formatLocation } from "./diagnostics.js";
import { blockRisks, plural, riskKinds, summarySentences, topicBlocks, type TopicBlock } from "./plan-common.js";
import { accessLines, aclBlocks, bindingPhrase, extraRisks, originsPhrase } from "./plan-acls.js";
import { renderPlanText } from "./plan-text.js";
import { referencesPhrase, subjectActions, verdictPhrase } from "./plan-subjects.js";

/**
 * The plan as GitHub-flavoured Markdown for a pull-request comment: a heading, the summary, one table row per topic
 * with its risks, the plan's diagnostics, and the full text plan folded in a <details> block.
 */

/** Table cells and inline text: escape what Markdown would interpret; newlines become spaces. */
function escapeCell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

/** Inline code that survives backticks in the value; `|` stays escaped because GFM tables split on it even there. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

const ACTION: Record<TopicBlock["kind"], string> = {
  create: "+ create",
  update: "~ update",
  delete: "- delete",
  blocked: "blocked delete",
};

function changes(block: TopicBlock): string {
  switch (block.kind) {
    case "create": {
      const c = block.create;
      const keys = Object.keys(c.config).length;
      return `${plural(c.partitions, "partition")}, replication factor ${c.replicationFactor}${keys > 0 ? `, ${plural(keys, "config key")}` : ""}`;
    }
    case "update": {
      const parts: string[] = [];
      if (block.config) {
        const keys = [...block.config.set.map((s) => s.key), ...block.config.delete.map((d) => d.key)].sort();
        parts.push(`config ${keys.map(code).join(", ")}`);
      }
      if (block.partitions) parts.push(`partitions ${block.partitions.from} → ${block.partitions.to}`);
      if (block.replication) {
        const r = block.replication;
        parts.push(`replication factor ${r.from} → ${r.to} (${plural(r.moves.length, "partition")} reassigned)`);
      }
      return parts.join("; ");
    }
    case "delete":
      return `${plural(block.delete.partitions, "partition")}, replication factor ${block.delete.replicationFactor}`;
    case "blocked":
      return "would delete; pass `--allow-delete`";
  }
}

function risksCell(block: TopicBlock): string {
  const kinds = riskKinds(blockRisks(block));
  return kinds.length === 0 ? "" : `**${kinds.join(", ")}**`;
}

function diagnosticItem(d: Diagnostic): string {
  const where = formatLocation(d);
  const parts = [`**${d.severity}** ${code(d.code)}${where ? ` at ${code(where)}` : ""}: ${escapeCell(d.message)}`];
  if (d.fix) parts.push(`Fix: ${escapeCell(d.fix)}`);
  return `- ${parts.join(" — ")}`;
}

/** The topic, ACL and subject tables of the plan's actions (a drift plan renders its two parts with this). */
function actionTables(plan: Plan): string[] {
  const out: string[] = [];
  const blocks = topicBlocks(plan.actions);
  if (blocks.length > 0) {
    out.push("| Action | Topic | Changes | Risks |", "| --- | --- | --- | --- |");
    for (const b of blocks) out.push(`| ${ACTION[b.kind]} | ${code(b.topic)} | ${changes(b)} | ${risksCell(b)} |`);
    out.push("");
  }
  const acls = aclBlocks(plan.actions);
  if (acls.length > 0) {
    out.push("| Action | Principal | Binding | From | Risks |", "| --- | --- | --- | --- | --- |");
    for (const block of acls) {
      for (const a of block.actions) {
        const action = a.type === "acl.create" ? "+ add" : a.allowed ? "- remove" : "blocked remove";
        const from = a.type === "acl.create" ? escapeCell(originsPhrase(a.origins)) : "";
        const risks = [`${a.access} access`, ...extraRisks(a).map((r) => `${r.kind}: ${r.reason}`)];
        const cell = a.access === "narrows" || risks.length > 1 ? `**${escapeCell(risks.join("; "))}**` : risks[0];
        out.push(
          `| ${action} | ${code(block.principal)} | ${escapeCell(bindingPhrase(a.binding))} | ${from} | ${cell} |`,
        );
      }
    }
    out.push("");
  }
  const subjects = subjectActions(plan);
  if (subjects.length > 0) {
    out.push("| Action | Subject | Change | Compatibility | Risks |", "| --- | --- | --- | --- | --- |");
    for (const a of subjects) {
      const risks =
        a.risks.length > 0 ? `**${escapeCell(a.risks.map((r) => `${r.kind}: ${r.reason}`).join("; "))}**` : "";
      if (a.type === "subject.set-compatibility") {
        out.push(`| ~ level | ${code(a.subject)} | ${a.from ?? "(unknown)"} → ${a.to} | | ${risks} |`);
      } else if (a.type === "subject.register") {
        const refs = a.references.length > 0 ? `; references ${escapeCell(referencesPhrase(a))}` : "";
        const next = a.fromVersion === null ? "first version" : `new version after v${a.fromVersion}`;
        const verdict = escapeCell(verdictPhrase(a.compatibility));
        const bad =
          a.compatibility.registry.status === "incompatible" || a.compatibility.kgov.status === "incompatible";
        out.push(
          `| + register | ${code(a.subject)} | ${next} from ${code(a.file)}${refs} | ${bad ? `**${verdict}**` : verdict} | ${risks} |`,
        );
      } else {
        const action = a.allowed ? (a.permanent ? "- delete (permanent)" : "- delete") : "blocked delete";
        const change = a.allowed ? plural(a.versions, "version") : "would delete; pass `--allow-delete`";
        out.push(`| ${action} | ${code(a.subject)} | ${change} | | ${risks} |`);
      }
    }
    out.push("");
  }
  return out;
}

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [
    `### kgov plan: cluster ${code(plan.target.clusterId)} (${plural(plan.target.brokers, "broker")})`,
    "",
    ...(plan.registry ? [`Schema Registry: ${code(plan.registry.url)}`, ""] : []),
    summarySentences(plan, "`--allow-delete`")
      .map((s, i) => (i === 0 ? `**${s}**` : s))
      .join(" "),
    "",
  ];
  if (plan.drift) {
    const { drift, changes } = splitDrift(plan);
    const files = plan.drift.base === null ? "The files" : `The files at ${code(plan.drift.base)}`;
    out.push("#### Drift (changed outside kgov)", "", `${files} would change these back.`, "");
    out.push(...(drift.length > 0 ? actionTables({ ...plan, actions: drift }) : ["None.", ""]));
    if (plan.drift.base !== null) {
      out.push("#### Changes the files ask for", "");
      out.push(...(changes.length > 0 ? actionTables({ ...plan, actions: changes }) : ["None.", ""]));
    }
  } else out.push(...actionTables(plan));
  if (plan.diagnostics.length > 0) {
    out.push(`#### ${plural(plan.diagnostics.length, "problem")}`, "");
    for (const d of sortDiagnostics(plan.diagnostics)) out.push(diagnosticItem(d));
    out.push("");
  }
  if (plan.unmanaged.length > 0) {
    out.push(
      "<details><summary>" +
        `${plural(plan.unmanaged.length, "live topic")} outside <code>settings.scope.topicPrefixes</code> (not managed)` +
        "</summary>",
      "",
      plan.unmanaged.map(code).join(", "),
      "",
      "</details>",
      "",
    );
  }
  if (plan.appTopics.length > 0) {
    out.push(
      "<details><summary>" +
        `${plural(plan.appTopics.length, "live topic")} of declared Streams and Connect apps (left to them)` +
        "</summary>",
      "",
      plan.appTopics.map(code).join(", "),
      "",
      "</details>",
      "",
    );
  }
  if (plan.unmanagedAcls > 0) {
    const verb = plan.unmanagedAcls === 1 ? "is" : "are";
    out.push(
      `${plural(plan.unmanagedAcls, "live ACL binding")} of principals kgov does not own ${verb} not managed.`,
      "",
    );
  }
  if (plan.actions.length > 0) {
    const text = renderPlanText(plan, { diagnostics: false });
    out.push("<details><summary>Plan details</summary>", "", fenced(text), "", "</details>", "");
  }
  if (plan.access.length > 0) {
    out.push("#### Access changes", "");
    for (const line of accessLines(plan.access)) out.push(`- ${escapeCell(line)}`);
    out.push("");
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
