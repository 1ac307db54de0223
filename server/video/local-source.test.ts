import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFfmpeg } from './ffmpeg.ts';
import { LocalSource } from './local-source.ts';

// A viewer that arrives while the demo encoder is stopping for idleness. Before, it was served the
// old encoder's last playlist (or GOP), the encoder was not started again, and the wall saw no
// picture for 15 s and reported a healthy camera faulty (CI, 2026-11-30).

let source: LocalSource | null = null;
let root = '';

afterEach(async () => {
  await source?.close();
  source = null;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const segmentsOf = (dir: string) =>
  fs
    .readFileSync(path.join(dir, 'index.m3u8'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));

describe('a demo stream asked for while its encoder stops', () => {
  it('starts the encoder again and serves only the new run', async () => {
    const ffmpeg = findFfmpeg();
    expect(ffmpeg, 'ffmpeg is required (apt-get install ffmpeg)').not.toBeNull();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-local-source-'));
    source = new LocalSource({ ffmpeg: ffmpeg!, root, id: 'C1', label: 'test', idleMs: 60_000 });
    source.touch();
    expect(await source.waitForFile('index.m3u8', 20_000)).toBe(true);
    expect(await source.waitForFlv(20_000)).toBe(true);
    expect(source.starts).toBe(1);

    const stopped = source.stop(); // the idle timer's stop
    source.touch(); // a wall's request, before the old encoder has exited
    const served = await source.waitForFile('index.m3u8', 20_000);
    expect(served).toBe(true);
    expect(source.starts, 'served from a new encoder').toBe(2);
    await stopped;
    expect(source.running).toBe(true);
    const playlist = fs.readFileSync(path.join(source.dir, 'index.m3u8'), 'utf8');
    expect(playlist).not.toContain('#EXT-X-ENDLIST');
    for (const seg of segmentsOf(source.dir)) expect(fs.existsSync(path.join(source.dir, seg)), seg).toBe(true);
    expect(await source.waitForFlv(20_000)).toBe(true);
  });
});
