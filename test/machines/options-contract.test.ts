/**
 * The machine option/export contract (MachineDef.options / exports, Machine.setOption /
 * exportMedia), checked on every registered machine and the toy: well-formed declarations, the
 * built machine offers the methods exactly when the definition declares something, every declared
 * option and export works, and undeclared ids are refused with UsageError.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cores/kernel/errors.ts';
import { InputState } from '../../cores/kernel/host.ts';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { Session } from '../../cores/kernel/session.ts';
import { machines } from '../../machines/index.ts';
import { toyMachine } from '../helpers/toy-machine.ts';

const all: readonly MachineDef[] = [...machines, toyMachine];

describe('machine options and exports contract', () => {
  for (const def of all) {
    describe(def.id, () => {
      it('declares unique, well-formed options and exports', () => {
        const ids = (def.options ?? []).map((o) => o.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const o of def.options ?? []) {
          expect(o.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)*$/);
          expect(o.label.length).toBeGreaterThan(0);
          expect(o.description.length).toBeGreaterThan(0);
          expect(typeof o.default).toBe('boolean');
        }
        const exts = (def.exports ?? []).map((e) => e.extension);
        expect(new Set(exts).size).toBe(exts.length);
        expect(new Set((def.exports ?? []).map((e) => e.format)).size).toBe(exts.length);
        for (const e of def.exports ?? []) {
          expect(e.extension).toMatch(/^[a-z0-9]+$/);
          expect(e.label.length).toBeGreaterThan(0);
        }
      });

      it.skipIf(def.roms.some((r) => r.fallback === undefined))('the built machine sets every option, exports every format and refuses unknown ids', () => {
        const s = new Session(def, { host: { input: new InputState(), video() {}, audio() {} } });
        const m = s.machine;
        expect(m.setOption !== undefined).toBe((def.options ?? []).length > 0);
        expect(m.exportMedia !== undefined).toBe((def.exports ?? []).length > 0);
        s.runFrames(2);
        for (const o of def.options ?? []) {
          m.setOption!(o.id, !o.default);
          s.runFrames(1);
          m.setOption!(o.id, o.default);
        }
        for (const e of def.exports ?? []) {
          const f = m.exportMedia!(e.format);
          expect(f.bytes.length, e.format).toBeGreaterThan(0);
          expect(f.name.toLowerCase().endsWith('.' + e.extension), f.name).toBe(true);
        }
        if (m.setOption) expect(() => m.setOption!('no.such.option', true)).toThrow(UsageError);
        if (m.exportMedia) expect(() => m.exportMedia!('no-such-format')).toThrow(UsageError);
      });
    });
  }
});
