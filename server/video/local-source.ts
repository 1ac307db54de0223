import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_SHAPE, streamArgs, type StreamShape } from './ffmpeg.ts';
import { FlvFanout } from './flv-fanout.ts';

// One live test stream made by ffmpeg on this machine: HLS files in its own directory, FLV fanned
// out from stdout. It runs only while someone watches (started by a request, stopped after a quiet
// spell): a wall left on for weeks should not encode for nobody, and neither should a test server.

export interface LocalSourceOptions {
  ffmpeg: string;
  /** parent temp directory; this source writes to <root>/<id>/ */
  root: string;
  id: string;
  /** drawn on the picture (the camera's name and id) */
  label: string;
  shape?: StreamShape;
  /** stop encoding after this long without a request or a connected FLV client */
  idleMs?: number;
  log?: (msg: string) => void;
}

const MAX_BACKOFF_MS = 30_000;

export class LocalSource {
  readonly id: string;
  readonly dir: string;
  readonly fanout = new FlvFanout();
  private proc: ChildProcess | null = null;
  private lastUse = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private backoffMs = 1000;
  private closed = false;
  /** the proc we asked to stop: ffmpeg traps SIGTERM and exits 255, which is not a crash */
  private stopping: ChildProcess | null = null;
  /** a viewer came while the encoder was stopping */
  private restartWanted = false;
  /** times ffmpeg was started; a test or the status page can see restarts */
  starts = 0;
  lastError: string | null = null;

  constructor(private readonly o: LocalSourceOptions) {
    this.id = o.id;
    this.dir = path.join(o.root, o.id);
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.labelFile, o.label);
  }

  private get labelFile(): string {
    return path.join(this.o.root, `${this.o.id}.label.txt`);
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** Marks the source as watched, starting ffmpeg when it is not running. */
  touch(now = Date.now()): void {
    this.lastUse = now;
    if (this.closed) return;
    // an encoder on its way out (an idle stop) must not serve this viewer its last playlist or
    // GOP: the viewer would follow a stream that is about to restart from segment 0 (a wall saw
    // no picture and reported a healthy camera). It starts again once the old one has gone.
    if (this.proc && this.stopping === this.proc) {
      this.restartWanted = true;
      return;
    }
    if (!this.proc && !this.restartTimer) this.start();
  }

  private start(): void {
    // a fresh directory: a previous run's playlist would point at deleted segments
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    const proc = spawn(this.o.ffmpeg, streamArgs(this.dir, this.labelFile, this.o.shape ?? DEMO_SHAPE), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.starts++;
    proc.stdout!.on('data', (chunk: Buffer) => {
      try {
        this.fanout.push(chunk);
        this.backoffMs = 1000; // producing again: a later crash restarts quickly
      } catch (e) {
        this.lastError = (e as Error).message;
        proc.kill('SIGKILL');
      }
    });
    let stderr = '';
    proc.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-500);
    });
    proc.on('error', (e) => {
      this.lastError = e.message;
    });
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) this.proc = null;
      this.fanout.end();
      if (this.stopping === proc) {
        this.stopping = null;
        if (this.restartWanted && !this.closed) this.start();
        this.restartWanted = false;
        return;
      }
      if (this.closed) return;
      this.lastError = `ffmpeg exited (${code ?? signal}): ${stderr.trim().split('\n').pop() ?? ''}`;
      this.o.log?.(`video: ${this.id}: ${this.lastError}; restarting in ${this.backoffMs / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.idle(Date.now())) return; // nobody watched while it was down
        this.start();
      }, this.backoffMs);
      this.restartTimer.unref();
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    });
    this.idleTimer ??= setInterval(() => {
      if (this.proc && this.idle(Date.now())) void this.stop();
    }, 5_000);
    this.idleTimer.unref();
  }

  private idle(now: number): boolean {
    return this.fanout.clientCount === 0 && now - this.lastUse > (this.o.idleMs ?? 30_000);
  }

  /** Stops ffmpeg (it is started again by the next request). */
  stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return Promise.resolve();
    this.stopping = proc;
    return new Promise<void>((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), 2_000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  /** Waits until `file` exists in the HLS directory, or gives up after `timeoutMs`. */
  async waitForFile(file: string, timeoutMs: number): Promise<boolean> {
    const p = path.join(this.dir, file);
    const until = Date.now() + timeoutMs;
    while (this.stopping || !fs.existsSync(p)) {
      if (Date.now() > until || this.closed) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  /** Waits until the FLV fanout can start a client at a keyframe. */
  async waitForFlv(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.stopping || !this.fanout.ready) {
      if (Date.now() > until || this.closed) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearInterval(this.idleTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.stop();
    this.fanout.end();
  }
}
