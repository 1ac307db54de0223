// The import report: what was read (file, coordinate system, encoding, counts) and every problem,
// one line per feature, in the terminal and in <out>/import-report.txt (+ .json for tools).

import type { Problem } from './validate.import.ts';

export interface FileNote {
  file: string;
  what: string;
  crs: string;
  encoding: string;
  read: number;
  kept: number;
}

export interface ImportReport {
  name: string;
  outDir: string;
  files: FileNote[];
  problems: Problem[];
  filledLevels: string[];
  counts: Record<string, number>;
  timings: Record<string, number>;
  bytes: number;
  seconds: number;
}

export function problemLine(p: Problem): string {
  return `${p.severity === 'error' ? 'ERROR  ' : 'warning'} ${p.file} ${p.level} ${p.feature}: ${p.code}: ${p.message}`;
}

export function formatReport(r: ImportReport, maxProblems = Infinity): string {
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  const warnings = r.problems.length - errors;
  const lines = [`gridwall import: ${r.name} -> ${r.outDir}`, '', 'files:'];
  for (const f of r.files)
    lines.push(`  ${f.what.padEnd(10)} ${f.file}  [${f.crs}, ${f.encoding}]  ${f.read} read, ${f.kept} kept`);
  if (r.filledLevels.length) lines.push('', `levels not given, one stand-in per parent: ${r.filledLevels.join(', ')}`);
  lines.push(
    '',
    `result: ${Object.entries(r.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  lines.push(
    '',
    `problems: ${errors} error${errors === 1 ? '' : 's'} (feature skipped), ${warnings} warning${warnings === 1 ? '' : 's'} (feature kept)`,
  );
  const shown = r.problems.slice(0, maxProblems);
  for (const p of shown) lines.push(`  ${problemLine(p)}`);
  if (shown.length < r.problems.length) lines.push(`  ... ${r.problems.length - shown.length} more in the report file`);
  lines.push(
    '',
    `time: ${Object.entries(r.timings)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}; total ${r.seconds.toFixed(1)} s; output ${(r.bytes / 1e6).toFixed(1)} MB`,
  );
  return `${lines.join('\n')}\n`;
}
