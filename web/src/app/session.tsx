import { createContext, useContext } from 'react';
import type { ProjectRef, Role, User } from '../api/types';

export interface Session {
  user: User;
  projects: ProjectRef[];
  project: ProjectRef | null;
  setProject: (id: string) => void;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

const ORDER: Role[] = ['viewer', 'approver', 'operator', 'editor', 'admin'];

/** True when the caller's role in the current project is at least `needed` (the owner is admin everywhere). */
export function can(session: Session, needed: Role, role?: Role): boolean {
  if (session.user.isOwner) return true;
  const r = role ?? session.project?.role;
  if (!r) return false;
  return ORDER.indexOf(r) >= ORDER.indexOf(needed);
}
