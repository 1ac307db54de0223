import { SignJWT } from 'jose';
import { io as ioc } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from './auth.ts';
import { connect, report, send, startRelay, until, update, type TestRelay } from '../../test/support/relay.fixture.ts';

// The authorisation matrix, against a real relay with real clients.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay();
});
afterAll(async () => {
  await r?.close();
});

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('connection was accepted');
};

describe('handshake', () => {
  it('refuses a missing, forged, unsigned or expired token', async () => {
    expect(await refusal(connect(r.url, '/live', undefined))).toMatch(/^unauthorized: no token/);
    const forged = await signToken('another-secret-0123456789-abcdefghij', {
      role: 'admin',
      scope: 'district',
      sub: 'x',
    });
    expect(await refusal(connect(r.url, '/live', forged))).toMatch(/^unauthorized: invalid token/);
    const unsigned =
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url') +
      '.' +
      Buffer.from(
        JSON.stringify({
          role: 'admin',
          scope: 'district',
          sub: 'x',
          iss: 'gridwall',
          aud: 'gridwall-relay',
          exp: 4e9,
        }),
      ).toString('base64url') +
      '.';
    expect(await refusal(connect(r.url, '/ingest', unsigned))).toMatch(/^unauthorized/);
    const expired = await r.token({ role: 'display' }, -60);
    expect(await refusal(connect(r.url, '/live', expired))).toMatch(/^unauthorized: token expired/);
    const wrongAudience = await new SignJWT({ role: 'admin', scope: 'district' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('gridwall')
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(r.config.secret!));
    expect(await refusal(connect(r.url, '/live', wrongAudience))).toMatch(/^unauthorized/);
  });

  it('keeps each role on its namespace and street', async () => {
    expect(await refusal(connect(r.url, '/live', await r.token({ role: 'center', scope: 'S01' })))).toMatch(
      /center token cannot connect to \/live/,
    );
    expect(await refusal(connect(r.url, '/ingest', await r.token({ role: 'display' })))).toMatch(
      /display token cannot connect to \/ingest/,
    );
    expect(await refusal(connect(r.url, '/ingest', await r.token({ role: 'officer' })))).toMatch(
      /officer token cannot/,
    );
    expect(await refusal(connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S99' })))).toMatch(
      /unknown street S99/,
    );
  });

  it('checks the token again on every reconnect', async () => {
    const good = await r.token({ role: 'display' });
    const expired = await r.token({ role: 'display' }, -60);
    const tokens = [good, expired];
    const socket = ioc(r.url + '/live', {
      auth: (cb) => cb({ token: tokens.shift() ?? expired }),
      transports: ['websocket'],
      reconnectionDelay: 10,
      reconnectionAttempts: 1,
      forceNew: true,
    });
    const errors: string[] = [];
    socket.on('connect_error', (e) => errors.push(e.message));
    await until(() => socket.connected, 5000, 'first connection');
    socket.io.engine.close(); // transport drop: the client reconnects on its own
    await until(() => errors.length > 0, 5000, 'refused reconnect');
    expect(errors[0]).toMatch(/token expired/);
    expect(socket.connected).toBe(false);
    socket.disconnect();
  });
});

describe('publishing and acting', () => {
  it('refuses a center publishing for another street, its staff or cameras', async () => {
    const s01 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    expect(await send(s01, 'incident:report', report('S02-x-1', 'S02'))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(s01, 'incident:report', report('S01-x-1', 'S01', { gridId: 'S02-C01-G01' }))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    const pos = { staffId: 'W2', lng: 108.77, lat: 29.53, at: Date.now() };
    expect(await send(s01, 'positions', { positions: [pos] })).toMatchObject({ ok: false, error: { reason: 'scope' } });
    expect(
      await send(s01, 'camera:status', {
        eventId: 'c-1',
        cameras: [{ cameraId: 'C2', status: 'offline', at: Date.now() }],
      }),
    ).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    // another street's incident cannot be moved either
    const s02 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    expect(await send(s02, 'incident:report', report('S02-x-2', 'S02'))).toMatchObject({ ok: true });
    expect(
      await send(s01, 'incident:update', update('S02-x-2', { action: 'dispatch', staffIds: ['W1'] })),
    ).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
  });

  it('keeps displays read-only and officers within their actions and scope', async () => {
    const s01 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const s02 = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    expect((await send(s01, 'incident:report', report('S01-act-1'))).ok).toBe(true);
    expect((await send(s02, 'incident:report', report('S02-act-1', 'S02'))).ok).toBe(true);
    const act = (incidentId: string, step: object) => ({ requestId: `q-${Math.random()}`, incidentId, step });

    const display = await connect(r.url, '/live', await r.token({ role: 'display' }));
    expect(await send(display, 'incident:act', act('S01-act-1', { action: 'acknowledge' }))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(display, 'incident:report', report('S01-act-2'))).toMatchObject({
      ok: false,
      error: { reason: 'unknown-event' },
    });

    const officer = await connect(r.url, '/live', await r.token({ role: 'officer', scope: 'S01' }));
    expect(await send(officer, 'subscribe', { scope: 'district' })).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(officer, 'subscribe', { scope: 'S01' })).toMatchObject({ ok: true });
    expect(await send(officer, 'incident:act', act('S02-act-1', { action: 'acknowledge' }))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(officer, 'incident:act', act('S01-act-1', { action: 'rate', rating: 5 }))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(officer, 'incident:act', act('S01-act-1', { action: 'acknowledge' }))).toMatchObject({
      ok: true,
      stream: 'S01',
    });
    expect(
      await send(officer, 'incident:act', act('S01-act-1', { action: 'dispatch', staffIds: ['W1'] })),
    ).toMatchObject({ ok: true });
    expect(
      await send(officer, 'incident:act', act('S01-act-1', { action: 'dispatch', staffIds: ['W1'] })),
    ).toMatchObject({
      ok: false,
      error: { reason: 'transition' },
    });
    expect(
      await send(officer, 'incident:act', act('S01-act-1', { action: 'dispatch', staffIds: ['NOBODY'] })),
    ).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });

    const districtOfficer = await connect(r.url, '/live', await r.token({ role: 'officer' }));
    expect(
      await send(districtOfficer, 'incident:act', act('S02-act-1', { action: 'escalate', level: 'district' })),
    ).toMatchObject({ ok: true });
  });
});
