import type { OutputStream } from "./io.js";

/**
 * Colour is on only for a terminal, unless the user forces it. Order of precedence:
 * --no-color / --color flags, then NO_COLOR (any non-empty value), then FORCE_COLOR, then the stream's TTY.
 * picocolors' own detection is not used because it turns colour on whenever CI is set.
 */
export function shouldUseColor(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  stream: OutputStream,
): boolean {
  if (flag === false) return false;
  if (flag === true) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY && env.TERM !== "dumb";
}
