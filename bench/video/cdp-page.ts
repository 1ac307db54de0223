// bench:video drives Chromium over the DevTools protocol itself, on a pipe, instead of through
// Playwright. Playwright enables the Network domain on every page it opens, and Chromium's
// renderer then keeps a copy of every XHR and fetch body for the inspector (up to its 200 MB
// default): over a 9-tile patrol that copy was the +300 MB/10 min the bench used to report, with
// the same page flat in a Chromium nobody inspects. Here only Runtime (for reading the page) and
// HeapProfiler (for the GC) are used; `network: true` enables Network as Playwright does, to show
// that difference again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../test/browser/harness.ts';

export interface CdpPage {
  /** runs `fn` in the page (its source is sent, so it may use only what the page has) */
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  send(method: string, params?: object): Promise<Record<string, unknown>>;
  close(): Promise<void>;
  browser: ChildProcess;
}

export interface CdpPageOptions {
  width: number;
  height: number;
  /** enable the Network domain as Playwright does (the control that makes the renderer grow) */
  network?: boolean;
  onError?: (message: string) => void;
}

/** Chromium (the flags the browser tests use) with one page at `url` in a fresh incognito context. */
export async function openCdpPage(url: string, o: CdpPageOptions): Promise<CdpPage> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-bench-video-'));
  const browser = spawn(
    CHROMIUM,
    [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      ...CHROMIUM_FLAGS,
      '--mute-audio',
      // nothing may leave 127.0.0.1, as the browser tests' route guard makes sure
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toChrome = browser.stdio[3] as Writable;
  const fromChrome = browser.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { ok: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  let buf = '';
  fromChrome.setEncoding('utf8');
  fromChrome.on('data', (chunk: string) => {
    buf += chunk;
    // messages are NUL-terminated JSON
    for (let end = buf.indexOf('\0'); end >= 0; end = buf.indexOf('\0')) {
      const msg = JSON.parse(buf.slice(0, end)) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: { exceptionDetails?: { text: string; exception?: { description?: string } } };
      };
      buf = buf.slice(end + 1);
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.fail(new Error(msg.error.message));
        else p?.ok(msg.result ?? {});
      } else if (msg.method === 'Runtime.exceptionThrown') {
        const d = msg.params?.exceptionDetails;
        o.onError?.(d?.exception?.description ?? d?.text ?? 'exception');
      }
    }
  });
  const call = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((ok, fail) => {
      const id = nextId++;
      pending.set(id, { ok, fail });
      toChrome.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  browser.once('exit', () => {
    for (const p of pending.values()) p.fail(new Error('Chromium exited'));
    pending.clear();
  });

  const { browserContextId } = await call('Target.createBrowserContext', { disposeOnDetach: true });
  const { targetId } = await call('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = (await call('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  const send = (method: string, params: object = {}) => call(method, params, sessionId);
  await send('Runtime.enable');
  if (o.network) await send('Network.enable');
  await send('Emulation.setDeviceMetricsOverride', {
    width: o.width,
    height: o.height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await send('Page.navigate', { url });

  return {
    browser,
    send,
    async evaluate<T>(fn: () => T | Promise<T>): Promise<T> {
      // tsx names functions with a helper the page does not have
      const expression = `(() => { const __name = (f) => f; return (${fn.toString()})(); })()`;
      const r = (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
        result: { value: T };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value;
    },
    async close() {
      await call('Browser.close').catch(() => {});
      await new Promise((r) => (browser.exitCode !== null ? r(null) : browser.once('exit', r)));
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
