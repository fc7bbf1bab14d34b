import { displayUrl } from "../../core/connection/registry-settings.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import type { RegistrySettings } from "../../ports/registry.js";

/** Where requests go and how they authenticate, derived once from the settings. */
export interface RegistryEndpoint {
  /**
   * Origin and base path, without user info, query or trailing slash: request paths are appended to it, and messages
   * show it.
   */
  readonly base: string;
  readonly isHttps: boolean;
  /** The Authorization header value, when there are credentials. */
  readonly authorization?: string;
  /** Credentials to strip from any text that came from outside kgov. */
  readonly secrets: readonly string[];
}

/**
 * Parses the base URL. Credentials in the URL (`https://user:pass@host`) are taken out of it (fetch refuses such URLs
 * anyway) and used as basic auth when the settings give no other; explicit settings win.
 */
export function registryEndpoint(settings: RegistrySettings): RegistryEndpoint | Diagnostic {
  const url = URL.canParse(settings.url) ? new URL(settings.url) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return {
      code: "connection/invalid-config",
      severity: "error",
      message: `The Schema Registry URL \`${displayUrl(settings.url)}\` is not an http:// or https:// URL`,
      fix: "Give the registry's base URL, e.g. https://schema-registry.example.com:8081.",
    };
  }
  const fromUrl =
    url.username !== ""
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  url.username = "";
  url.password = "";
  const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  const auth = settings.auth ?? (fromUrl ? { kind: "basic" as const, ...fromUrl } : undefined);
  const secrets = [fromUrl?.password, auth?.kind === "basic" ? auth.password : auth?.token, settings.tls?.keyPassword];
  return {
    base,
    isHttps: url.protocol === "https:",
    ...(auth
      ? {
          authorization:
            auth.kind === "basic"
              ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`
              : `Bearer ${auth.token}`,
        }
      : {}),
    secrets: secrets.filter((s): s is string => s !== undefined && s.length >= 4),
  };
}

/** Removes every credential from text the registry or the network stack wrote (defence in depth). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("<redacted>"), text);
}
