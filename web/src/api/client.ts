import type {
  AuthStatus, Credential, CredentialType, Execution, ExecutionSummary, NodeType, Page, Problem, Project,
  RunData, User, Workflow, WorkflowDoc, WorkflowSummary,
} from './types';

const BASE = '/api/v1';

/** A failed API call, carrying the RFC 9457 problem the server sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(describeProblem(status, problem));
    this.status = status;
    this.problem = problem;
  }

  /** The stable slug of the problem type (`version-conflict`, `forbidden`…). */
  get slug(): string {
    const t = this.problem.type ?? '';
    return t.slice(t.lastIndexOf('/') + 1);
  }
}

function describeProblem(status: number, p: Problem): string {
  const head = p.detail || p.title || `Request failed (${status})`;
  if (p.errors?.length) return `${head}: ${p.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`;
  return head;
}

/** Listeners told when a call answers 401, so the app can go back to sign-in. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: `The server cannot be reached (${String(e)}). Check that tessera serve is running.` });
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const problem: Problem = typeof data === 'object' && data ? (data as Problem) : { title: typeof data === 'string' ? data : res.statusText };
    if (res.status === 401 && !path.startsWith('/auth/')) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(res.status, problem);
  }
  return data as T;
}

function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
}

export interface PreviewResult {
  value?: unknown;
  error?: string | { message?: string };
}

export const api = {
  authStatus: () => request<AuthStatus>('GET', '/auth/status'),
  setup: (b: { email: string; name: string; password: string }) => request<User>('POST', '/auth/setup', b),
  login: (b: { email: string; password: string }) => request<User>('POST', '/auth/login', b),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<User>('GET', '/me'),
  projects: () => request<Project[]>('GET', '/projects'),

  workflows: (p: { projectId?: string; search?: string; tag?: string; active?: boolean; limit?: number; offset?: number }) =>
    request<Page<WorkflowSummary>>('GET', `/workflows${qs(p)}`),
  workflow: (id: string) => request<Workflow>('GET', `/workflows/${encodeURIComponent(id)}`),
  createWorkflow: (projectId: string | undefined, doc: WorkflowDoc) =>
    request<Workflow>('POST', `/workflows${qs({ projectId })}`, doc),
  saveWorkflow: (id: string, wf: WorkflowDoc & { versionId: string }) =>
    request<Workflow>('PUT', `/workflows/${encodeURIComponent(id)}`, wf),
  deleteWorkflow: (id: string) => request<void>('DELETE', `/workflows/${encodeURIComponent(id)}`),
  activate: (id: string, on: boolean) =>
    request<Workflow>('POST', `/workflows/${encodeURIComponent(id)}/${on ? 'activate' : 'deactivate'}`),
  runWorkflow: (id: string, b: { startNode?: string; destinationNode?: string; workflow?: WorkflowDoc; wait?: boolean }) =>
    request<{ executionId: string } & Partial<Execution>>('POST', `/workflows/${encodeURIComponent(id)}/run`, b),
  importWorkflows: (projectId: string | undefined, json: unknown) =>
    request<Workflow[]>('POST', `/workflows/import${qs({ projectId })}`, json),
  exportWorkflow: (id: string) => request<WorkflowDoc>('GET', `/workflows/${encodeURIComponent(id)}/export`),
  duplicate: (id: string) => request<Workflow>('POST', `/workflows/${encodeURIComponent(id)}/duplicate`),

  executions: (p: { projectId?: string; workflowId?: string; status?: string; from?: string; to?: string; limit?: number; cursor?: string }) =>
    request<{ items: ExecutionSummary[]; nextCursor: string | null }>('GET', `/executions${qs(p)}`),
  execution: (id: string) => request<Execution>('GET', `/executions/${encodeURIComponent(id)}`),
  deleteExecution: (id: string) => request<void>('DELETE', `/executions/${encodeURIComponent(id)}`),
  cancelExecution: (id: string) => request<ExecutionSummary>('POST', `/executions/${encodeURIComponent(id)}/cancel`),
  retry: (id: string) => request<{ executionId: string }>('POST', `/executions/${encodeURIComponent(id)}/retry`),
  replay: (id: string, fromNode: string) =>
    request<{ executionId: string }>('POST', `/executions/${encodeURIComponent(id)}/replay`, { fromNode }),

  credentialTypes: () => request<CredentialType[]>('GET', '/credential-types'),
  credentials: (projectId?: string) => request<Credential[]>('GET', `/credentials${qs({ projectId })}`),
  createCredential: (projectId: string | undefined, b: { name: string; type: string; data: Record<string, unknown> }) =>
    request<Credential>('POST', `/credentials${qs({ projectId })}`, b),
  updateCredential: (id: string, b: { name?: string; data?: Record<string, unknown> }) =>
    request<Credential>('PATCH', `/credentials/${encodeURIComponent(id)}`, b),
  deleteCredential: (id: string) => request<void>('DELETE', `/credentials/${encodeURIComponent(id)}`),
  credential: (id: string) => request<Credential>('GET', `/credentials/${encodeURIComponent(id)}`),
  oauth2Auth: (id: string) => request<{ authUrl: string; redirectUri: string }>('GET', `/credentials/${encodeURIComponent(id)}/oauth2/auth`),
  testCredential: (id: string) => request<{ ok: boolean; message: string }>('POST', `/credentials/${encodeURIComponent(id)}/test`),

  nodeTypes: () => request<NodeType[]>('GET', '/node-types'),
  previewExpression: (b: { workflow: WorkflowDoc; node: string; expression: string; itemIndex?: number; runData?: RunData }) =>
    request<PreviewResult>('POST', '/expressions/preview', b),
};

/** Opens an SSE stream under the API; the caller closes it. */
export function openEvents(path: string, handlers: Record<string, (data: any) => void>): EventSource {
  const source = new EventSource(BASE + path, { withCredentials: true });
  for (const [type, handler] of Object.entries(handlers)) {
    source.addEventListener(type, (e) => {
      try {
        handler(JSON.parse((e as MessageEvent).data));
      } catch {
        /* a malformed event is skipped; the next refresh corrects the view */
      }
    });
  }
  return source;
}
