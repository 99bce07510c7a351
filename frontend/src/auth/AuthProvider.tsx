// Session state for the SPA: whether a token is held, and why the user was signed out.
// The API client reports refused tokens; this provider turns that into a redirect.

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useApi } from '../api/context';
import type { LoginRequest } from '../api/types';

export type SignOutReason = 'expired' | 'signed_out';

interface AuthContextValue {
  authenticated: boolean;
  signOutReason: SignOutReason | null;
  signIn(req: LoginRequest): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [authenticated, setAuthenticated] = useState(() => api.isAuthenticated());
  const [signOutReason, setSignOutReason] = useState<SignOutReason | null>(null);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        setAuthenticated(false);
        setSignOutReason('expired');
        queryClient.clear();
      }),
    [api, queryClient],
  );

  const signIn = useCallback(
    async (req: LoginRequest) => {
      await api.login(req);
      queryClient.clear();
      setSignOutReason(null);
      setAuthenticated(true);
    },
    [api, queryClient],
  );

  const signOut = useCallback(async () => {
    await api.logout();
    queryClient.clear();
    setSignOutReason('signed_out');
    setAuthenticated(false);
  }, [api, queryClient]);

  const value = useMemo(
    () => ({ authenticated, signOutReason, signIn, signOut }),
    [authenticated, signOutReason, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/**
 * Renders children only with a session; otherwise sends the user to /login. After an
 * expired session the user comes back to the same page; after signing out, the next
 * person to sign in starts at home (the last page may not be theirs to see).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { authenticated, signOutReason } = useAuth();
  const location = useLocation();
  if (!authenticated) {
    const state = signOutReason === 'signed_out' ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <>{children}</>;
}
