/**
 * blargg's NES test ROMs (and the 2005-era screen-reporting ones) on the whole machine.
 *
 * $6000 protocol (instr_test-v5 readme): once $6001-$6003 hold DE B0 61, $6000 is the status:
 * $80 running, $81 "press reset" (we press it 10 frames later), below $80 the result ($00 =
 * passed) with text from $6004. Screen ROMs draw their result into the name table: "PASSED" /
 * "FAILED #n" (any case) (sprite_hit, sprite_overflow, vbl_nmi_timing, branch_timing, cpu_dummy_reads) or
 * the code "$01" for passed (blargg_ppu_tests). Each ROM stops as soon as it reports.
 *
 * ROMs that do not pass yet are listed in KNOWN_FAILURES with what they report; they run as
 * `it.fails`, so one that starts passing makes the suite fail until it is moved to the passing
 * list. Data: ../shared/testdata/nes/SOURCE.md.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { NesMachine } from '../../../machines/nes/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { nesSession } from './helpers.ts';

const DIR = 'testdata/nes';

/** ROM -> what it reports today. */
const KNOWN_FAILURES: Record<string, string> = {
  'ppu_vbl_nmi/rom_singles/06-suppression.nes': 'Failed: the read 4 dots before VBL loses the NMI (line 00 "- -", want "- N")',
  'mmc3_test_2/rom_singles/6-MMC3_alt.nes': 'Failed #2: tests the MMC3A IRQ behaviour; the iNES header cannot ask for it',
  'mmc3_test/6-MMC6.nes': 'Failed #3: MMC6 IRQ behaviour (we emulate the MMC3B)',
  'blargg_ppu_tests_2005.09.15b/power_up_palette.nes': '$02 (palette RAM power-up contents are not modelled)',
};

interface Result { passed: boolean; text: string }

function protocolText(m: NesMachine): string {
  const r = m.nes.mapper.prgRam;
  let t = '';
  for (let i = 4; i < 0x1000 && r[i] !== 0; i++) t += String.fromCharCode(r[i]!);
  return t.trim();
}

function screenText(m: NesMachine): string {
  const nt = m.nes.mapper.nt;
  const rows: string[] = [];
  for (let row = 0; row < 30; row++) {
    let l = '';
    for (let c = 0; c < 32; c++) { const v = nt[row * 32 + c]!; l += v >= 32 && v < 127 ? String.fromCharCode(v) : ' '; }
    if (l.trim()) rows.push(l.trim());
  }
  return rows.join('\n');
}

function runRom(rel: string, maxFrames: number): Result {
  const { session, m } = nesSession(rel);
  const ram = m.nes.mapper.prgRam;
  let resetAt = -1;
  for (let f = 0; f < maxFrames; f++) {
    session.runFrames(1);
    if (ram[1] === 0xde && ram[2] === 0xb0 && ram[3] === 0x61) {
      const st = ram[0]!;
      if (st === 0x81 && resetAt === -1) resetAt = f + 10;
      if (f === resetAt) { session.machine.reset(); resetAt = -2; }
      if (st < 0x80) return { passed: st === 0, text: `status ${st}: ${protocolText(m)}` };
    } else if (f % 10 === 9) {
      const text = screenText(m);
      if (/passed/i.test(text) || /^\$01$/m.test(text)) return { passed: true, text };
      if (/fail/i.test(text) || /^\$0[2-9a-fA-F]$/m.test(text)) return { passed: false, text };
    }
  }
  return { passed: false, text: `no result in ${maxFrames} frames:\n${screenText(m)}` };
}

function roms(folder: string): string[] {
  const p = shared(`${DIR}/${folder}`);
  if (p === null) return [];
  return readdirSync(p).filter((f) => f.endsWith('.nes')).sort().map((f) => `${folder}/${f}`);
}

const SETS: [string, number][] = [
  ['instr_test-v5/rom_singles', 1200], ['instr_timing/rom_singles', 1500], ['instr_misc/rom_singles', 600],
  ['cpu_interrupts_v2/rom_singles', 600], ['cpu_dummy_reads', 600], ['cpu_exec_space', 600], ['cpu_reset', 600],
  ['ppu_vbl_nmi/rom_singles', 600], ['ppu_open_bus', 600], ['oam_read', 600], ['apu_test/rom_singles', 600],
  ['mmc3_test_2/rom_singles', 600], ['sprite_hit_tests_2005.10.05', 600], ['sprite_overflow_tests', 600],
  ['vbl_nmi_timing', 600], ['blargg_ppu_tests_2005.09.15b', 600], ['branch_timing_tests', 600],
  ['mmc3_test', 600], ['cpu_timing_test6', 1200],
];

describeWithShared('NES: blargg test ROMs', SETS.map(([d]) => `${DIR}/${d}`), () => {
  for (const [folder, frames] of SETS) {
    for (const rel of roms(folder)) {
      const known = KNOWN_FAILURES[rel];
      if (known === undefined) {
        it(`${rel} passes`, () => {
          const r = runRom(`${DIR}/${rel}`, frames);
          expect(r.passed, r.text).toBe(true);
        });
      } else {
        it.fails(`${rel} does not pass yet (${known})`, () => {
          const r = runRom(`${DIR}/${rel}`, frames);
          expect(r.passed, r.text).toBe(true);
        });
      }
    }
  }
});
