/**
 * The 48K's bus glue, as the Z80 sees it (cores/cpu/z80/bus.ts): every machine cycle arrives here
 * at its starting T-state. Accesses to 0x4000-0x7FFF, internal cycles with such an address on the
 * bus, and I/O cycles the ULA sees get the ULA's contention delay added to `cpu.cycles` (wait
 * states are the only thing the glue may add). I/O contention follows the four cases of
 * "The ZX Spectrum ULA" (Chris Smith) ch. 11 / the comp.sys.sinclair FAQ:
 *   high byte 0x40-0x7F?  ULA port (A0=0)?   pattern
 *   no                    no                 N:4
 *   no                    yes                N:1 C:3
 *   yes                   no                 C:1 C:1 C:1 C:1
 *   yes                   yes                C:1 C:3
 * Ports: even = ULA (OUT: border bits 0-2, MIC bit 3, EAR bit 4; IN: keyboard bits 0-4, EAR in
 * bit 6, bits 5 and 7 high); (port & 0xE0) == 0 = Kempston joystick; anything else reads the
 * floating bus. Fetches of LD-BYTES and SA-BYTES go to the machine's tape traps while it watches.
 */
import type { Z80Bus } from '../../cores/cpu/z80/bus.ts';
import type { Z80 } from '../../cores/cpu/z80/z80.ts';
import type { Spectrum } from './spectrum.ts';
import { LD_BYTES, SA_BYTES } from './tape/traps.ts';
import { CONTENTION } from './ula.ts';

const CONTENTION_LIMIT = CONTENTION.length;

export class SpectrumBus implements Z80Bus {
  cpu!: Z80;
  /** Sinclair ROM with its loader present and a tape inserted: fetches of 0x0556 are trapped. */
  watchLoader = false;
  /** Sinclair ROM: fetches of SA-BYTES (0x04C2) are trapped to save blocks to the tape. */
  watchSaver = false;
  constructor(private readonly m: Spectrum) {}

  fetch(addr: number): number {
    const m = this.m;
    if ((addr & 0xc000) === 0x4000) {
      const t = this.cpu.cycles - m.ula.s.frameStart;
      if (t < CONTENTION_LIMIT) this.cpu.cycles += CONTENTION[t]!;
    } else if (addr === LD_BYTES && this.watchLoader) {
      return m.traps.enterLoader();
    } else if (addr === SA_BYTES && this.watchSaver) {
      return m.traps.enterSaver();
    }
    return m.mem[addr]!;
  }

  read(addr: number): number {
    if ((addr & 0xc000) === 0x4000) {
      const t = this.cpu.cycles - this.m.ula.s.frameStart;
      if (t < CONTENTION_LIMIT) this.cpu.cycles += CONTENTION[t]!;
    }
    return this.m.mem[addr]!;
  }

  write(addr: number, value: number): void {
    if (addr < 0x4000) return;
    const m = this.m;
    if (addr < 0x8000) {
      const cpu = this.cpu;
      const t = cpu.cycles - m.ula.s.frameStart;
      if (t < CONTENTION_LIMIT) cpu.cycles += CONTENTION[t]!;
      // Draw what the beam has passed before the screen changes under it.
      if (addr < 0x5b00) m.ula.change(cpu.cycles - m.ula.s.frameStart);
    }
    m.mem[addr] = value;
  }

  /** Add the I/O contention of the four cases in the header; returns the frame T after the waits. */
  private ioContend(port: number): number {
    const cpu = this.cpu;
    const fs = this.m.ula.s.frameStart;
    const t0 = cpu.cycles - fs;
    const high = (port & 0xc000) === 0x4000;
    const ula = (port & 1) === 0;
    if (!high && !ula) return t0;
    let t = t0;
    if (t + 8 >= CONTENTION_LIMIT) return t0;
    if (high) t += CONTENTION[t]!;
    t += 1;
    if (ula) { t += CONTENTION[t]!; t += 3; }
    else for (let i = 0; i < 3; i++) { t += CONTENTION[t]!; t += 1; }
    cpu.cycles += t - t0 - 4;
    return cpu.cycles - fs;
  }

  input(port: number): number {
    const t = this.ioContend(port);
    const m = this.m;
    if ((port & 1) === 0) return m.readUlaPort(port >> 8);
    if ((port & 0xe0) === 0) return m.keyboard.kempston();
    // The Z80 samples the data bus in the last T-state of the 4 T I/O cycle (Sinclair FAQ wiki,
    // "Floating bus", whose 48K fetch table ula.ts follows).
    return m.ula.floatingBus(t + 3);
  }

  output(port: number, value: number): void {
    const t = this.ioContend(port);
    if ((port & 1) === 0) this.m.writeUlaPort(t, value);
  }

  idle(addr: number, tstates: number): void {
    if ((addr & 0xc000) !== 0x4000) return;
    const cpu = this.cpu;
    const t0 = cpu.cycles - this.m.ula.s.frameStart;
    if (t0 + tstates * 7 >= CONTENTION_LIMIT) return;
    let t = t0;
    for (let i = 0; i < tstates; i++) { t += CONTENTION[t]!; t += 1; }
    cpu.cycles += t - t0 - tstates;
  }

  intAck(): number {
    // Nothing drives the data bus during the acknowledge on a bare 48K: it floats high.
    return 0xff;
  }
}
