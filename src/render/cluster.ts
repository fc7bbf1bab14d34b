import type { ConnectionDescription } from "../core/connection/index.js";
import type { Diagnostic } from "../core/diagnostics/index.js";
import { diagnosticsDocument, type DiagnosticsDocument } from "./diagnostics.js";
import { plainStyle, type Style } from "./style.js";

/** What `kgov cluster check` found, in kgov's own terms (mirrors the port's ClusterInfo). */
export interface ClusterSummary {
  clusterId: string;
  controllerId: number;
  brokers: { id: number; host: string; port: number; rack: string | null }[];
  /** Cluster-level ACL operations the principal has; absent when the broker did not report them. */
  authorizedOperations?: string[];
}

export interface ClusterCheckResult {
  connection?: ConnectionDescription;
  /** One line describing the connection, without secrets (see summarizeConnection). */
  connectionSummary?: string;
  principal?: string;
  cluster?: ClusterSummary;
  elapsedMs?: number;
  diagnostics: readonly Diagnostic[];
}

export interface ClusterCheckDocument extends DiagnosticsDocument {
  connection: ConnectionDescription | null;
  cluster: ClusterSummary | null;
}

/** The JSON contract of `kgov cluster check --output json` (formatVersion shared with the diagnostics document). */
export function clusterCheckDocument(result: ClusterCheckResult): ClusterCheckDocument {
  return {
    ...diagnosticsDocument(result.diagnostics),
    connection: result.connection ?? null,
    cluster: result.cluster ?? null,
  };
}

/** The human result on stdout. Diagnostics are rendered separately, to stderr. */
export function renderClusterCheckText(result: ClusterCheckResult, style: Style = plainStyle): string {
  const { cluster } = result;
  if (!cluster) {
    const target = result.connectionSummary ? ` (${result.connectionSummary})` : "";
    return `${style.red("✗")} Could not check the Kafka cluster${target}\n`;
  }
  const lines: string[] = [];
  const took = result.elapsedMs !== undefined ? ` in ${Math.round(result.elapsedMs)} ms` : "";
  lines.push(`${style.green("✓")} Connected to Kafka cluster ${style.bold(cluster.clusterId)}${took}`);
  const label = (s: string): string => style.dim(s.padEnd(12));
  if (result.connectionSummary) lines.push(`  ${label("connection")} ${result.connectionSummary}`);
  lines.push(`  ${label("controller")} ${cluster.controllerId}`);
  lines.push(`  ${label("brokers")} ${cluster.brokers.length}`);
  const rows = cluster.brokers.map((b) => [
    String(b.id),
    b.host.includes(":") ? `[${b.host}]:${b.port}` : `${b.host}:${b.port}`,
    b.rack ?? "-",
  ]);
  const header = ["id", "address", "rack"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const row = (cells: string[]): string =>
    `    ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join("  ")}`;
  lines.push(style.dim(row(header)));
  for (const r of rows) lines.push(row(r));
  if (cluster.authorizedOperations) {
    const who = result.principal ? ` (${result.principal})` : "";
    const ops = cluster.authorizedOperations.length > 0 ? cluster.authorizedOperations.join(", ") : "none";
    lines.push(`  ${label("permissions")} ${ops} on the cluster${who}`);
  }
  return `${lines.join("\n")}\n`;
}
