import { describe, expect, it } from "vitest";
import { DESCRIBE_PARTS, spreadDescribe, TOPICS_PER_PART } from "../../../src/adapters/kafka/spread.js";

const names = (n: number) => Array.from({ length: n }, (_, i) => `t${String(i).padStart(5, "0")}`);
const shape = (parts: ReturnType<typeof spreadDescribe>) => parts.map((p) => [p.brokerId, p.lane, p.names.length]);

describe("spreadDescribe", () => {
  it("keeps a small cluster's read one request on the first broker", () => {
    expect(shape(spreadDescribe(names(2 * TOPICS_PER_PART - 1), [3, 5, 7]))).toEqual([[3, 0, 1999]]);
    expect(shape(spreadDescribe(names(1), [1]))).toEqual([[1, 0, 1]]);
  });

  it("spreads over the other brokers first, then over extra connections to the same ones", () => {
    expect(shape(spreadDescribe(names(10_000), [1, 2, 3]))).toEqual([
      [1, 0, 2500],
      [2, 0, 2500],
      [3, 0, 2500],
      [1, 1, 2500],
    ]);
    expect(shape(spreadDescribe(names(10_000), [1]))).toEqual([
      [1, 0, 2500],
      [1, 1, 2500],
      [1, 2, 2500],
      [1, 3, 2500],
    ]);
    expect(spreadDescribe(names(50_000), [1, 2, 3, 4, 5, 6])).toHaveLength(DESCRIBE_PARTS);
  });

  it("grows the number of parts with the topics, each part asking for every topic exactly once, in order", () => {
    const all = names(3_001);
    const parts = spreadDescribe(all, [1, 2]);
    expect(shape(parts)).toEqual([
      [1, 0, 1001],
      [2, 0, 1001],
      [1, 1, 999],
    ]);
    expect(parts.flatMap((p) => p.names)).toEqual(all);
    expect(spreadDescribe(names(7), [1], 1).flatMap((p) => p.names)).toEqual(names(7));
  });
});
