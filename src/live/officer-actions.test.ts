import { describe, expect, it } from 'vitest';
import type { Ack, StoredAck } from '../protocol/ack.ts';
import type { Role } from '../protocol/common.schema.ts';
import { actMessageSchema, type ActMessage } from '../protocol/incident.schema.ts';
import { availableOfficerActions, canAct, dispatchStaff, newRequestId } from './officer-actions.ts';
import { readTokenClaims } from './live-client.ts';
import { makeIncident, step } from '../../test/support/live.fixture.ts';

const T = 1_763_780_000_000;
/** A stand-in relay: answers each act with its own ack (a refusal once `refuseWith` is set). */
function channel(role: Role | null) {
  const sent: ActMessage[] = [];
  const ch = {
    sent,
    claims: { role },
    refuseWith: null as Ack<StoredAck> | null,
    act: async (msg: ActMessage): Promise<Ack<StoredAck>> => {
      sent.push(msg);
      return (
        ch.refuseWith ?? { ok: true, stream: msg.incidentId.slice(0, 3), seq: 100 + sent.length, duplicate: false }
      );
    },
  };
  return ch;
}

describe('officer actions', () => {
  const inc = makeIncident('S01-1', 'S01', T);

  it('lets officers and admins dispatch a reported incident, with a valid act message', async () => {
    for (const role of ['officer', 'admin'] as const) {
      const ch = channel(role);
      const ack = await dispatchStaff(ch, inc, ['W1'], '最近的网格员');
      // the relay's own answer comes back, for this message
      expect(ack).toEqual({ ok: true, stream: 'S01', seq: 101, duplicate: false });
      expect(ch.sent).toHaveLength(1);
      expect(actMessageSchema.parse(ch.sent[0])).toMatchObject({
        incidentId: 'S01-1',
        step: { action: 'dispatch', staffIds: ['W1'], note: '最近的网格员' },
      });
    }
  });

  it("passes the relay's refusal through instead of reporting success", async () => {
    const ch = channel('officer');
    ch.refuseWith = { ok: false, error: { reason: 'scope', message: 'staff W9 belongs to S02' } };
    expect(await dispatchStaff(ch, inc, ['W9'])).toEqual(ch.refuseWith);
    expect(ch.sent).toHaveLength(1);
  });

  it('refuses displays and centers locally, and steps the lifecycle does not allow', async () => {
    for (const role of ['display', 'center', null] as const) {
      const ch = channel(role);
      const ack = await dispatchStaff(ch, inc, ['W1']);
      expect(ack).toMatchObject({ ok: false, error: { reason: 'scope' } });
      expect(ch.sent).toHaveLength(0);
      expect(canAct(role)).toBe(false);
      expect(availableOfficerActions(role, inc)).toEqual([]);
    }
    const dispatched = step(inc, { action: 'dispatch', staffIds: ['W1'] }, T + 1000);
    const ch = channel('officer');
    expect(await dispatchStaff(ch, dispatched, ['W2'])).toMatchObject({ ok: false, error: { reason: 'transition' } });
    expect(await dispatchStaff(ch, inc, [])).toMatchObject({ ok: false, error: { reason: 'schema' } });
    expect(ch.sent).toHaveLength(0);
  });

  it('offers officers only their actions (not arrive or feedback)', () => {
    const dispatched = step(inc, { action: 'dispatch', staffIds: ['W1'] }, T + 1000);
    expect(availableOfficerActions('officer', inc).sort()).toEqual(['acknowledge', 'close', 'dispatch', 'escalate']);
    expect(availableOfficerActions('officer', dispatched)).not.toContain('arrive');
    expect(availableOfficerActions('admin', dispatched)).toContain('arrive');
  });

  it('makes distinct request ids and reads token claims without verifying', () => {
    const ids = new Set(Array.from({ length: 100 }, newRequestId));
    expect(ids.size).toBe(100);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const tok = `${b64({ alg: 'HS256' })}.${b64({ role: 'officer', scope: 'S03', sub: '王警官', exp: 2_000_000_000 })}.sig`;
    expect(readTokenClaims(tok)).toEqual({ role: 'officer', scope: 'S03', sub: '王警官', exp: 2_000_000_000 });
    expect(readTokenClaims('garbage').role).toBeNull();
    expect(readTokenClaims(`${b64({})}.${b64({ role: 'root' })}.x`).role).toBeNull();
  });
});
