/**
 * kgov reads DescribeConfigs v4 response bodies itself (the plan's one large response). The bytes are written here
 * from the protocol's field list and read both by kgov and by the client library's own decoder: the two must agree.
 */
import { Reader, describeConfigsV4 } from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { readDescribeConfigsV4 } from "../../../src/adapters/kafka/describe-configs.js";

/** A minimal writer for the flexible-version encodings (varints, compact strings and arrays, tagged fields). */
class Body {
  readonly parts: Buffer[] = [];
  int8(v: number) {
    return this.push(Buffer.from([v & 0xff]));
  }
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  varint(v: number) {
    const bytes: number[] = [];
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    return this.push(Buffer.from(bytes));
  }
  string(s: string | null) {
    if (s === null) return this.varint(0);
    const b = Buffer.from(s, "utf8");
    return this.varint(b.length + 1).push(b);
  }
  array<T>(items: readonly T[] | null, each: (item: T) => void) {
    if (items === null) return this.varint(0);
    this.varint(items.length + 1);
    items.forEach(each);
    return this;
  }
  /** Tagged fields: none, or one unknown field with some bytes (readers must skip it). */
  tags(withField = false) {
    if (!withField) return this.varint(0);
    return this.varint(1)
      .varint(7)
      .varint(3)
      .push(Buffer.from([1, 2, 3]));
  }
  push(b: Buffer) {
    this.parts.push(b);
    return this;
  }
  bytes() {
    return Buffer.concat(this.parts);
  }
}

interface Config {
  name: string;
  value: string | null;
  source: number;
  sensitive: boolean;
  synonyms?: { name: string; value: string | null; source: number }[];
  documentation?: string | null;
}

function response(resources: { name: string; errorCode: number; configs: Config[] | null }[]): Buffer {
  const w = new Body().int32(0);
  w.array(resources, (r) => {
    w.int16(r.errorCode)
      .string(r.errorCode === 0 ? null : "denied")
      .int8(2)
      .string(r.name);
    w.array(r.configs, (c) => {
      w.string(c.name)
        .string(c.value)
        .int8(0)
        .int8(c.source)
        .int8(c.sensitive ? 1 : 0);
      w.array(c.synonyms ?? [], (s) => w.string(s.name).string(s.value).int8(s.source).tags());
      w.int8(3)
        .string(c.documentation ?? null)
        .tags(c.name === "cleanup.policy");
    });
    w.tags(r.name === "b");
  });
  return w.tags(true).bytes();
}

function readByKgov(body: Buffer) {
  const seen: unknown[] = [];
  readDescribeConfigsV4(body, {
    resource: (name, errorCode) => seen.push({ resource: name, errorCode }),
    config: (name, value, source, sensitive) => seen.push({ name, value, source, sensitive }),
  });
  return seen;
}

function readByLibrary(body: Buffer) {
  let parsed: ReturnType<typeof describeConfigsV4.parseResponse>;
  try {
    parsed = describeConfigsV4.parseResponse(0, 32, 4, Reader.from(body));
  } catch (error) {
    parsed = (error as { response: typeof parsed }).response; // it throws on a resource-level error code
  }
  return parsed.results.flatMap((r) => [
    { resource: r.resourceName, errorCode: r.errorCode },
    ...r.configs.map((c) => ({ name: c.name, value: c.value, source: c.configSource, sensitive: c.isSensitive })),
  ]);
}

const TOPICS = [
  {
    name: "a",
    errorCode: 0,
    configs: [
      { name: "cleanup.policy", value: "compact", source: 1, sensitive: false, documentation: "how to clean up" },
      {
        name: "retention.ms",
        value: "604800000",
        source: 5,
        sensitive: false,
        synonyms: [{ name: "log.retention.ms", value: "604800000", source: 5 }],
      },
      { name: "sasl.secret", value: null, source: 1, sensitive: true },
      { name: "message.format.note", value: `ünïcode ${"x".repeat(300)}`, source: 4, sensitive: false },
    ],
  },
  { name: "b", errorCode: 29, configs: null },
  { name: "c", errorCode: 0, configs: [] },
];

describe("reading a DescribeConfigs v4 response body", () => {
  it("reports what the client library's decoder reports, skipping synonyms, documentation and tagged fields", () => {
    const body = response(TOPICS);
    expect(readByKgov(body)).toEqual(readByLibrary(body));
    expect(readByKgov(body)).toHaveLength(TOPICS.length + 4);
  });

  it("refuses a body that ends early instead of reading past it", () => {
    const body = response(TOPICS);
    for (const cut of [3, 10, body.length - 1]) {
      expect(() => readByKgov(body.subarray(0, cut))).toThrow(/ends early/);
    }
  });
});
