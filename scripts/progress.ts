// Terminal progress for the set-up steps: a redrawn bar on a TTY, plain lines in CI logs.
export interface Progress {
  update: (step: string, fraction: number) => void;
  done: (detail: string) => void;
}

export function createProgress(title: string, out: NodeJS.WriteStream = process.stdout): Progress {
  const t0 = performance.now();
  const tty = Boolean(out.isTTY);
  let lastLine = '';
  let lastLogged = -1;
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  return {
    update(step, fraction) {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      if (tty) {
        const width = 24;
        const filled = Math.round((pct / 100) * width);
        const line = `  ${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${step}`;
        if (line !== lastLine) out.write(`\r${line.slice(0, (out.columns ?? 100) - 1).padEnd(lastLine.length)}`);
        lastLine = line;
      } else if (pct >= lastLogged + 10 || step !== lastLine) {
        // Without a TTY, log each step once and every 10 %, so CI logs stay short but show life.
        out.write(`  ${title}: ${pct}% ${step} (${elapsed()})\n`);
        lastLogged = pct;
        lastLine = step;
      }
    },
    done(detail) {
      if (tty && lastLine) out.write('\n');
      out.write(`  ${title}: done in ${elapsed()}: ${detail}\n`);
    },
  };
}
