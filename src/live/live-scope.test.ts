import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { connect, report, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';
import { createLiveClient, type LiveClient } from './live-client.ts';
import { initialFocus, onSubscribeRefused, planScope, withinScope } from './live-scope.ts';
import { dispatchStaff } from './officer-actions.ts';

// A wall takes its scope from its token (issue 15): what it subscribes to, where it opens, and what
// it says and does when the relay refuses. Pure rules first, then the live client on a real relay.

describe('scope from the token', () => {
  it('subscribes a district token to the district and leaves the focus to the scene or the deep link', () => {
    const plan = planScope({ role: 'display', scope: 'district' });
    expect(plan).toEqual({ subscribe: 'district', street: null, focus: null });
    expect(initialFocus(plan, null)).toBeNull();
    expect(initialFocus(plan, 'S03-C02')).toBe('S03-C02');
    // a token without a scope (unreadable) asks for the district; the relay decides
    expect(planScope({ role: null, scope: null }).subscribe).toBe('district');
  });

  it('subscribes a street token to its street and opens on it; a deep link within the street still wins', () => {
    const plan = planScope({ role: 'display', scope: 'S07' });
    expect(plan).toEqual({ subscribe: 'S07', street: 'S07', focus: 'S07' });
    expect(initialFocus(plan, null)).toBe('S07');
    expect(initialFocus(plan, 'S07-C03')).toBe('S07-C03');
    expect(initialFocus(plan, 'S07-C03-G12')).toBe('S07-C03-G12');
    // another street's link opens the wall's own street instead
    expect(initialFocus(plan, 'S08')).toBe('S07');
    expect(initialFocus(plan, 'S070-C01')).toBe('S07');
  });

  it('names a refusal and falls back to the token scope, or to nothing when that was refused', () => {
    expect(onSubscribeRefused({ role: 'display', scope: 'S07' }, 'district', 'this token sees S07 only')).toEqual({
      message: 'scope S07 cannot subscribe to district (this token sees S07 only)',
      fallback: 'S07',
    });
    expect(onSubscribeRefused({ role: 'display', scope: 'S07' }, 'S07', 'unknown street S07').fallback).toBeNull();
  });

  it('keeps a street token within its street', () => {
    expect(withinScope({ role: 'officer', scope: 'S07' }, 'S07')).toBe(true);
    expect(withinScope({ role: 'officer', scope: 'S07' }, 'S08')).toBe(false);
    expect(withinScope({ role: 'officer', scope: 'district' }, 'S08')).toBe(true);
  });
});

describe('the live client on a real relay', () => {
  let r: TestRelay;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    r = await startRelay();
    const s01 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const s02 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    expect(await send(s01, 'incident:report', report('S01-scope-1', 'S01'))).toMatchObject({ ok: true });
    expect(await send(s02, 'incident:report', report('S02-scope-1', 'S02'))).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await r?.close();
  });
  const client = (token: string, scope?: string) => {
    const c = createLiveClient({ url: r.url, token, scope, socketOptions: { transports: ['websocket'] } });
    clients.push(c);
    return c;
  };

  it('a street display token subscribes to its street and holds that street only', async () => {
    const wall = client(await r.token({ role: 'display', scope: 'S02' }));
    expect(wall.scope).toBe('S02');
    await wall.connect();
    await until(() => wall.store.incidents.byId.has('S02-scope-1'), 10_000, 'the street snapshot');
    expect([...wall.store.incidents.byId.keys()].every((id) => id.startsWith('S02-'))).toBe(true);
    expect(wall.refusal).toBeNull();
  });

  it('says why a subscription was refused and falls back to what the token allows', async () => {
    const wall = client(await r.token({ role: 'display', scope: 'S02' }), 'district');
    await wall.connect();
    await until(() => wall.refusal !== null, 10_000, 'the refusal');
    expect(wall.refusal).toMatch(/^scope S02 cannot subscribe to district/);
    expect(wall.scope).toBe('S02');
    await until(() => wall.store.incidents.byId.has('S02-scope-1'), 10_000, 'the fallback subscription');
    expect(wall.store.incidents.byId.has('S01-scope-1')).toBe(false);
  });

  it("lets a street officer dispatch in its street and refuses another street's incident before sending", async () => {
    const officer = client(await r.token({ role: 'officer', scope: 'S01' }));
    await officer.connect();
    onTestFinished(() => officer.close());
    await until(() => officer.store.incidents.byId.has('S01-scope-1'), 10_000, 'the officer snapshot');
    expect(await dispatchStaff(officer, officer.store.incidents.byId.get('S01-scope-1')!, ['W1'])).toMatchObject({
      ok: true,
    });
    const district = client(await r.token({ role: 'display' }));
    await district.connect();
    await until(() => district.store.incidents.byId.has('S02-scope-1'), 10_000, 'the district snapshot');
    const other = district.store.incidents.byId.get('S02-scope-1')!;
    expect(await dispatchStaff(officer, other, ['W2'])).toMatchObject({ ok: false, error: { reason: 'scope' } });
  });
});
