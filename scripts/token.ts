// `npm run token -- --role center --street S01` prints a relay token (JWT) on stdout.
// Options: --role center|display|officer|admin, --street <id> or --scope district|<id>,
// --ttl 8h|30m|3600 (seconds), --sub <name>. Uses GRIDWALL_SECRET, else the demo secret in data/.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { DEFAULT_TTL_S, DEMO_TTL_S, resolveSecret, signToken } from '../server/relay/auth.ts';
import { DISTRICT_SCOPE, roleSchema } from '../src/protocol/common.schema.ts';

function ttlSeconds(s: string | undefined, fallback: number): number {
  if (!s) return fallback;
  const m = /^(\d+)([smhd]?)$/.exec(s.trim());
  if (!m) throw new Error(`--ttl: expected e.g. 3600, 30m, 8h, 7d; got ${s}`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      street: { type: 'string' },
      scope: { type: 'string' },
      ttl: { type: 'string' },
      sub: { type: 'string' },
    },
  });
  const role = roleSchema.parse(values.role);
  const scope = values.street ?? values.scope ?? (role === 'center' ? undefined : DISTRICT_SCOPE);
  if (!scope) throw new Error('a center token needs --street <id>');
  const config = loadConfig();
  const { secret, demo } = resolveSecret(config.secret, config.dataDir, false);
  const ttl = ttlSeconds(values.ttl, demo ? DEMO_TTL_S : DEFAULT_TTL_S);
  const token = await signToken(secret, { role, scope, sub: values.sub ?? `${role}-${scope}` }, ttl);
  process.stdout.write(token + '\n');
  process.stderr.write(`token: ${role} for ${scope}, valid ${Math.round(ttl / 3600)} h${demo ? ' (demo secret)' : ''}\n`);
} catch (e) {
  process.stderr.write(`token: ${(e as Error).message}\n`);
  process.exit(2);
}
