import pc from "picocolors";

/** The few styles kgov's renderers use; a plain instance returns text unchanged so golden files stay readable. */
export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function createStyle(enabled: boolean): Style {
  const c = pc.createColors(enabled);
  return { red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, bold: c.bold, dim: c.dim };
}

export const plainStyle: Style = createStyle(false);
