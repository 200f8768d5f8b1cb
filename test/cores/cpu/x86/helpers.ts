/** A core on a flat bus with code at 1000:0100, DS=ES=SS=1000, SP=FFFE. */
import { FlatX86Bus } from '../../../../cores/cpu/x86/bus.ts';
import { Seg, X86Cpu, X86Model } from '../../../../cores/cpu/x86/cpu.ts';

export const SEG = 0x1000;

export function machine(code: number[], model: X86Model = X86Model.I8088): { cpu: X86Cpu; bus: FlatX86Bus } {
  const bus = new FlatX86Bus();
  const cpu = new X86Cpu(bus, model);
  bus.ram.set(code, (SEG << 4) + 0x100);
  for (const s of [Seg.CS, Seg.DS, Seg.ES, Seg.SS]) cpu.loadSeg(s, SEG);
  cpu.ip = 0x100;
  cpu.r16[4] = 0xfffe;
  cpu.endCycle = Infinity;
  return { cpu, bus };
}

/** Point interrupt vector `v` at SEG:`off`. */
export function setVector(bus: FlatX86Bus, v: number, off: number, seg = SEG): void {
  bus.ram[v * 4] = off & 0xff; bus.ram[v * 4 + 1] = off >> 8;
  bus.ram[v * 4 + 2] = seg & 0xff; bus.ram[v * 4 + 3] = seg >> 8;
}
