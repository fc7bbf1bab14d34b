import { describe, expect, it } from "vitest";
import { parseJaasConfig, parseProperties } from "../../../src/core/connection/index.js";

function ok(text: string) {
  const result = parseJaasConfig(text);
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result.config;
}

function failure(text: string): string {
  const result = parseJaasConfig(text);
  if (result.ok) throw new Error("expected a failure");
  return result.message;
}

describe("parseJaasConfig", () => {
  it("reads the PLAIN login module", () => {
    const config = ok('org.apache.kafka.common.security.plain.PlainLoginModule required username="x" password="y";');
    expect(config.loginModule).toBe("org.apache.kafka.common.security.plain.PlainLoginModule");
    expect(config.controlFlag).toBe("required");
    expect(Object.fromEntries(config.options)).toEqual({ username: "x", password: "y" });
  });

  it("reads the SCRAM login module spread over lines with comments", () => {
    const config = ok(`org.apache.kafka.common.security.scram.ScramLoginModule Required
      // the service account
      username = "svc-kgov"   /* rotated monthly */
      password = 'single-quoted';`);
    expect(config.controlFlag).toBe("required");
    expect(Object.fromEntries(config.options)).toEqual({ username: "svc-kgov", password: "single-quoted" });
  });

  it("decodes escapes inside quoted values", () => {
    const config = ok('M required username="a\\"b" password="c\\\\d\\te\\101";');
    expect(config.options.get("username")).toBe('a"b');
    expect(config.options.get("password")).toBe("c\\d\teA");
  });

  it("keeps characters that are special elsewhere (= ; // space) inside quotes", () => {
    const config = ok('M required password="a=b;c // d /* e */";');
    expect(config.options.get("password")).toBe("a=b;c // d /* e */");
  });

  it("accepts bare word values", () => {
    const config = ok("M optional username=alice password=pa$$word-1.0_x;");
    expect(Object.fromEntries(config.options)).toEqual({ username: "alice", password: "pa$$word-1.0_x" });
  });

  it("accepts options beyond username and password", () => {
    const config = ok('M required username="u" password="p" tokenauth="true";');
    expect(config.options.get("tokenauth")).toBe("true");
  });

  it("reads a value that went through properties-file escaping (a quote in the password)", () => {
    // In the file: password="a\\"b" — the properties layer turns \\ into \, then JAAS turns \" into ".
    const file = 'sasl.jaas.config=M required username="u" password="a\\\\"b";\n';
    const value = parseProperties(file).entries.get("sasl.jaas.config")?.value ?? "";
    expect(value).toBe('M required username="u" password="a\\"b";');
    expect(ok(value).options.get("password")).toBe('a"b');
  });

  it.each([
    ["an empty text", "", /empty/],
    ["a missing control flag", 'M username="u";', /control flag/],
    ["a wrong control flag", 'M mandatory username="u";', /control flag/],
    ["a missing semicolon", 'M required username="u"', /missing ";"/],
    ["a missing =", 'M required username "u";', /expected "="/],
    ["a missing value", "M required username=;", /missing value/],
    ["an unterminated quote", 'M required password="abc;', /unterminated quoted string/],
    ["an unterminated comment", "M required /* password", /unterminated \/\* comment/],
    ["two login modules", 'A required username="u"; B required;', /exactly one login module/],
    ["no class name", '"quoted" required;', /login module class name/],
  ])("rejects %s", (_name, text, pattern) => {
    expect(failure(text)).toMatch(pattern);
  });

  it("never quotes the input in an error, even the tail of an unquoted password", () => {
    const secrets = ["hunter2tail", "s3cr3t-part"];
    const messages = [
      failure("M required password=hunter2 hunter2tail;"),
      failure('M required username="u" password="s3cr3t-part'),
      failure("s3cr3t-part"),
      failure("s3cr3t-part required password=x"),
    ];
    for (const message of messages) for (const secret of secrets) expect(message).not.toContain(secret);
  });
});
