/**
 * Runs a bare-metal x86 program on the flat bus until HLT: used by the 80186 test binaries
 * (../shared/testdata/pc/80186_tests: a 64 KB image at F0000h, started at F000:FFF0, expected RAM
 * dump from address 0) and by tests. Stops at HLT with IF clear, or after `maxCycles`.
 */
import { FlatX86Bus } from './bus.ts';
import { Seg, X86Cpu, X86Model } from './cpu.ts';

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
