import type { Command } from "@commander-js/extra-typings";
import { describeConnection, summarizeConnection } from "../../core/connection/index.js";
import { hasErrors, type Diagnostic } from "../../core/diagnostics/index.js";
import { KafkaPortError } from "../../ports/kafka.js";
import { clusterCheckDocument, renderClusterCheckText, type ClusterCheckResult } from "../../render/cluster.js";
import { addConnectionOptions, resolveCliConnection } from "../connection-options.js";
import { ExitCode } from "../exit-codes.js";
import type { ContextFactory, Outcome } from "./index.js";

const CHECK_HELP = `
Connects with the given settings, then prints the cluster id, the controller and every broker (id, address, rack),
plus the cluster-level permissions of the connected principal. Nothing is changed on the cluster.
On KRaft clusters the reported controller is a live broker picked by the cluster, not the active quorum controller.

Output: --output text (default) or json (versioned document with "connection" and "cluster"), or github-actions.
Exit: 0 connected, 1 not (unreachable, authentication, authorization, TLS or configuration problem).`;

export function registerClusterCommand(
  program: Command<[], Record<string, unknown>>,
  context: ContextFactory,
  outcome: Outcome,
): void {
  const cluster = program.command("cluster").description("Inspect the Kafka cluster kgov connects to.");
  addConnectionOptions(
    cluster
      .command("check")
      .description("Check that kgov can connect to Kafka, and show the cluster's id, controller and brokers.")
      .addHelpText("after", CHECK_HELP),
  ).action(async (options) => {
    const ctx = context();
    ctx.requireOutput(["text", "json", "github-actions"]);
    const result = await checkCluster(options, ctx.io);
    if (ctx.output === "json") {
      ctx.io.stdout.write(`${JSON.stringify(clusterCheckDocument(result), null, 2)}\n`);
    } else {
      ctx.reportDiagnostics(result.diagnostics);
      if (ctx.output === "text") ctx.io.stdout.write(renderClusterCheckText(result, ctx.stdoutStyle));
    }
    outcome.code = result.cluster && !hasErrors(result.diagnostics) ? ExitCode.SUCCESS : ExitCode.TOOL_FAILURE;
  });
}

async function checkCluster(
  options: Parameters<typeof resolveCliConnection>[0],
  io: Parameters<typeof resolveCliConnection>[1],
): Promise<ClusterCheckResult> {
  const resolved = await resolveCliConnection(options, io);
  const settings = resolved.settings;
  const diagnostics: Diagnostic[] = [...resolved.diagnostics];
  if (!settings) return { diagnostics };

  const base: ClusterCheckResult = {
    connection: describeConnection(settings),
    connectionSummary: summarizeConnection(settings),
    ...(settings.sasl ? { principal: `User:${settings.sasl.username}` } : {}),
    diagnostics,
  };
  // Loaded only now: the adapter pulls in the Kafka client, which --help and validate must never pay for.
  const { createKafkaCluster } = await import("../../adapters/kafka/cluster.js");
  const port = createKafkaCluster(settings, { cwd: io.cwd, ...(io.signal ? { signal: io.signal } : {}) });
  const started = performance.now();
  try {
    const info = await port.describeCluster();
    return {
      ...base,
      cluster: {
        clusterId: info.clusterId,
        controllerId: info.controllerId,
        brokers: info.brokers.map((b) => ({ id: b.id, host: b.host, port: b.port, rack: b.rack })),
        ...(info.authorizedOperations ? { authorizedOperations: [...info.authorizedOperations] } : {}),
      },
      elapsedMs: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof KafkaPortError) return { ...base, diagnostics: [...diagnostics, ...error.diagnostics] };
    throw error;
  } finally {
    await port.close();
  }
}
