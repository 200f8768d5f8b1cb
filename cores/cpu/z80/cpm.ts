/**
 * A minimal CP/M-80 environment for running .COM test programs such as ZEXDOC/ZEXALL: the program
 * at 0100h, BDOS at 0005h serving function 2 (print E) and 9 (print the `$`-terminated string at
 * DE), and warm boot (a jump to 0000h) ending the run. The BDOS call is trapped at the M1 fetch of
 * 0005h, where a RET is stored, so the core runs at full speed with no per-instruction check.
 * The word at 0006h (the BDOS jump target, read by programs as the top of the TPA) is F000h.
 */
import { TruncatedError, TooLargeError } from '../../kernel/errors.ts';
import { FlatZ80Bus } from './flat-bus.ts';
import { Z80 } from './z80.ts';

export class CpmBus extends FlatZ80Bus {
  cpu: Z80 | null = null;
  output_ = '';
  done = false;

  override fetch(addr: number): number {
    if (addr === 0x0005) this.bdos();
    else if (addr === 0x0000) {
      this.done = true;
      this.cpu!.endCycle = 0; // stop `run` at the end of this instruction
    }
    return this.mem[addr]!;
  }

  private bdos(): void {
    const cpu = this.cpu!;
    if (cpu.c === 2) {
      this.output_ += String.fromCharCode(cpu.e);
    } else if (cpu.c === 9) {
      let a = (cpu.d << 8) | cpu.e;
      for (let n = 0; n < 0x10000 && this.mem[a] !== 0x24; n++) {
        this.output_ += String.fromCharCode(this.mem[a]!);
        a = (a + 1) & 0xffff;
      }
    }
  }
}

export interface CpmResult {
  output: string;
  /** True if the program ended with a warm boot (jump to 0000h); false if it ran out of cycles. */
  finished: boolean;
  cycles: number;
}

/** Runs a .COM image for at most `maxCycles` T-states. */
export function runCpm(com: Uint8Array, maxCycles: number, onOutput?: (text: string) => void): CpmResult {
  if (com.length === 0) throw new TruncatedError('CP/M program is empty');
  if (com.length > 0xf000 - 0x100) throw new TooLargeError('CP/M program does not fit below F000h');
  const bus = new CpmBus();
  const cpu = new Z80(bus);
  bus.cpu = cpu;
  bus.mem.set(com, 0x100);
  bus.mem[0x0005] = 0xc9; // RET: the BDOS trap returns at once
  bus.mem[0x0006] = 0x00;
  bus.mem[0x0007] = 0xf0;
  cpu.pc = 0x100;
  cpu.sp = 0xf000;
  const slice = 50_000_000;
  let printed = 0;
  while (!bus.done && cpu.cycles < maxCycles) {
    cpu.run(Math.min(cpu.cycles + slice, maxCycles));
    if (onOutput && bus.output_.length > printed) { onOutput(bus.output_.slice(printed)); printed = bus.output_.length; }
  }
  return { output: bus.output_, finished: bus.done, cycles: cpu.cycles };
}
