/**
 * The body of a DescribeConfigs v4 response, read straight from its bytes. The client library's decoder goes through
 * a byte-at-a-time reader over a buffer list and builds an object per config entry (synonyms and documentation
 * included); for the one request in which a plan describes every topic (10,000 topics × ~40 entries) that was most
 * of the plan's CPU time and memory. This reader keeps only what kgov uses and hands it to a visitor.
 *
 *   body    => throttle_time_ms:INT32 [results] TAG_BUFFER
 *   results => error_code:INT16 error_message:COMPACT_NULLABLE_STRING resource_type:INT8 resource_name:COMPACT_STRING
 *              [configs] TAG_BUFFER
 *   configs => name:COMPACT_STRING value:COMPACT_NULLABLE_STRING read_only:BOOLEAN config_source:INT8
 *              is_sensitive:BOOLEAN [synonyms] config_type:INT8 documentation:COMPACT_NULLABLE_STRING TAG_BUFFER
 *   synonyms => name:COMPACT_STRING value:COMPACT_NULLABLE_STRING source:INT8 TAG_BUFFER
 */
import type * as KafkaModule from "@platformatic/kafka";
import type { ObservedConfigEntry } from "../../core/model/observed.js";
import { configEntryInterner, configSourceOf } from "./topics.js";

type KafkaLibrary = typeof KafkaModule;
type Connection = Parameters<KafkaLibrary["describeConfigsV4"]["api"]["async"]>[0];

/** One topic as DescribeConfigs reported it: an error code, or its config entries by name. */
export interface DescribedTopic {
  readonly name: string;
  readonly errorCode: number;
  readonly entries: Record<string, ObservedConfigEntry>;
}

/**
 * One DescribeConfigs v4 request for these topics (all of their configs, no synonyms, no documentation). Entries
 * that are equal across topics are shared; sensitive values are never kept.
 */
export function describeTopicConfigs(
  lib: KafkaLibrary,
  connection: Connection,
  names: readonly string[],
): Promise<DescribedTopic[]> {
  const api = lib.createAPI<Parameters<typeof lib.describeConfigsV4.createRequest>, DescribedTopic[]>(
    lib.describeConfigsV4.api.key,
    lib.describeConfigsV4.api.version,
    lib.describeConfigsV4.createRequest,
    (_correlationId, _apiKey, _apiVersion, reader) => topicsOf(reader.buffer.slice(reader.position)),
  );
  const resources = names.map((name) => ({
    resourceType: lib.ConfigResourceTypes.TOPIC,
    resourceName: name,
    configurationKeys: null,
  }));
  return api.async(connection, resources, false, false);
}

function topicsOf(body: Buffer): DescribedTopic[] {
  const entry = configEntryInterner();
  const topics: DescribedTopic[] = [];
  let entries: Record<string, ObservedConfigEntry> = {};
  readDescribeConfigsV4(body, {
    resource(name, errorCode) {
      entries = {};
      topics.push({ name, errorCode, entries });
    },
    config(name, value, source, sensitive) {
      entries[name] = entry(name, sensitive ? null : value, configSourceOf(source), sensitive);
    },
  });
  return topics;
}

export interface DescribeConfigsVisitor {
  /** A resource; its configs follow (none when errorCode is not 0). */
  resource(name: string, errorCode: number): void;
  config(name: string, value: string | null, source: number, sensitive: boolean): void;
}

export function readDescribeConfigsV4(bytes: Buffer, visit: DescribeConfigsVisitor): void {
  const r = new BodyReader(bytes);
  r.skip(4);
  for (let results = r.arrayLength(); results > 0; results--) {
    const errorCode = r.int16();
    r.skipString();
    r.skip(1);
    visit.resource(r.string() ?? "", errorCode);
    for (let configs = r.arrayLength(); configs > 0; configs--) {
      const name = r.string() ?? "";
      const value = r.string();
      r.skip(1);
      const source = r.int8();
      const sensitive = r.int8() !== 0;
      for (let synonyms = r.arrayLength(); synonyms > 0; synonyms--) {
        r.skipString();
        r.skipString();
        r.skip(1);
        r.skipTaggedFields();
      }
      r.skip(1);
      r.skipString();
      r.skipTaggedFields();
      visit.config(name, value, source, sensitive);
    }
    r.skipTaggedFields();
  }
  r.skipTaggedFields();
}

/** Big-endian fixed-width integers, unsigned varints and compact (length + 1) strings and arrays. */
class BodyReader {
  #at = 0;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  skip(length: number): void {
    this.#need(length);
    this.#at += length;
  }

  int8(): number {
    this.#need(1);
    return this.#bytes.readInt8(this.#at++);
  }

  int16(): number {
    this.#need(2);
    const value = this.#bytes.readInt16BE(this.#at);
    this.#at += 2;
    return value;
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      this.#need(1);
      const byte = this.#bytes[this.#at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError("DescribeConfigs response: a varint is longer than 5 bytes");
  }

  /** A compact array's length (a null array has none). */
  arrayLength(): number {
    return Math.max(0, this.varint() - 1);
  }

  string(): string | null {
    const length = this.varint() - 1;
    if (length < 0) return null;
    this.#need(length);
    const start = this.#at;
    this.#at += length;
    return this.#bytes.toString("utf8", start, this.#at);
  }

  skipString(): void {
    this.skip(Math.max(0, this.varint() - 1));
  }

  skipTaggedFields(): void {
    for (let fields = this.varint(); fields > 0; fields--) {
      this.varint();
      this.skip(this.varint());
    }
  }

  #need(length: number): void {
    if (this.#at + length > this.#bytes.length) throw new RangeError("DescribeConfigs response: it ends early");
  }
}
