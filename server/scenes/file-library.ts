import fs from 'node:fs';
import path from 'node:path';
import type { FileProblem, Parsed } from '../../src/protocol/scene.schema.ts';

// A library of small JSON data files: the ones shipped in the source tree, then the district's own
// (GRIDWALL_DATA_DIR/scenes, …/tours). Read on every request: a district drops a file in and the
// next GET sees it, no rebuild, no restart. A bad file is refused with every problem named; the
// others still load. A district file with the id of a shipped one replaces it.

export interface LibraryItem<T> {
  value: T;
  source: 'built-in' | 'district';
  file: string;
  migratedFrom?: number;
}
export interface Library<T> {
  items: LibraryItem<T>[];
  refused: { file: string; problems: FileProblem[] }[];
}

export interface LibraryOptions<T> {
  /** shipped files (source tree) and the pattern they match */
  builtInDir: string;
  builtInSuffix: string;
  /** the district's drop-in folder (any *.json) */
  districtDir: string;
  parse: (raw: unknown) => Parsed<T>;
  idOf: (value: T) => string;
  log: (msg: string) => void;
  /** files larger than this are refused unread */
  maxBytes?: number;
}

export class FileLibrary<T> {
  /** file → mtime of the refusal already logged, so a bad file is logged once, not per request */
  private logged = new Map<string, number>();

  constructor(private readonly o: LibraryOptions<T>) {}

  load(): Library<T> {
    const items = new Map<string, LibraryItem<T>>();
    const refused: Library<T>['refused'] = [];
    const read = (dir: string, suffix: string, source: LibraryItem<T>['source']) => {
      let names: string[];
      try {
        names = fs
          .readdirSync(dir)
          .filter((n) => n.endsWith(suffix))
          .sort();
      } catch {
        return; // no folder: nothing dropped in yet
      }
      for (const name of names) {
        const file = path.join(dir, name);
        const rel = source === 'built-in' ? name : path.join(path.basename(dir), name);
        const problems = (p: FileProblem[], mtime: number) => {
          refused.push({ file: rel, problems: p });
          if (this.logged.get(file) !== mtime) {
            this.logged.set(file, mtime);
            this.o.log(`refused ${rel}: ${p.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
          }
        };
        let stat: fs.Stats;
        try {
          stat = fs.statSync(file);
        } catch {
          continue; // removed between readdir and stat
        }
        if (stat.size > (this.o.maxBytes ?? 256 * 1024)) {
          problems([{ path: '(file)', message: `larger than ${this.o.maxBytes ?? 256 * 1024} bytes` }], stat.mtimeMs);
          continue;
        }
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (e) {
          problems([{ path: '(file)', message: `not JSON: ${(e as Error).message}` }], stat.mtimeMs);
          continue;
        }
        const parsed = this.o.parse(raw);
        if (!parsed.ok) {
          problems(parsed.problems, stat.mtimeMs);
          continue;
        }
        const id = this.o.idOf(parsed.value);
        const prev = items.get(id);
        if (prev && prev.source === source) {
          problems([{ path: 'id', message: `id "${id}" is already used by ${prev.file}` }], stat.mtimeMs);
          continue;
        }
        items.set(id, {
          value: parsed.value,
          source,
          file: rel,
          ...(parsed.migratedFrom ? { migratedFrom: parsed.migratedFrom } : {}),
        });
      }
    };
    read(this.o.builtInDir, this.o.builtInSuffix, 'built-in');
    read(this.o.districtDir, '.json', 'district');
    return { items: [...items.values()], refused };
  }
}
