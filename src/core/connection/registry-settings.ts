import type { Diagnostic } from "../diagnostics/index.js";
import type { DesiredEnvironment } from "../model/desired.js";
import { resolvePath } from "./desired-environment.js";

/** Where the Schema Registry connection comes from, highest precedence first. */
export const REGISTRY_ENV_VARS = {
  url: "KGOV_REGISTRY_URL",
  username: "KGOV_REGISTRY_USERNAME",
  password: "KGOV_REGISTRY_PASSWORD",
  token: "KGOV_REGISTRY_TOKEN",
} as const;

export interface RegistryConnection {
  readonly url: string;
  readonly auth?:
    | { readonly kind: "basic"; readonly username: string; readonly password: string }
    | { readonly kind: "bearer"; readonly token: string };
  readonly tls?: { caFile?: string; certFile?: string; keyFile?: string; keyPassword?: string };
  readonly timeoutMs?: number;
}

/** The URL as it may be shown: user info (`user:password@`) removed. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//");
  }
}

/**
 * The registry connection for plan, apply and test-compat: --registry-url, then KGOV_REGISTRY_URL, then the selected
 * environment's `registry` block; credentials from KGOV_REGISTRY_* variables, else from that block (`${env:…}`
 * resolved). Undefined when no URL is configured: the caller decides whether that is fine. Never includes a secret in
 * a diagnostic.
 */
export function resolveRegistryConnection(
  flagUrl: string | undefined,
  variables: Readonly<Record<string, string | undefined>>,
  environment: DesiredEnvironment | undefined,
): { connection?: RegistryConnection; diagnostics: Diagnostic[] } {
  const block = environment?.registry;
  const nonEmpty = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
  const url = nonEmpty(flagUrl) ?? nonEmpty(variables[REGISTRY_ENV_VARS.url]) ?? nonEmpty(block?.url);
  if (url === undefined) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  if (!/^https?:\/\/[^/]/i.test(url)) {
    diagnostics.push({
      code: "connection/invalid-config",
      severity: "error",
      message: `The Schema Registry URL \`${displayUrl(url)}\` is not an http:// or https:// URL`,
      fix: "Give the registry's base URL, e.g. https://schema-registry.example.com:8081.",
    });
    return { diagnostics };
  }
  const username = nonEmpty(variables[REGISTRY_ENV_VARS.username]) ?? nonEmpty(block?.username);
  const password = nonEmpty(variables[REGISTRY_ENV_VARS.password]) ?? nonEmpty(block?.password);
  const token = nonEmpty(variables[REGISTRY_ENV_VARS.token]) ?? nonEmpty(block?.token);
  if (token !== undefined && username !== undefined) {
    diagnostics.push({
      code: "connection/invalid-config",
      severity: "error",
      message: "The Schema Registry connection has both a bearer token and a username",
      fix: "Use either registry.token (KGOV_REGISTRY_TOKEN) or registry.username and password, not both.",
    });
    return { diagnostics };
  }
  if ((username === undefined) !== (password === undefined)) {
    diagnostics.push({
      code: "connection/invalid-config",
      severity: "error",
      message: `The Schema Registry connection has a ${username === undefined ? "password" : "username"} but no ${username === undefined ? "username" : "password"}`,
      fix: "Set both registry.username and registry.password (or KGOV_REGISTRY_USERNAME and KGOV_REGISTRY_PASSWORD).",
    });
    return { diagnostics };
  }
  const tls = block?.tls && environment ? resolveTls(block.tls, environment) : undefined;
  const connection: RegistryConnection = {
    url,
    ...(token !== undefined ? { auth: { kind: "bearer", token } } : {}),
    ...(username !== undefined && password !== undefined ? { auth: { kind: "basic", username, password } } : {}),
    ...(tls ? { tls } : {}),
    ...(block?.timeoutMs !== undefined ? { timeoutMs: block.timeoutMs } : {}),
  };
  return { connection, diagnostics };
}

function resolveTls(
  tls: NonNullable<NonNullable<DesiredEnvironment["registry"]>["tls"]>,
  environment: DesiredEnvironment,
): RegistryConnection["tls"] {
  return {
    ...(tls.caFile !== undefined ? { caFile: resolvePath(tls.caFile, environment) } : {}),
    ...(tls.certFile !== undefined ? { certFile: resolvePath(tls.certFile, environment) } : {}),
    ...(tls.keyFile !== undefined ? { keyFile: resolvePath(tls.keyFile, environment) } : {}),
    ...(tls.keyPassword !== undefined ? { keyPassword: tls.keyPassword } : {}),
  };
}
