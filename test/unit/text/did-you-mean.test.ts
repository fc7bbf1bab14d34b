import { describe, expect, it } from "vitest";
import { closestMatches, damerauLevenshtein } from "../../../src/core/text/did-you-mean.js";

describe("damerauLevenshtein", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["a", "b", 1],
    ["kitten", "sitting", 3],
    ["ca", "ac", 1],
    ["retention", "retnetion", 1],
    ["retention.ms", "retention.msec", 2],
    ["cleanup.policy", "cleanup_policy", 1],
  ])("distance(%j, %j) = %i", (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });
});

describe("closestMatches", () => {
  const keys = ["retention.ms", "retention.bytes", "segment.ms", "cleanup.policy"];

  it("returns the nearest candidate first", () => {
    expect(closestMatches("retention.msec", keys)).toEqual(["retention.ms"]);
    expect(closestMatches("retention.byte", keys)[0]).toBe("retention.bytes");
  });

  it("drops candidates clearly worse than the best", () => {
    expect(closestMatches("segment.m", ["segment.ms", "segment.bytes", "segmentation.ms"], { maxDistance: 5 })).toEqual(
      ["segment.ms"],
    );
    expect(closestMatches("abcd", ["abce", "abxx"], { maxDistance: 3 })).toEqual(["abce", "abxx"]);
  });

  it("orders ties alphabetically and stops at max", () => {
    expect(closestMatches("cat", ["hat", "cut", "bat"])).toEqual(["bat", "cut", "hat"]);
    expect(closestMatches("cat", ["hat", "cut", "bat"], { max: 1 })).toEqual(["bat"]);
  });

  it("ignores case but returns the candidate as written", () => {
    expect(closestMatches("CLEANUP.POLICY", keys)).toEqual(["cleanup.policy"]);
  });

  it("leaves out candidates beyond the distance limit", () => {
    expect(closestMatches("zzzzzz", keys)).toEqual([]);
    expect(closestMatches("segmnt.ms", keys, { maxDistance: 0 })).toEqual([]);
    expect(closestMatches("segmnt.ms", keys, { maxDistance: 1 })).toEqual(["segment.ms"]);
  });

  it("suggests each candidate once", () => {
    expect(closestMatches("prod", ["prd", "prd"])).toEqual(["prd"]);
  });
});
