import { describe, expect, it } from "vitest";
import { shouldUseColor } from "../../../src/cli/color.js";

const tty = { isTTY: true, write: () => {} };
const pipe = { isTTY: false, write: () => {} };

describe("shouldUseColor", () => {
  it.each([
    ["a terminal with no overrides", undefined, {}, tty, true],
    ["a pipe with no overrides", undefined, {}, pipe, false],
    ["--no-color on a terminal", false, {}, tty, false],
    ["--color on a pipe", true, {}, pipe, true],
    ["NO_COLOR on a terminal", undefined, { NO_COLOR: "1" }, tty, false],
    ["an empty NO_COLOR, which the convention says to ignore", undefined, { NO_COLOR: "" }, tty, true],
    ["FORCE_COLOR on a pipe", undefined, { FORCE_COLOR: "1" }, pipe, true],
    ["FORCE_COLOR=0 on a terminal", undefined, { FORCE_COLOR: "0" }, tty, false],
    ["NO_COLOR beating FORCE_COLOR", undefined, { NO_COLOR: "1", FORCE_COLOR: "1" }, tty, false],
    ["--color beating NO_COLOR", true, { NO_COLOR: "1" }, pipe, true],
    ["CI alone on a pipe (unlike picocolors' own detection)", undefined, { CI: "true" }, pipe, false],
    ["TERM=dumb on a terminal", undefined, { TERM: "dumb" }, tty, false],
  ] as const)("%s → %s", (_name, flag, env, stream, expected) => {
    expect(shouldUseColor(flag, env, stream)).toBe(expected);
  });
});
