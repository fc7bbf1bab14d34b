import { Agent } from "undici";
import { Secret, type PemSource, type TlsSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import { RegistryPortError, type RegistrySettings } from "../../ports/registry.js";
import { loadTlsMaterial, nodeTlsOptions } from "../kafka/tls.js";
import type { RegistryEndpoint } from "./endpoint.js";

/** Idle keep-alive connections are kept this long: a plan's bursts of requests reuse them. */
const KEEP_ALIVE_MS = 30_000;

const TLS_FIX =
  "Check registry.tls.caFile, certFile and keyFile in the environment (PEM files; relative paths are resolved against the environment file's folder, else the working directory) and registry.tls.keyPassword for an encrypted key.";

/**
 * The undici Agent every request goes through: keep-alive connections, at most `connections` per origin, and the
 * registry's TLS material (CA, client certificate and key for mutual TLS), read and checked the way the Kafka adapter
 * reads its own (same PEM checks, same trial secure context).
 *
 * undici 7 is pinned on purpose: its Agent accepts both the handler shape of the fetch built into Node 22 and 24 and
 * the newer one of Node 26, while undici 8 rejects the older shape. Unusable TLS files throw registry/tls-failed.
 */
export async function createAgent(
  settings: RegistrySettings,
  endpoint: RegistryEndpoint,
  connections: number,
  cwd: string,
): Promise<Agent> {
  const pool = { connections, keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS };
  if (!endpoint.isHttps || !settings.tls) return new Agent(pool);
  const loaded = await loadTlsMaterial(tlsSettings(settings.tls), cwd);
  const problem = loaded.diagnostics[0];
  if (problem || !loaded.material) throw new RegistryPortError(tlsFilesProblem(problem, endpoint));
  return new Agent({ ...pool, connect: nodeTlsOptions(loaded.material) });
}

function tlsSettings(tls: NonNullable<RegistrySettings["tls"]>): TlsSettings {
  const file = (path: string | undefined): PemSource | undefined =>
    path === undefined ? undefined : { kind: "file", path };
  const ca = file(tls.caFile);
  const cert = file(tls.certFile);
  const key = file(tls.keyFile);
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(tls.keyPassword !== undefined ? { keyPassword: new Secret(tls.keyPassword) } : {}),
    verifyHostname: true,
  };
}

/**
 * The Kafka adapter's diagnostic, re-labelled for the registry: its message and reason name the file and what is
 * wrong with it; its fix names Kafka's flags, so it is replaced, except the conversion commands for JKS and DER files.
 */
function tlsFilesProblem(problem: Diagnostic | undefined, endpoint: RegistryEndpoint): Diagnostic {
  const keepFix = problem?.code === "connection/unsupported" && problem.fix !== undefined;
  return {
    code: "registry/tls-failed",
    severity: "error",
    message: `${problem?.message ?? "The TLS files cannot be used"} (TLS for the Schema Registry at ${endpoint.base})`,
    why: `kgov reads the registry's TLS files before its first request. ${problem?.why ?? ""}`.trim(),
    fix: keepFix ? `${problem.fix} ${TLS_FIX}` : TLS_FIX,
  };
}
