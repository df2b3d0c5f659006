import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setUnauthorizedHandler } from '../api/client';
import { auth } from '../api/endpoints';
import type { Role, User } from '../api/types';
import { clearOutbox } from './outbox';

interface SessionValue {
  user: User | null;
  /** false until GET /api/auth/me answered. */
  ready: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** After changing one's password: the session is no longer restricted. */
  passwordChanged: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    auth
      .me()
      .then((r) => setUser(r.user))
      .catch(() => setUser(null))
      .finally(() => setReady(true));
    setUnauthorizedHandler(() => setUser(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await auth.login(username, password);
    setUser(r.user);
    return r.user;
  }, []);
  const logout = useCallback(async () => {
    await auth.logout().catch(() => undefined);
    // Nothing the last person entered stays on a shared phone.
    await clearOutbox().catch(() => undefined);
    setUser(null);
  }, []);

  const passwordChanged = useCallback(() => setUser((u) => (u ? { ...u, mustChangePassword: false } : u)), []);

  const value = useMemo(() => ({ user, ready, login, logout, passwordChanged }), [user, ready, login, logout, passwordChanged]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export const DESK_ROLES: Role[] = ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'inspector'];

/** Where a user lands after signing in. */
export function homeOf(user: User): string {
  if (user.role === 'grid_worker') return '/grid';
  if (DESK_ROLES.includes(user.role)) return '/desk';
  return '/mine';
}
