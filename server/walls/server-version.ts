import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The version a wall compares with the one it was loaded from: the package version plus a hash of
// the bundle's index.html (which names every hashed asset), re-read when the file changes, so a
// rebuilt bundle is a new version even without a server restart.

export function serverVersion(rootDir: string, distDir: string): () => string {
  let pkgVersion = '0.0.0';
  try {
    pkgVersion =
      (JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { version?: string }).version ??
      pkgVersion;
  } catch {
    /* keep the placeholder: a version is still reported */
  }
  const index = path.join(distDir, 'index.html');
  let seen: { mtimeMs: number; size: number; version: string } | null = null;
  return () => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(index);
    } catch {
      return `${pkgVersion}+dev`;
    }
    if (!seen || seen.mtimeMs !== stat.mtimeMs || seen.size !== stat.size) {
      const hash = crypto.createHash('sha256').update(fs.readFileSync(index)).digest('hex').slice(0, 10);
      seen = { mtimeMs: stat.mtimeMs, size: stat.size, version: `${pkgVersion}+${hash}` };
    }
    return seen.version;
  };
}
