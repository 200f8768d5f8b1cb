/**
 * Runs a bare-metal x86 program on the flat bus until HLT: used by the 80186 test binaries, and
 * test386.bin on the 80386 (`runTest386`)
 * (../shared/testdata/pc/80186_tests: a 64 KB image at F0000h, started at F000:FFF0, expected RAM
 * dump from address 0) and by tests. Stops at HLT with IF clear, or after `maxCycles`.
 */
import { FlatX86Bus } from './bus.ts';
import { Seg, X86Cpu, X86Model } from './cpu.ts';
import { X86ProtCpu } from './cpu386.ts';

export interface BareRun {
  cpu: X86Cpu;
  bus: FlatX86Bus;
  /** True if the program reached HLT within the cycle budget. */
  halted: boolean;
}

export function runRomImage(image: Uint8Array, model: X86Model, maxCycles = 50_000_000, fixedFlags = 0xf002): BareRun {
  const bus = new FlatX86Bus();
  bus.ram.set(image.subarray(0, Math.min(image.length, 0x10000)), 0x100000 - Math.min(image.length, 0x10000));
  const cpu = new X86Cpu(bus, model);
  cpu.fixedFlags = fixedFlags;
  cpu.setFlags(0);
  cpu.loadSeg(Seg.CS, 0xf000);
  cpu.ip = 0xfff0;
  while (cpu.cycles < maxCycles && !cpu.halted) cpu.run(Math.min(maxCycles, cpu.cycles + 100_000));
  return { cpu, bus, halted: cpu.halted };
}

/**
 * A flat 386 test bus: 2 MB of RAM (addresses wrap at 2 MB) with the top 1 MB of the 4 GB space
 * (FFF00000h-FFFFFFFFh) aliasing the first megabyte's top, where a ROM image at F0000h sits, as
 * an AT-class board decodes its BIOS ROM at both addresses (test386.asm README: "installed at
 * physical address 0xf0000 and aliased at physical address 0xffff0000").
 */
export class Flat386Bus extends FlatX86Bus {
  readonly mem = new Uint8Array(0x200000);
  private at(a: number): number { a >>>= 0; return a >= 0xfff00000 ? a & 0xfffff : a & 0x1fffff; }
  override read8(a: number): number { return this.mem[this.at(a)]!; }
  override write8(a: number, v: number): void { this.mem[this.at(a)] = v; }
  override read16(a: number): number { const i = this.at(a); return this.mem[i]! | (this.mem[(i + 1) & 0x1fffff]! << 8); }
  override write16(a: number, v: number): void { const i = this.at(a); this.mem[i] = v; this.mem[(i + 1) & 0x1fffff] = v >> 8; }
}

export interface Test386Run {
  cpu: X86ProtCpu;
  bus: Flat386Bus;
  /** Every value written to the POST port 190h, in order. */
  post: number[];
  /** Text written to the debug port E9h. */
  text: string;
}

/**
 * Run test386.bin (../shared/testdata/pc/test386; barotto/test386.asm) on an 80386: the 64 KB image
 * at F0000h (and FFFF0000h), reset at FFFF:FFF0h, until POST code FFh, a HLT, a shutdown or
 * `maxCycles`.
 */
export function runTest386(image: Uint8Array, maxCycles = 400_000_000): Test386Run {
  const bus = new Flat386Bus();
  bus.mem.set(image.subarray(0, 0x10000), 0x100000 - Math.min(image.length, 0x10000));
  const cpu = new X86ProtCpu(bus, X86Model.I80386);
  const post: number[] = [];
  let text = '';
  bus.onOut = (port, value) => {
    if (port === 0x190) { post.push(value); if (value === 0xff) cpu.endCycle = cpu.cycles; }
    else if (port === 0xe9) text += String.fromCharCode(value);
  };
  while (cpu.cycles < maxCycles && !cpu.halted && post[post.length - 1] !== 0xff) cpu.run(Math.min(maxCycles, cpu.cycles + 1_000_000));
  return { cpu, bus, post, text };
}
