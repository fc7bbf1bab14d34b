import { describe, expect, it } from "vitest";
import { orderByReferences } from "../../../src/core/subjects/order.js";

describe("orderByReferences", () => {
  it("orders dependencies first, ready ties by name, ignoring references to unknown subjects", () => {
    const deps = new Map([
      ["c", ["a", "b"]],
      ["b", ["a", "elsewhere"]],
      ["a", []],
      ["d", []],
    ]);
    expect(orderByReferences(deps)).toEqual({ order: ["a", "b", "c", "d"], cycles: [] });
  });

  it("returns each cycle once, from its smallest name, with what depends on it last", () => {
    const deps = new Map([
      ["y", ["x"]],
      ["x", ["z"]],
      ["z", ["y"]],
      ["after", ["x"]],
      ["self", ["self"]],
      ["free", []],
    ]);
    expect(orderByReferences(deps)).toEqual({
      order: ["free", "after", "self", "x", "y", "z"],
      cycles: [["x", "z", "y"], ["self"]],
    });
  });
});
