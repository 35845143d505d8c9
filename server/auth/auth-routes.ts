import type { Request, Response } from 'express';
import type { Db } from '../db/db.ts';
import { parseWith } from '../http/parse-body.ts';
import { clientInfo } from '../http/client-info.ts';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { PERMISSIONS } from './permissions.ts';
import type { Viewer } from './scope.ts';
import { viewerForSession, type SessionConfig } from './sessions.ts';
import { loginSchema, passwordSchema, wallExchangeSchema, type SessionInfo } from './auth-contract.ts';
import type { SignIn } from './sign-in.ts';

/** What the client learns about its own session (never the cookie). */
function sessionView(viewer: Viewer): SessionInfo {
  return {
    user: {
      kind: viewer.kind,
      name: viewer.name,
      displayName: viewer.displayName,
      role: viewer.role,
      areaCode: viewer.areaCode,
      permissions: [...PERMISSIONS[viewer.role]],
      mustChangePassword: viewer.mustChangePassword,
    },
    csrfToken: viewer.csrfToken,
  };
}

/** /api/auth: sign in with a password or a wall token, read the session, change the password, sign out. */
export function authRoutes(db: Db, registry: RouteSpec[], signIn: SignIn, config: SessionConfig) {
  const r = secureRouter(db, registry, '/api/auth');
  const answerWithSession = async (req: Request, res: Response, issued: { token: string; sessionId: string }): Promise<void> => {
    setSessionCookie(req, res, issued.token);
    const viewer = await viewerForSession(db, issued.sessionId, config);
    res.set('Cache-Control', 'no-store');
    res.json(sessionView(viewer!));
  };

  r.post('/login', 'public', async (req, res) => {
    await answerWithSession(req, res, await signIn.login(parseWith(loginSchema, req.body), clientInfo(req)));
  });
  r.post('/wall', 'public', async (req, res) => {
    await answerWithSession(req, res, await signIn.openWall(parseWith(wallExchangeSchema, req.body), clientInfo(req)));
  });
  r.get('/session', 'session', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(sessionView(req.viewer!));
  });
  r.post('/password', 'session', async (req, res) => {
    await signIn.changePassword(req.viewer!, parseWith(passwordSchema, req.body), clientInfo(req));
    res.status(204).end();
  });
  r.post('/logout', 'session', async (req, res) => {
    await signIn.logout(req.viewer!, clientInfo(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  return r;
}
