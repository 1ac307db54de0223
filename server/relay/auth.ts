import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { idSchema, roleSchema, scopeSchema, DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type TokenClaims } from '../../src/protocol/events.ts';

// Relay tokens: HS256 JWTs (jose) carrying role, scope and expiry. Demo mode keeps a generated
// secret in the data directory so restarts keep issued tokens valid.

export const DEMO_SECRET_FILE = 'relay-secret';
export const DEV_TOKENS_FILE = 'dev-tokens.json';
export const DEMO_TTL_S = 365 * 24 * 3600;
/** configured mode: a shift, not a year */
export const DEFAULT_TTL_S = 8 * 3600;

const claimsSchema = z
  .object({ role: roleSchema, scope: scopeSchema, sub: z.string().min(1).max(64) })
  .refine((c) => c.role !== 'center' || c.scope !== DISTRICT_SCOPE, 'a center token is scoped to one street');

export interface VerifiedClaims extends TokenClaims {
  exp: number; // epoch seconds
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(secret: string, claims: TokenClaims, ttlS = DEFAULT_TTL_S): Promise<string> {
  const c = claimsSchema.parse(claims);
  if (c.scope !== DISTRICT_SCOPE) idSchema.parse(c.scope);
  return new SignJWT({ role: c.role, scope: c.scope })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlS)
    .sign(key(secret));
}

/** Throws with a short reason on a bad signature, wrong issuer/audience, expiry or claims. */
export async function verifyToken(secret: string, token: unknown): Promise<VerifiedClaims> {
  if (typeof token !== 'string' || token.length === 0) throw new Error('no token');
  if (token.length > 4096) throw new Error('token too long');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Error(code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token', { cause: e });
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new Error('invalid claims');
  return { ...parsed.data, exp: payload.exp as number };
}

/** The configured secret, or the demo secret file (created on first use). */
export function resolveSecret(
  configSecret: string | null,
  dataDir: string,
  create: boolean,
): { secret: string; demo: boolean } {
  if (configSecret) return { secret: configSecret, demo: false };
  const file = path.join(dataDir, DEMO_SECRET_FILE);
  if (fs.existsSync(file)) {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return { secret: s, demo: true };
  }
  if (!create) throw new Error(`no GRIDWALL_SECRET and no demo secret in ${file} (start the server once)`);
  fs.mkdirSync(dataDir, { recursive: true });
  const s = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, s + '\n', { mode: 0o600 });
  return { secret: s, demo: true };
}

export interface DevTokens {
  centers: Record<string, string>;
  display: string;
  officer: string;
  admin: string;
}

export async function writeDevTokens(
  secret: string,
  dataDir: string,
  streetIds: readonly string[],
): Promise<{ file: string; tokens: DevTokens }> {
  const centers: Record<string, string> = {};
  for (const s of streetIds)
    centers[s] = await signToken(secret, { role: 'center', scope: s, sub: `center-${s}` }, DEMO_TTL_S);
  const tokens: DevTokens = {
    centers,
    display: await signToken(secret, { role: 'display', scope: DISTRICT_SCOPE, sub: 'demo-wall' }, DEMO_TTL_S),
    officer: await signToken(secret, { role: 'officer', scope: DISTRICT_SCOPE, sub: 'demo-officer' }, DEMO_TTL_S),
    admin: await signToken(secret, { role: 'admin', scope: DISTRICT_SCOPE, sub: 'demo-admin' }, DEMO_TTL_S),
  };
  const file = path.join(dataDir, DEV_TOKENS_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });
  return { file, tokens };
}

/** Bearer header or ?token= query. */
export function tokenFromRequest(req: { headers: Record<string, unknown>; query?: unknown }): string | null {
  const h = req.headers['authorization'];
  if (typeof h === 'string' && h.startsWith('Bearer ')) return h.slice(7).trim();
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : null;
}
