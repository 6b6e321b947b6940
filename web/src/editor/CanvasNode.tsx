import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowNode } from '../api/types';
import type { Ports } from './graph';
import { iconFor } from './nodeTypes';

export interface CanvasNodeData extends Record<string, unknown> {
  node: WorkflowNode;
  typeLabel: string;
  ports: Ports;
  status?: 'running' | 'success' | 'error' | 'waiting';
  itemCount?: number;
  error?: string;
  pinned: boolean;
  unknownType: boolean;
  onOpen: (name: string) => void;
}

export type CanvasFlowNode = Node<CanvasNodeData, 'tessera'>;

function portTop(i: number, n: number): string {
  return `${((i + 1) / (n + 1)) * 100}%`;
}

/** One workflow node on the canvas: ports, name, status and the first line of its error. */
export const CanvasNode = memo(function CanvasNode({ data, selected }: NodeProps<CanvasFlowNode>) {
  const { node, ports, status } = data;
  const outs = ports.outputs.length + (ports.errorOutput ? 1 : 0);
  return (
    <div
      className={`wf-node ${selected ? 'selected' : ''} ${status ? `st-${status}` : ''} ${node.disabled ? 'disabled' : ''} ${data.unknownType ? 'unknown' : ''}`}
      data-node-name={node.name}
      onDoubleClick={() => data.onOpen(node.name)}
    >
      {Array.from({ length: ports.inputs }, (_, i) => (
        <Handle key={`in-${i}`} id={`in-${i}`} type="target" position={Position.Left} style={{ top: portTop(i, ports.inputs) }} title={`Input ${i + 1}`} />
      ))}
      <div className="wf-node-icon" aria-hidden="true">{iconFor(node.type)}</div>
      <div className="wf-node-text">
        <div className="wf-node-name">{node.name}</div>
        <div className="wf-node-type">{data.typeLabel}</div>
        {status && status !== 'error' && <div className={`wf-node-status ${status}`}>{status === 'running' ? 'running…' : status === 'waiting' ? 'waiting' : `✓ ${data.itemCount ?? 0} item${data.itemCount === 1 ? '' : 's'}`}</div>}
        {status === 'error' && <div className="wf-node-error" role="status" title={data.error}>⚠ {data.error ?? 'failed'}</div>}
      </div>
      {data.pinned && <span className="wf-node-pin" role="img" title="Output pinned" aria-label="Output pinned">⚑</span>}
      {ports.outputs.map((label, i) => (
        <div key={`out-${i}`}>
          {label && <span className="wf-port-label" style={{ top: portTop(i, outs) }}>{label}</span>}
          <Handle id={`out-${i}`} type="source" position={Position.Right} style={{ top: portTop(i, outs) }} title={`Output ${label || i + 1}`} />
        </div>
      ))}
      {ports.errorOutput && (
        <div>
          <span className="wf-port-label error" style={{ top: portTop(outs - 1, outs) }}>error</span>
          <Handle id="err" type="source" className="error-handle" position={Position.Right} style={{ top: portTop(outs - 1, outs) }} title="Error output" />
        </div>
      )}
    </div>
  );
});
