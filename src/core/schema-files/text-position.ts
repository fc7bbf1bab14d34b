import type { Position, SourceRange } from "../diagnostics/index.js";

/** Maps character offsets in one text to 1-based line and column; `\n`, `\r\n` and a lone `\r` each end a line. */
export class LineIndex {
  // Built on first use: most files are checked without a finding, and then no position is ever asked for.
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private get lineStarts(): number[] {
    if (this.starts === undefined) {
      this.starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const c = this.text.charCodeAt(i);
        if (c === 10 || (c === 13 && this.text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
      }
    }
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] as number) + 1 };
  }

  /** Offset of the first character of a 1-based line (clamped to the text). */
  lineStart(line: number): number {
    const index = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    return this.lineStarts[index] as number;
  }

  /** Offset just past the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const next = line < this.lineStarts.length ? (this.lineStarts[line] as number) : this.text.length + 1;
    let end = next - 1;
    if (end > 0 && this.text[end - 1] === "\r" && this.text[end] === "\n") end--;
    return Math.min(end, this.text.length);
  }

  range(file: string, start: number, end?: number): SourceRange {
    return end === undefined || end <= start
      ? { file, start: this.position(start) }
      : { file, start: this.position(start), end: this.position(end) };
  }
}
