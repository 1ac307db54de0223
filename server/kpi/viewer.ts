import type express from 'express';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import { tokenFromRequest, verifyToken, type VerifiedClaims } from '../relay/auth.ts';

// Who is reading: the same rule as GET /api/incidents — a display, officer or admin token (header or
// ?token=), or, in demo mode without a token, the district display.

export interface ViewerAuth {
  secret: string;
  demo: boolean;
}

export async function viewerOf(
  auth: ViewerAuth,
  req: express.Request,
  res: express.Response,
): Promise<VerifiedClaims | null> {
  const token = tokenFromRequest(req);
  if (!token && auth.demo) return { role: 'display', scope: DISTRICT_SCOPE, sub: 'demo', exp: 0 };
  try {
    const c = await verifyToken(auth.secret, token);
    if (c.role === 'center') throw new Error('center tokens publish, they do not read');
    return c;
  } catch (e) {
    res.status(401).json({ error: 'unauthorized', message: (e as Error).message });
    return null;
  }
}
