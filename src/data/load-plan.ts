/** The order a restore loads tables in (src/data/backup.ts): pure, so it is tested on its own. */

export interface ForeignKey {
  /** The constraint's name. */
  name: string;
  /** The table holding the reference. */
  from: string;
  /** The table referred to. */
  to: string;
}

export interface LoadPlan {
  /** Every table, each after the tables it refers to (ties in alphabetical order). */
  order: string[];
  /**
   * Keys between tables that refer to each other in a cycle (directly or through others): no order
   * satisfies them, so they are dropped for the load and added back after it, which checks every row.
   */
  cycleKeys: ForeignKey[];
}

/**
 * An order to load `tables` in, table by table, with their foreign keys in place. A table that
 * refers to itself is fine (one COPY checks its rows at the end of the statement).
 */
export function loadPlan(tables: readonly string[], keys: readonly ForeignKey[]): LoadPlan {
  const names = [...new Set(tables)].sort();
  const known = new Set(names);
  const edges = keys.filter((k) => k.from !== k.to && known.has(k.from) && known.has(k.to));
  const out = new Map<string, string[]>(names.map((t) => [t, []]));
  for (const k of edges) out.get(k.from)!.push(k.to);
  // Strongly connected components (Tarjan): tables in one component of more than one table refer to each other in a cycle.
  const component = new Map<string, number>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components);
      } while (w !== v);
      components++;
    }
  };
  for (const t of names) if (!index.has(t)) visit(t);
  const cycleKeys = edges.filter((k) => component.get(k.from) === component.get(k.to));
  const needs = new Map<string, Set<string>>(names.map((t) => [t, new Set<string>()]));
  for (const k of edges) if (component.get(k.from) !== component.get(k.to)) needs.get(k.from)!.add(k.to);
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = [...names];
  while (remaining.length) {
    // Without the cycle keys the graph has no cycle, so some table is always ready.
    const at = remaining.findIndex((t) => [...needs.get(t)!].every((n) => placed.has(n)));
    const next = remaining.splice(at, 1)[0]!;
    order.push(next);
    placed.add(next);
  }
  return { order, cycleKeys };
}
