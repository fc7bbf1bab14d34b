import type { ObservedBroker, ObservedCluster, ObservedPartition } from "../model/observed.js";
import type { PartitionAssignment, ReplicaMove } from "./types.js";

/**
 * Deterministic, rack-aware replica placement for replication-factor changes, moving as few replicas as possible:
 * existing replicas stay where they are (an increase only adds, a decrease only removes).
 *
 * Adding a replica to a partition picks, in order of preference:
 *   1. a broker in a rack the partition does not use yet (rack diversity first: it is what survives a rack outage),
 *   2. the fewest replicas of this topic (counting the new assignment as it is built),
 *   3. the fewest replicas in the whole cluster,
 *   4. the lowest broker id.
 * A broker without a rack counts as a rack of its own, so clusters without racks fall through to load.
 *
 * Removing replicas keeps the current leader, then prefers replicas that add a rack not yet kept, then in-sync
 * replicas, then the earlier position in the replica list (so the end of the list is dropped otherwise). Kept
 * replicas stay in their original order, so the preferred leader does not change unless it is dropped.
 */

/** Replica counts per broker; shared across the topics of one plan so later topics see earlier placements. */
export class LoadTracker {
  private readonly load = new Map<number, number>();

  /** Replica counts per broker over every observed topic, internal ones included (they use disk too). */
  static fromCluster(observed: ObservedCluster): LoadTracker {
    const tracker = new LoadTracker();
    for (const topic of observed.topics.values())
      for (const p of topic.partitions) for (const id of p.replicas) tracker.add(id, 1);
    return tracker;
  }

  get(id: number): number {
    return this.load.get(id) ?? 0;
  }

  add(id: number, delta: number): void {
    this.load.set(id, this.get(id) + delta);
  }
}

function rackKey(brokers: ReadonlyMap<number, ObservedBroker>, id: number): string {
  const rack = brokers.get(id)?.rack;
  // NUL cannot appear in a rack name, so a rackless broker never collides with a real rack.
  return rack === null || rack === undefined ? `\u0000${id}` : `rack:${rack}`;
}

interface Placer {
  readonly brokers: readonly ObservedBroker[];
  readonly byId: ReadonlyMap<number, ObservedBroker>;
  readonly topicLoad: LoadTracker;
  readonly leaderLoad: LoadTracker;
  readonly clusterLoad: LoadTracker;
}

function makePlacer(
  brokers: readonly ObservedBroker[],
  assignment: readonly (readonly number[])[],
  clusterLoad: LoadTracker,
): Placer {
  const topicLoad = new LoadTracker();
  const leaderLoad = new LoadTracker();
  for (const replicas of assignment) {
    for (const id of replicas) topicLoad.add(id, 1);
    if (replicas[0] !== undefined) leaderLoad.add(replicas[0], 1);
  }
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  return { brokers: sorted, byId: new Map(sorted.map((b) => [b.id, b])), topicLoad, leaderLoad, clusterLoad };
}

/** Lexicographic comparison of score tuples. */
function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function pickBest<T>(items: readonly T[], score: (item: T) => readonly number[]): T | undefined {
  let best: T | undefined;
  let bestScore: readonly number[] = [];
  for (const item of items) {
    const s = score(item);
    if (best === undefined || compareScores(s, bestScore) < 0) {
      best = item;
      bestScore = s;
    }
  }
  return best;
}

/** Appends brokers to `replicas` until it has `target` entries; updates the load trackers. */
function addReplicas(placer: Placer, replicas: readonly number[], target: number, leaderFirst: boolean): number[] {
  const out = [...replicas];
  const racks = new Set(out.map((id) => rackKey(placer.byId, id)));
  while (out.length < target) {
    const candidates = placer.brokers.filter((b) => !out.includes(b.id));
    const chosen = pickBest(candidates, (b) => [
      // a new partition's first replica is its preferred leader: spread leaders before replicas
      leaderFirst && out.length === 0 ? placer.leaderLoad.get(b.id) : 0,
      racks.has(rackKey(placer.byId, b.id)) ? 1 : 0,
      placer.topicLoad.get(b.id),
      placer.clusterLoad.get(b.id),
      b.id,
    ]);
    if (chosen === undefined) break;
    if (out.length === 0) placer.leaderLoad.add(chosen.id, 1);
    out.push(chosen.id);
    racks.add(rackKey(placer.byId, chosen.id));
    placer.topicLoad.add(chosen.id, 1);
    placer.clusterLoad.add(chosen.id, 1);
  }
  return out;
}

function removeReplicas(placer: Placer, partition: ObservedPartition, target: number): number[] {
  const replicas = partition.replicas;
  const kept = new Set<number>();
  const racks = new Set<string>();
  const keep = (id: number) => {
    kept.add(id);
    racks.add(rackKey(placer.byId, id));
  };
  if (target > 0 && replicas.includes(partition.leader)) keep(partition.leader);
  while (kept.size < target) {
    const candidates = replicas.filter((id) => !kept.has(id));
    const chosen = pickBest(candidates, (id) => [
      racks.has(rackKey(placer.byId, id)) ? 1 : 0,
      partition.isr.includes(id) ? 0 : 1,
      replicas.indexOf(id),
    ]);
    if (chosen === undefined) break;
    keep(chosen);
  }
  const out = replicas.filter((id) => kept.has(id));
  for (const id of replicas) {
    if (kept.has(id)) continue;
    placer.topicLoad.add(id, -1);
    placer.clusterLoad.add(id, -1);
  }
  return out;
}

/**
 * The reassignment that gives every partition exactly `target` replicas, as moves for the partitions that change
 * (sorted by partition id). `target` must not exceed the number of brokers (the caller reports that as an error).
 */
export function planReplicaMoves(
  partitions: readonly ObservedPartition[],
  target: number,
  brokers: readonly ObservedBroker[],
  clusterLoad: LoadTracker,
): ReplicaMove[] {
  const sorted = [...partitions].sort((a, b) => a.id - b.id);
  const placer = makePlacer(
    brokers,
    sorted.map((p) => p.replicas),
    clusterLoad,
  );
  const moves: ReplicaMove[] = [];
  for (const p of sorted) {
    if (p.replicas.length === target) continue;
    const to =
      p.replicas.length < target ? addReplicas(placer, p.replicas, target, false) : removeReplicas(placer, p, target);
    moves.push({ partition: p.id, from: [...p.replicas], to });
  }
  return moves;
}

/**
 * Placement for new partitions `from`..`to - 1` with `replicationFactor` replicas each, given the topic's assignment
 * after its moves. Used when the same plan changes the replication factor: without explicit assignments the broker
 * would give new partitions the old replication factor.
 */
export function assignNewPartitions(
  existing: readonly (readonly number[])[],
  from: number,
  to: number,
  replicationFactor: number,
  brokers: readonly ObservedBroker[],
  clusterLoad: LoadTracker,
): PartitionAssignment[] {
  const placer = makePlacer(brokers, existing, clusterLoad);
  const out: PartitionAssignment[] = [];
  for (let partition = from; partition < to; partition++) {
    out.push({ partition, replicas: addReplicas(placer, [], replicationFactor, true) });
  }
  return out;
}
