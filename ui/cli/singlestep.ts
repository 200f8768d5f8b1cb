/**
 * Runs SingleStepTests-format files (a JSON array of cases per file, `.json` or `.json.gz`) against a
 * CPU core's adapter. Shared by the `singlestep` CLI command and the vitest suites.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SingleStepSuite } from '../../cores/cpu/descriptor.ts';
import { UsageError } from '../../cores/kernel/errors.ts';
import { readJson } from './files.ts';

export interface FileResult {
  file: string;
  total: number;
  failed: number;
  /** `CASE-NAME: what differed` of the first failure. */
  first?: string;
}

const isTestFile = (name: string) => /\.json(\.gz)?$/.test(name) && !/^metadata\.json/.test(name);

/** Expand directories (recursively, sorted) into test files. */
export function collectTestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try { st = statSync(p); } catch { throw new UsageError(`cannot read ${p}: no such file or directory`); }
    if (st.isDirectory()) {
      // SingleStepTests' 680x0 set keeps its opcode map (not test cases) in a `map/` subfolder.
      if (!explicit && basename(p) === 'map') return;
      for (const name of readdirSync(p).sort()) walk(join(p, name), false);
    } else if (explicit || isTestFile(basename(p))) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

function siblingLoader(file: string): (name: string) => unknown {
  const cache = new Map<string, unknown>();
  return (name: string) => {
    if (cache.has(name)) return cache.get(name);
    let dir = dirname(file);
    let found: unknown = undefined;
    for (let up = 0; up < 3; up++) {
      const p = join(dir, name);
      if (existsSync(p)) { found = readJson(p); break; }
      dir = dirname(dir);
    }
    cache.set(name, found);
    return found;
  };
}

export function runTestFile(suite: SingleStepSuite, file: string): FileResult {
  const cases = readJson(file);
  if (!Array.isArray(cases)) throw new UsageError(`${file}: not a single-step test file (expected a JSON array of cases)`);
  const runner = suite.createRunner({ file, sibling: siblingLoader(file) });
  const result: FileResult = { file, total: cases.length, failed: 0 };
  for (const c of cases) {
    let diff: string | null;
    try {
      diff = runner.runCase(c);
    } catch (e) {
      diff = `threw ${e instanceof Error ? e.message : String(e)}`;
    }
    if (diff !== null) {
      result.failed++;
      if (result.first === undefined) {
        const name = suite.caseName?.(c) ?? String((c as { name?: unknown }).name ?? '?');
        result.first = `${name}: ${diff}`;
      }
    }
  }
  return result;
}

/** The CLI's report line for a file with failures. */
export function failureLine(r: FileResult): string {
  return `${r.file}: ${r.failed} of ${r.total} failed, first: ${r.first}`;
}

export interface RunSummary {
  passed: number;
  failed: number;
  /** One line per file with failures: `FILE: K of N failed, first: CASE-NAME: what differed`. */
  failureLines: string[];
}

/**
 * Run many files, each with the suite `suiteFor(file)` gives (the same one, or a fresh one per file
 * when it keeps statistics), calling `afterFile` after each.
 */
export function runTestFiles(
  files: readonly string[],
  suiteFor: (file: string) => SingleStepSuite,
  afterFile?: (result: FileResult, suite: SingleStepSuite) => void,
): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, failureLines: [] };
  for (const f of files) {
    const suite = suiteFor(f);
    const r = runTestFile(suite, f);
    summary.passed += r.total - r.failed;
    summary.failed += r.failed;
    if (r.failed > 0) summary.failureLines.push(failureLine(r));
    afterFile?.(r, suite);
  }
  return summary;
}
