import { describe, expect, it } from "vitest";
import { chunkByRecords, MAX_RECORDS_PER_REQUEST } from "../../../src/adapters/kafka/cluster.js";

describe("chunkByRecords", () => {
  it("keeps a batch under the controller's limit in one request", () => {
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    expect(chunkByRecords(items, () => 2)).toHaveLength(1);
  });

  it("splits where the next item would pass 10,000 metadata records, keeping order", () => {
    const items = Array.from({ length: 5_001 }, (_, i) => i);
    const chunks = chunkByRecords(items, () => 2);
    expect(chunks.map((c) => c.length)).toEqual([5_000, 1]);
    expect(chunks.flat()).toEqual(items);
  });

  it("sends an item heavier than the limit alone rather than dropping it", () => {
    const chunks = chunkByRecords(["small", "huge", "small2"], (t) => (t === "huge" ? MAX_RECORDS_PER_REQUEST + 1 : 1));
    expect(chunks).toEqual([["small"], ["huge"], ["small2"]]);
  });

  it("returns no chunk for no items", () => {
    expect(chunkByRecords([], () => 1)).toEqual([]);
  });
});
