import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/core/diagnostics/index.js";
import {
  diagnosticsDocument,
  renderDiagnosticsGithub,
  renderDiagnosticsText,
} from "../../../src/render/diagnostics.js";
import { createStyle } from "../../../src/render/style.js";

const source = ["version: 1", "topics:", "  orders.v1:", "    partitions: 0", "    config: {}"].join("\n");
const diagnostics: Diagnostic[] = [
  {
    code: "kafka/request-failed",
    severity: "warning",
    message: "second, without a place",
  },
  {
    code: "cli/invalid-argument",
    severity: "error",
    message: "partitions must be at least 1",
    why: "A topic needs a partition to hold records.",
    fix: "Set partitions: 1 or more.",
    source: { file: "kgov.yaml", start: { line: 4, column: 17 }, end: { line: 4, column: 18 } },
  },
];

describe("diagnostic renderers", () => {
  it("renders text with the place, a code frame, why and fix, sorted by place", () => {
    const text = renderDiagnosticsText(diagnostics, { sources: (f) => (f === "kgov.yaml" ? source : undefined) });
    expect(text).toBe(
      [
        "error[cli/invalid-argument]: partitions must be at least 1",
        "  --> kgov.yaml:4:17",
        "    2 | topics:",
        "    3 |   orders.v1:",
        "  > 4 |     partitions: 0",
        "      |                 ^",
        "    5 |     config: {}",
        "  why: A topic needs a partition to hold records.",
        "  fix: Set partitions: 1 or more.",
        "",
        "warning[kafka/request-failed]: second, without a place",
        "",
      ].join("\n"),
    );
  });

  it("uses colour only when asked to", () => {
    const coloured = renderDiagnosticsText(diagnostics, { style: createStyle(true) });
    expect(coloured).toContain("\u001b[");
    expect(renderDiagnosticsText(diagnostics)).not.toContain("\u001b[");
  });

  it("builds a versioned JSON document with counts and an always-present array", () => {
    expect(diagnosticsDocument([])).toEqual({
      formatVersion: 1,
      ok: true,
      errorCount: 0,
      warningCount: 0,
      infoCount: 0,
      diagnostics: [],
    });
    const doc = diagnosticsDocument(diagnostics);
    expect(doc.ok).toBe(false);
    expect([doc.errorCount, doc.warningCount]).toEqual([1, 1]);
    expect(doc.diagnostics[0]?.code).toBe("cli/invalid-argument");
  });

  it("renders GitHub Actions workflow commands with escaped properties and data", () => {
    const out = renderDiagnosticsGithub([
      {
        code: "cli/invalid-argument",
        severity: "error",
        message: "100% wrong,\nreally",
        source: { file: "dir,x/a:b.yaml", start: { line: 2, column: 3 } },
      },
      { code: "kafka/request-failed", severity: "info", message: "note", path: "topics.a" },
    ]);
    expect(out).toBe(
      "::error file=dir%2Cx/a%3Ab.yaml,line=2,col=3,title=cli/invalid-argument::100%25 wrong,%0Areally\n" +
        "::notice title=kafka/request-failed::topics.a: note\n",
    );
  });
});
