import { z } from 'zod';
import type { Role } from './permissions.ts';

/** The sign-in API (/api/auth) as both sides see it. */

/** Body of POST /api/auth/login. Long inputs are refused before they reach the database. */
export const loginSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
});

/** Body of POST /api/auth/password. */
export const passwordSchema = z.object({ current: z.string().min(1).max(1024), next: z.string().max(1024) });

/** Body of POST /api/auth/wall. */
export const wallExchangeSchema = z.object({ token: z.string().min(1).max(200) });

/** The signed-in user or wall display, as the server describes it. */
export interface SessionUser {
  kind: 'user' | 'wall';
  name: string;
  displayName: string;
  role: Role;
  areaCode: string;
  permissions: string[];
  mustChangePassword: boolean;
}

/** A session: who, and the CSRF token for state changes. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}
