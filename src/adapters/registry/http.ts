import { setTimeout as sleep } from "node:timers/promises";
import type { Agent } from "undici";
import type { RegistrySettings, RegistryTraffic } from "../../ports/registry.js";
import { createAgent } from "./agent.js";
import type { RegistryEndpoint } from "./endpoint.js";
import type { FailureContext, RegistryAnswer } from "./errors.js";
import { isRetryableTransportError, transportFailure } from "./network-errors.js";
import { Semaphore } from "./semaphore.js";

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_CONCURRENCY = 16;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2_000;
/** A Retry-After longer than this is not waited for: kgov gives up and reports it rather than hang a CI job. */
const MAX_RETRY_AFTER_MS = 10_000;

const MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RegistryRequest {
  readonly method: HttpMethod;
  /** Below the base URL, starting with `/`, already encoded. */
  readonly path: string;
  readonly body?: unknown;
  /** What kgov is doing, for diagnostics: `list the versions of subject "orders-value"`. */
  readonly operation: string;
  readonly withReferences?: boolean;
}

interface Attempt extends Omit<RegistryAnswer, "attempts"> {
  readonly retryAfterMs?: number;
}

/**
 * Sends registry requests: bounded concurrency (a semaphore around each attempt, so callers may fire thousands at
 * once), a timeout per attempt that covers reading the body, and bounded retries with jittered exponential backoff on
 * 5xx, 429 and network failures. Other 4xx answers are never retried. Every write kgov sends is safe to repeat
 * (registering a schema the subject holds answers its id; config PUTs set a value); the caller handles a retried
 * DELETE that finds its work done.
 */
export class RegistryHttp {
  readonly endpoint: RegistryEndpoint;
  readonly #settings: RegistrySettings;
  readonly #cwd: string;
  readonly #concurrency: number;
  readonly #slots: Semaphore;
  readonly #timeoutMs: number;
  readonly #retries: number;
  #agent?: Promise<Agent>;
  #closed?: Promise<void>;
  readonly #traffic = { requests: 0, retries: 0, byMethod: {} as Record<string, number> };

  constructor(settings: RegistrySettings, endpoint: RegistryEndpoint, cwd: string) {
    this.endpoint = endpoint;
    this.#settings = settings;
    this.#cwd = cwd;
    this.#concurrency = Math.max(1, Math.floor(settings.concurrency ?? DEFAULT_CONCURRENCY));
    this.#slots = new Semaphore(this.#concurrency);
    this.#timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retries = Math.max(0, settings.retries ?? DEFAULT_RETRIES);
  }

  /** The answer after retries, whatever its status; throws only when no answer came (or the TLS files are unusable). */
  async send(request: RegistryRequest): Promise<RegistryAnswer> {
    const agent = await this.#dispatcher();
    const context = failureContext(request, this.endpoint);
    for (let attempt = 1; ; attempt++) {
      const last = attempt > this.#retries;
      let waitMs: number;
      try {
        const answer = await this.#slots.run(() => this.#attempt(request, agent, attempt));
        const delay = retryable(answer.status) && !last ? answerDelay(attempt, answer.retryAfterMs) : undefined;
        if (delay === undefined) return { status: answer.status, body: answer.body, attempts: attempt };
        waitMs = delay;
      } catch (error) {
        if (last || !isRetryableTransportError(error)) {
          throw transportFailure(error, context, { attempts: attempt, timeoutMs: this.#timeoutMs });
        }
        waitMs = backoff(attempt);
      }
      await sleep(waitMs);
    }
  }

  traffic(): RegistryTraffic {
    return { ...this.#traffic, byMethod: { ...this.#traffic.byMethod } };
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      const agent = await this.#agent?.catch(() => undefined);
      await agent?.close();
    })();
    return this.#closed;
  }

  /** Created on first use: reading the TLS files is asynchronous, and a client that sends nothing reads none. */
  #dispatcher(): Promise<Agent> {
    this.#agent ??= createAgent(this.#settings, this.endpoint, this.#concurrency, this.#cwd);
    return this.#agent;
  }

  async #attempt(request: RegistryRequest, agent: Agent, attempt: number): Promise<Attempt> {
    this.#traffic.requests++;
    if (attempt > 1) this.#traffic.retries++;
    this.#traffic.byMethod[request.method] = (this.#traffic.byMethod[request.method] ?? 0) + 1;
    const response = await fetch(`${this.endpoint.base}${request.path}`, {
      method: request.method,
      headers: {
        Accept: MEDIA_TYPE,
        ...(request.body !== undefined ? { "Content-Type": MEDIA_TYPE } : {}),
        ...(this.endpoint.authorization ? { Authorization: this.endpoint.authorization } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      // The same signal aborts reading the body, so a registry that stalls mid-answer times out too.
      signal: AbortSignal.timeout(this.#timeoutMs),
      dispatcher: agent,
    } as RequestInit);
    const text = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    return { status: response.status, body: parseBody(text), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
}

export function failureContext(request: RegistryRequest, endpoint: RegistryEndpoint): FailureContext {
  return {
    operation: request.operation,
    endpoint,
    ...(request.withReferences ? { withReferences: true } : {}),
  };
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** "Equal jitter": half the exponential step plus a random half, so clients that failed together retry apart. */
function backoff(attempt: number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return step / 2 + Math.random() * (step / 2);
}

/** A Retry-After the registry sent is honoured when it is short, and ends the retries when it is not. */
function answerDelay(attempt: number, retryAfterMs: number | undefined): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
  return Math.max(retryAfterMs ?? 0, backoff(attempt));
}

/** Retry-After is delay-seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
