// Shapes of the REST API (docs/api.md is the contract).

export type Role = 'viewer' | 'approver' | 'operator' | 'editor' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  isOwner: boolean;
  createdAt?: string;
  projects?: ProjectRef[];
}

export interface ProjectRef {
  id: string;
  name: string;
  role: Role;
}

export interface Project extends ProjectRef {
  createdAt?: string;
}

export interface AuthStatus {
  setupRequired: boolean;
  user: User | null;
}

export interface ConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** n8n's connections: source node → connection type → output index → targets. */
export type Connections = Record<string, Record<string, (ConnectionTarget[] | null)[]>>;

export interface WorkflowNode {
  id?: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  disabled?: boolean;
  notes?: string;
  onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
  credentials?: Record<string, { id: string; name: string }>;
  [extra: string]: unknown;
}

export interface PinnedItem {
  json: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface WorkflowDoc {
  name: string;
  nodes: WorkflowNode[];
  connections: Connections;
  settings?: Record<string, unknown>;
  pinData?: Record<string, PinnedItem[]>;
  staticData?: unknown;
  meta?: unknown;
  tags?: string[];
}

export interface Workflow extends WorkflowDoc {
  id: string;
  active: boolean;
  versionId: string;
  projectId: string;
  createdAt?: string;
  updatedAt?: string;
}

export type ExecutionStatus = 'running' | 'waiting' | 'success' | 'error' | 'canceled' | 'new' | 'crashed';

export interface WorkflowSummary {
  id: string;
  name: string;
  active: boolean;
  tags: string[];
  projectId: string;
  updatedAt: string;
  nodeCount: number;
  lastExecution: { id: string; status: ExecutionStatus; startedAt: string } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  mode: string;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  lastNode: string | null;
  failedNode: string | null;
  parentExecutionId: string | null;
}

export interface Item {
  json: Record<string, unknown>;
  binary?: Record<string, BinaryInfo>;
  pairedItem?: unknown;
  error?: unknown;
}

export interface BinaryInfo {
  data?: string;
  mimeType?: string;
  fileName?: string;
  fileExtension?: string;
  fileSize?: string | number;
  id?: string;
  [extra: string]: unknown;
}

export interface NodeErrorInfo {
  message: string;
  description?: string | null;
  name?: string;
  [extra: string]: unknown;
}

export interface RunSource {
  previousNode: string;
  previousNodeOutput?: number;
  previousNodeRun?: number;
}

export interface NodeRun {
  startTime: number;
  executionTime: number;
  executionStatus?: string;
  source?: (RunSource | null)[];
  data?: { main?: (Item[] | null)[] };
  error?: NodeErrorInfo;
}

export type RunData = Record<string, NodeRun[]>;

export interface Execution extends ExecutionSummary {
  error?: NodeErrorInfo | null;
  workflow?: WorkflowDoc;
  runData: RunData;
}

export interface Credential {
  id: string;
  name: string;
  type: string;
  projectId: string;
  createdAt?: string;
  updatedAt?: string;
  fields: string[];
}

export interface CredentialTypeProperty {
  name: string;
  displayName: string;
  type: string;
  required?: boolean;
  secret?: boolean;
  options?: (string | { name: string; value: string })[] | null;
  default?: unknown;
  /** Written by Tessera (e.g. `oauthTokenData`): never an editable field. */
  system?: boolean;
}

export interface CredentialType {
  name: string;
  displayName: string;
  properties: CredentialTypeProperty[];
}

export type ParameterKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'options'
  | 'multiOptions'
  | 'collection'
  | 'fixedCollection'
  | 'json'
  | 'code'
  | 'dateTime'
  | 'filter'
  | 'assignmentCollection'
  | 'resourceLocator'
  | 'notice'
  | 'any';

export interface ParameterOption {
  name: string;
  value: unknown;
  description?: string | null;
}

export interface NodeParameter {
  name: string;
  displayName?: string | null;
  type: ParameterKind | string;
  default?: unknown;
  description?: string | null;
  options?: ParameterOption[] | null;
  children?: NodeParameter[] | null;
  versions?: number[] | null;
  showWhen?: Record<string, unknown[]> | null;
  required?: boolean;
  multipleValues?: boolean;
}

export interface NodeType {
  name: string;
  displayName: string;
  description?: string;
  group?: string;
  category?: string;
  versions: number[];
  defaultVersion?: number;
  inputs?: unknown;
  outputs?: unknown;
  outputNames?: string[] | null;
  credentials?: string[];
  parameters: NodeParameter[];
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  currentVersionId?: string;
  [extra: string]: unknown;
}
