/**
 * Reading every topic's configs is the one large request of a plan: the broker builds each topic's ~40 entries on
 * one request handler thread, so one DescribeConfigs for 10,000 topics keeps one thread busy for over a second while
 * the rest of the broker (and the other brokers) idle. Split into a few parts sent at once — first to the other
 * brokers (any broker answers for topic resources), then over more connections to the same ones — the brokers'
 * handler threads build the parts side by side. The parts go out together, so a plan still waits for one round of
 * requests.
 */
import type * as KafkaModule from "@platformatic/kafka";

type KafkaLibrary = typeof KafkaModule;
type Pool = InstanceType<KafkaLibrary["ConnectionPool"]>;
type PoolOptions = ConstructorParameters<KafkaLibrary["ConnectionPool"]>[1];
type Connection = Awaited<ReturnType<Pool["get"]>>;

/** At most this many parts: past four, the broker's threads and this process's decoding are the limit. */
export const DESCRIBE_PARTS = 4;
/** Fewer topics than this per part are not worth an extra connection (its SASL exchange costs round trips). */
export const TOPICS_PER_PART = 1_000;

export interface DescribePart {
  readonly brokerId: number;
  /** 0: the client's own connection to the broker; n ≥ 1: the n-th extra connection to it. */
  readonly lane: number;
  readonly names: readonly string[];
}

/**
 * Splits `names` into contiguous parts over `brokerIds`: part i goes to broker i mod B on lane ⌊i / B⌋. Fewer than
 * 2 × `topicsPerPart` topics stay one part, on the first broker.
 */
export function spreadDescribe(
  names: readonly string[],
  brokerIds: readonly number[],
  topicsPerPart = TOPICS_PER_PART,
): DescribePart[] {
  const count = Math.max(1, Math.min(DESCRIBE_PARTS, Math.floor(names.length / topicsPerPart)));
  const size = Math.ceil(names.length / count);
  return Array.from({ length: count }, (_, i) => ({
    brokerId: brokerIds[i % brokerIds.length] as number,
    lane: Math.floor(i / brokerIds.length),
    names: names.slice(i * size, (i + 1) * size),
  }));
}

/**
 * The extra connections of lanes 1 and up: one connection pool per lane, opened with the client's own options (SASL,
 * TLS, timeouts), so each lane holds at most one connection per broker. `watch` sees every connection it opens (or
 * fails to), to keep its socket errors for classification.
 */
export class ExtraLanes {
  readonly #pools: Pool[] = [];
  readonly #lib: KafkaLibrary;
  readonly #clientId: string;
  readonly #options: PoolOptions;
  readonly #watch: (connection: Connection) => void;

  constructor(lib: KafkaLibrary, clientId: string, options: PoolOptions, watch: (connection: Connection) => void) {
    this.#lib = lib;
    this.#clientId = clientId;
    this.#options = options;
    this.#watch = watch;
  }

  get(lane: number, broker: { readonly host: string; readonly port: number }): Promise<Connection> {
    let pool = this.#pools[lane - 1];
    if (!pool) {
      pool = new this.#lib.ConnectionPool(this.#clientId, this.#options);
      pool.on("connect", ({ connection }: { connection: Connection }) => this.#watch(connection));
      pool.on("failed", ({ connection }: { connection: Connection }) => this.#watch(connection));
      this.#pools[lane - 1] = pool;
    }
    return pool.get({ host: broker.host, port: broker.port });
  }

  async close(): Promise<void> {
    await Promise.all(this.#pools.map((pool) => pool.close().catch(() => undefined)));
  }
}
