import { api } from '../api/client';
import type { NodeType } from '../api/types';

let cache: Promise<NodeType[]> | null = null;

/** The node catalogue, fetched once per page load. */
export function loadNodeTypes(): Promise<NodeType[]> {
  cache ??= api.nodeTypes().catch((e) => {
    cache = null;
    throw e;
  });
  return cache;
}

export function typeIndex(types: NodeType[]): Map<string, NodeType> {
  return new Map(types.map((t) => [t.name, t]));
}

/** The parameters of a node type that apply to a version. */
export function shortTypeName(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

const ICONS: Record<string, string> = {
  manualTrigger: '▶', scheduleTrigger: '◷', webhook: '⚡', set: '✎', if: '⋔', switch: '⇶', merge: '⋈', code: '{}', httpRequest: '⇄',
  noOp: '○', filter: '▽', splitInBatches: '↻', wait: '‖', stopAndError: '✕', sort: '⇅', limit: '⊟', aggregate: 'Σ', splitOut: '⇉',
  removeDuplicates: '≠', dateTime: '◫', crypto: '#', executeWorkflow: '↪', respondToWebhook: '↩', summarize: 'Σ',
};

export function iconFor(type: string): string {
  return ICONS[shortTypeName(type)] ?? '◆';
}
