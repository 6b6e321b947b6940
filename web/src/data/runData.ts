import type { Item, NodeRun, RunData } from '../api/types';

/** The output items of one node run, per output. */
export function outputsOf(run: NodeRun | undefined): Item[][] {
  return (run?.data?.main ?? []).map((items) => items ?? []);
}

/** The items that reached a node run's first input: the outputs of the nodes named in its source. */
export function inputsOf(runData: RunData, run: NodeRun | undefined): Item[] {
  if (!run?.source) return [];
  const items: Item[] = [];
  for (const src of run.source) {
    if (!src) continue;
    const prev = runData[src.previousNode]?.[src.previousNodeRun ?? 0];
    items.push(...(outputsOf(prev)[src.previousNodeOutput ?? 0] ?? []));
  }
  return items;
}

export function totalItems(run: NodeRun | undefined): number {
  return outputsOf(run).reduce((n, items) => n + items.length, 0);
}
