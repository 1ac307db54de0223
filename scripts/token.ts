// `npm run token -- --role center --street S01` prints a relay token (JWT) on stdout.
// Options: --role center|display|officer|admin, --street <id> or --scope district|<id>,
// --ttl 8h|30m|3600 (seconds), --sub <name>. Uses GRIDWALL_SECRET, else the demo secret in data/.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { DEFAULT_TTL_S, DEMO_TTL_S, resolveSecret, signToken } from '../server/relay/auth.ts';
import { DISTRICT_FILES, type Hierarchy } from '../src/domain/district.types.ts';
import { DISTRICT_SCOPE, roleSchema } from '../src/protocol/common.schema.ts';

function ttlSeconds(s: string | undefined, fallback: number): number {
  if (!s) return fallback;
  const m = /^(\d+)([smhd]?)$/.exec(s.trim());
  if (!m) throw new Error(`--ttl: expected e.g. 3600, 30m, 8h, 7d; got ${s}`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

/**
 * The relay scopes a token to the district or one street and refuses any other id at the handshake,
 * so a community (or grid) token would only fail later on the wall: refuse it here, saying why.
 */
function checkStreet(districtDir: string, scope: string) {
  const file = path.join(districtDir, DISTRICT_FILES.hierarchy);
  if (!fs.existsSync(file))
    throw new Error(`no district data in ${districtDir} to check ${scope} against (run npm run build:data)`);
  const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Pick<Hierarchy, 'streets' | 'communities' | 'grids'>;
  if (h.streets.some((st) => st.id === scope)) return;
  const below = h.communities.find((c) => c.id === scope) ?? h.grids.find((g) => g.id === scope);
  if (below) {
    const street = h.streets.find((st) => scope.startsWith(`${st.id}-`))?.id ?? '<street>';
    throw new Error(
      `${scope} is a ${below.level}: the relay issues tokens for the district or one street only, not a ${below.level}; use --street ${street}`,
    );
  }
  throw new Error(`unknown street ${scope} (streets: ${h.streets.map((st) => st.id).join(', ')})`);
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
  if (scope !== DISTRICT_SCOPE) checkStreet(config.districtDir, scope);
  const { secret, demo } = resolveSecret(config.secret, config.dataDir, false);
  const ttl = ttlSeconds(values.ttl, demo ? DEMO_TTL_S : DEFAULT_TTL_S);
  const token = await signToken(secret, { role, scope, sub: values.sub ?? `${role}-${scope}` }, ttl);
  process.stdout.write(token + '\n');
  process.stderr.write(
    `token: ${role} for ${scope}, valid ${Math.round(ttl / 3600)} h${demo ? ' (demo secret)' : ''}\n`,
  );
} catch (e) {
  process.stderr.write(`token: ${(e as Error).message}\n`);
  process.exit(2);
}
