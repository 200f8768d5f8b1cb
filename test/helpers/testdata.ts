/**
 * Access to `../shared/testdata` (and the rest of `../shared`) for tests. Absent data skips the
 * suite with a message saying what is missing; with REQUIRE_TESTDATA=1 (set by .ci/run) absent data
 * fails instead, so a CI run can never pass by skipping.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { sharedDir, sharedPath } from '../../ui/cli/paths.ts';

export const requireTestdata = process.env.REQUIRE_TESTDATA === '1';

/** Absolute path of `rel` inside the shared folder, e.g. 'testdata/zex/zexdoc.com'. */
export function shared(rel: string): string | null {
  return sharedPath(rel);
}

/**
 * `describe` that runs only when every path in `needs` exists in the shared folder. Otherwise it
 * registers one skipped test naming what is missing, or one failing test under REQUIRE_TESTDATA=1.
 */
export function describeWithShared(name: string, needs: readonly string[], body: () => void): void {
  const missing = needs.filter((rel) => !existsSync(`${sharedDir()}/${rel}`));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const why = `needs ${missing.join(', ')} in ${sharedDir()}`;
  describe(name, () => {
    if (requireTestdata) {
      it(`has its test data (${why})`, () => {
        throw new Error(`REQUIRE_TESTDATA=1 but test data is missing: ${why}`);
      });
    } else {
      it.skip(`skipped: ${why}`, () => {});
    }
  });
}
