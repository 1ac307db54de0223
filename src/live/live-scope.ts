// What a wall may see follows from its token: a district token subscribes to the district, a street
// token (a street hall's wall or officer) to its street, and the wall opens focused there. The relay
// decides for real (it refuses any other subscription); this only keeps the wall from asking for
// what it will not get, and turns a refusal into a fallback the wall can say out loud.
import { DISTRICT_SCOPE, type Role } from '../protocol/common.schema.ts';

export interface ScopeClaims {
  role: Role | null;
  scope: string | null;
}

export interface ScopePlan {
  /** The relay subscription: 'district' or one street id. */
  subscribe: string;
  /** The street the token confines the wall to; null for the whole district. */
  street: string | null;
  /** The area the wall opens on unless a deep link says otherwise; null: the scene's own. */
  focus: string | null;
}

/** Unverified claims (readTokenClaims) → what to subscribe to and where to open. */
export function planScope(claims: ScopeClaims): ScopePlan {
  const scope = claims.scope;
  if (!scope || scope === DISTRICT_SCOPE) return { subscribe: DISTRICT_SCOPE, street: null, focus: null };
  return { subscribe: scope, street: scope, focus: scope };
}

/**
 * The subscription refused: what the wall says (badge, ?diag=1) and what it asks for instead. The
 * fallback is the token's own scope; none when that is what was refused (then nothing is left).
 */
export function onSubscribeRefused(
  claims: ScopeClaims,
  asked: string,
  relayMessage: string,
): { message: string; fallback: string | null } {
  const own = claims.scope ?? DISTRICT_SCOPE;
  const message = `scope ${own} cannot subscribe to ${asked} (${relayMessage})`;
  return { message, fallback: asked !== own ? own : null };
}

/**
 * The initial focus: a deep link wins when it lies within the token's street (or the token is the
 * district's); otherwise a street token opens on its street. Drilling up later is allowed.
 */
export function initialFocus(plan: ScopePlan, deepLinkFocus: string | null): string | null {
  if (!plan.street) return deepLinkFocus;
  if (deepLinkFocus && (deepLinkFocus === plan.street || deepLinkFocus.startsWith(`${plan.street}-`)))
    return deepLinkFocus;
  return plan.street;
}

/** Whether an incident, camera or person of `streetId` is within what the token may see or act on. */
export function withinScope(claims: ScopeClaims, streetId: string): boolean {
  return !claims.scope || claims.scope === DISTRICT_SCOPE || claims.scope === streetId;
}
