import { describe, expect, it } from "vitest";
import type { ObservedBroker, ObservedPartition } from "../../../src/core/model/observed.js";
import { assignNewPartitions, LoadTracker, planReplicaMoves } from "../../../src/core/plan/placement.js";

const racks = (spec: Record<number, string | null>): ObservedBroker[] =>
  Object.entries(spec).map(([id, rack]) => ({ id: Number(id), rack }));
const part = (id: number, replicas: number[], extra: Partial<ObservedPartition> = {}): ObservedPartition => ({
  id,
  replicas,
  isr: replicas,
  leader: replicas[0] ?? -1,
  ...extra,
});
const sixBrokersThreeRacks = racks({ 1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c" });

describe("replica placement", () => {
  it("adds replicas in racks the partition does not use yet, before balancing load", () => {
    // broker 2 (rack a) is the least loaded, but the partition already has rack a
    const load = new LoadTracker();
    load.add(3, 10);
    load.add(4, 5);
    load.add(5, 7);
    load.add(6, 7);
    const moves = planReplicaMoves([part(0, [1])], 3, sixBrokersThreeRacks, load);
    expect(moves).toEqual([{ partition: 0, from: [1], to: [1, 4, 5] }]);
  });

  it("spreads added replicas over the topic's brokers, then the cluster's", () => {
    const moves = planReplicaMoves(
      [part(0, [1]), part(1, [3]), part(2, [5])],
      2,
      sixBrokersThreeRacks,
      new LoadTracker(),
    );
    // another rack first, then the broker with the fewest replicas of the topic (4, then 2), then the lowest id
    expect(moves.map((m) => m.to)).toEqual([
      [1, 4],
      [3, 2],
      [5, 1],
    ]);
  });

  it("treats brokers without a rack as racks of their own", () => {
    const moves = planReplicaMoves([part(0, [2])], 3, racks({ 1: null, 2: null, 3: null }), new LoadTracker());
    expect(moves).toEqual([{ partition: 0, from: [2], to: [2, 1, 3] }]);
  });

  it("removes replicas keeping the leader and rack diversity, dropping from the end otherwise", () => {
    const moves = planReplicaMoves(
      [
        part(0, [1, 2, 3, 5]), // racks a a b c: keep 1 (leader), then b and c
        part(1, [3, 4, 5], { leader: 5 }), // leader 5 (c); then 3 (b) before 4 (b, later)
        part(2, [1, 3, 5]), // all different racks: drop the last
      ],
      2,
      sixBrokersThreeRacks,
      new LoadTracker(),
    );
    expect(moves).toEqual([
      { partition: 0, from: [1, 2, 3, 5], to: [1, 3] },
      { partition: 1, from: [3, 4, 5], to: [3, 5] },
      { partition: 2, from: [1, 3, 5], to: [1, 3] },
    ]);
  });

  it("prefers in-sync replicas when racks do not decide", () => {
    const moves = planReplicaMoves(
      [part(0, [1, 2, 3], { isr: [1, 3] })],
      2,
      racks({ 1: null, 2: null, 3: null }),
      new LoadTracker(),
    );
    expect(moves).toEqual([{ partition: 0, from: [1, 2, 3], to: [1, 3] }]);
  });

  it("leaves partitions that already have the factor alone", () => {
    expect(planReplicaMoves([part(0, [1, 2])], 2, sixBrokersThreeRacks, new LoadTracker())).toEqual([]);
  });

  it("places new partitions spreading preferred leaders and racks", () => {
    const out = assignNewPartitions([[1, 3]], 1, 4, 2, sixBrokersThreeRacks, new LoadTracker());
    expect(out).toEqual([
      { partition: 1, replicas: [2, 4] },
      { partition: 2, replicas: [5, 1] },
      { partition: 3, replicas: [6, 3] },
    ]);
    for (const a of out) expect(new Set(a.replicas.map((id) => Math.ceil(id / 2))).size).toBe(2);
  });
});
