// Who is signed in, loaded once from GET /api/auth/me and shared through a tiny store.
import { useSyncExternalStore } from 'react';
import { ApiError, api } from './api.ts';

export interface Me {
  id: number | null;
  username: string;
  displayName: string;
  role: string;
  roleLabel: { zh: string; en: string };
  permissions: string[];
  scope: {
    region: { id: number; name: string; level: string; code: string } | null;
    department: { id: number; name: string; code: string } | null;
    householdId: number | null;
  };
  csrfToken: string | null;
}

/** undefined: not asked yet; null: asked, nobody signed in. */
let me: Me | null | undefined;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((fn) => fn());
const subscribe = (fn: () => void) => { listeners.add(fn); return () => { listeners.delete(fn); }; };
const snapshot = () => me;

export function useMe(): Me | null | undefined {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export async function loadMe(): Promise<Me | null> {
  try {
    me = await api.get<Me>('/api/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) me = null;
    else throw e;
  }
  emit();
  return me;
}

export function clearMe() { me = null; emit(); }
export function getMe(): Me | null | undefined { return me; }

export async function logout() {
  try { await api.post('/api/auth/logout'); } finally { clearMe(); }
}

export function can(user: Me | null | undefined, permission: string): boolean {
  return !!user?.permissions?.includes(permission);
}
