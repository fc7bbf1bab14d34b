/**
 * Orders subjects so every one comes after the subjects it references (registries refuse a reference to a subject
 * that does not exist yet); among the subjects that are ready at the same time, by name. What cannot be ordered is
 * in a cycle or depends on one: those come last, by name, and each cycle is returned (starting at its smallest name).
 */
export function orderByReferences(dependencies: ReadonlyMap<string, readonly string[]>): {
  order: string[];
  cycles: string[][];
} {
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [name, deps] of dependencies) {
    const known = [...new Set(deps)].filter((d) => dependencies.has(d));
    waitingOn.set(name, known.length);
    for (const dep of known) dependents.set(dep, [...(dependents.get(dep) ?? []), name]);
  }
  const ready = [...waitingOn].filter(([, count]) => count === 0).map(([name]) => name);
  ready.sort(compareNames);
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as string;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const count = (waitingOn.get(dependent) as number) - 1;
      waitingOn.set(dependent, count);
      if (count === 0) ready.splice(insertionPoint(ready, dependent), 0, dependent);
    }
  }
  const placed = new Set(order);
  const left = [...dependencies.keys()].filter((name) => !placed.has(name)).sort(compareNames);
  return { order: [...order, ...left], cycles: findCycles(left, dependencies) };
}

/** Each left-over subject waits on another left-over one, so walking from any of them ends in a cycle. */
function findCycles(left: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[][] {
  const remaining = new Set(left);
  const visited = new Set<string>();
  const cycles: string[][] = [];
  for (const start of left) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let node: string | undefined = start;
    while (node !== undefined && !visited.has(node) && !onPath.has(node)) {
      onPath.set(node, path.length);
      path.push(node);
      node = (dependencies.get(node) ?? []).filter((d) => remaining.has(d)).sort(compareNames)[0];
    }
    if (node !== undefined && onPath.has(node)) cycles.push(startingAtSmallest(path.slice(onPath.get(node))));
    for (const seen of path) visited.add(seen);
  }
  return cycles;
}

function startingAtSmallest(cycle: readonly string[]): string[] {
  const smallest = cycle.indexOf([...cycle].sort(compareNames)[0] as string);
  return [...cycle.slice(smallest), ...cycle.slice(0, smallest)];
}

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function insertionPoint(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareNames(sorted[mid] as string, name) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
