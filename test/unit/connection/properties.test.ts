import { describe, expect, it } from "vitest";
import { parseProperties } from "../../../src/core/connection/index.js";

function values(text: string): Record<string, string> {
  const parsed = parseProperties(text);
  expect(parsed.problems).toEqual([]);
  return Object.fromEntries([...parsed.entries.values()].map((e) => [e.key, e.value]));
}

describe("parseProperties (java.util.Properties rules)", () => {
  it("reads = : and whitespace separators, with blanks around them", () => {
    expect(values("a=1\nb:2\nc 3\nd  =  4\ne\t:\t5\nf =:6\n")).toEqual({
      a: "1",
      b: "2",
      c: "3",
      d: "4",
      e: "5",
      f: ":6",
    });
  });

  it("skips # and ! comments and blank lines, even indented ones", () => {
    expect(values("# comment\n! also\n   # indented\n\n \t \nkey=value\n")).toEqual({ key: "value" });
  });

  it("keeps trailing whitespace in values and drops leading whitespace", () => {
    expect(values("k =   v  \n")).toEqual({ k: "v  " });
  });

  it("gives an empty value to a key alone on its line", () => {
    expect(values("alone\nempty=\n")).toEqual({ alone: "", empty: "" });
  });

  it("joins continuation lines and drops the next line's leading whitespace", () => {
    expect(values("bootstrap.servers=a:1,\\\n    b:2,\\\n\tc:3\nnext=x\n")).toEqual({
      "bootstrap.servers": "a:1,b:2,c:3",
      next: "x",
    });
  });

  it("treats an even number of trailing backslashes as literal backslashes", () => {
    expect(values("k=a\\\\\nl=b\n")).toEqual({ k: "a\\", l: "b" });
  });

  it("does not continue a comment line that ends in a backslash", () => {
    expect(values("# comment \\\nk=v\n")).toEqual({ k: "v" });
  });

  it("does not treat # on a continuation line as a comment", () => {
    expect(values("k=a\\\n#b\n")).toEqual({ k: "a#b" });
  });

  it("handles CRLF and CR line endings, including in continuations", () => {
    expect(values("a=1\r\nb=2\\\r\n  3\rc=4")).toEqual({ a: "1", b: "23", c: "4" });
  });

  it("decodes escapes and drops a backslash before any other character", () => {
    expect(values("k=tab\\there\\nnl\\u0041\\q\\=\\:\\\\\n")).toEqual({ k: "tab\there\nnlAq=:\\" });
  });

  it("lets escaped separators and spaces be part of the key", () => {
    expect(values("a\\=b=c\nx\\ y=z\nm\\:n:o\n")).toEqual({ "a=b": "c", "x y": "z", "m:n": "o" });
  });

  it("keeps the last value of a repeated key, with its position", () => {
    const parsed = parseProperties("k=1\nother=x\nk=2\n");
    expect(parsed.entries.get("k")).toEqual({ key: "k", value: "2", line: 3, column: 1 });
  });

  it("records line and column of each key, counting continuation lines", () => {
    const parsed = parseProperties("a=1\\\n  2\n\n   b=3\n");
    expect(parsed.entries.get("a")).toMatchObject({ line: 1, column: 1 });
    expect(parsed.entries.get("b")).toMatchObject({ line: 4, column: 4 });
  });

  it("drops a backslash at the very end of the text", () => {
    expect(values("k=v\\")).toEqual({ k: "v" });
  });

  it("ignores a UTF-8 byte order mark and reads non-ASCII text", () => {
    expect(values("\uFEFFk=pässwörd✓\n")).toEqual({ k: "pässwörd✓" });
  });

  it("reports a malformed \\u escape by key and line, without the value", () => {
    const parsed = parseProperties("ok=1\nsasl.jaas.config=secret\\u12zz-stuff\n");
    expect(parsed.entries.has("ok")).toBe(true);
    expect(parsed.entries.has("sasl.jaas.config")).toBe(false);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2, key: "sasl.jaas.config" });
    expect(parsed.problems[0]?.message).not.toContain("secret");
  });

  it("parses a typical Kafka client.properties", () => {
    const text = [
      "# kafka client config",
      "bootstrap.servers=broker1:9093,broker2:9093",
      "security.protocol=SASL_SSL",
      "sasl.mechanism=SCRAM-SHA-512",
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
      '    username="svc" \\',
      '    password="p@ss";',
      "ssl.truststore.type=PEM",
      "ssl.truststore.location=/etc/kafka/ca.pem",
    ].join("\n");
    expect(values(text)).toEqual({
      "bootstrap.servers": "broker1:9093,broker2:9093",
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "SCRAM-SHA-512",
      "sasl.jaas.config":
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="p@ss";',
      "ssl.truststore.type": "PEM",
      "ssl.truststore.location": "/etc/kafka/ca.pem",
    });
  });
});
