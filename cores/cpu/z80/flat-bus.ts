/**
 * The simplest Z80 machine: 64 KB of RAM, no wait states, I/O reads FFh (floating bus), writes
 * ignored, interrupt acknowledge reads FFh (RST 38h in IM 0). Used by the bench and the CP/M test
 * harness; also the reference for what a bus costs the core when it adds nothing.
 */
import type { Z80Bus } from './bus.ts';

export class FlatZ80Bus implements Z80Bus {
  readonly mem = new Uint8Array(0x10000);

  fetch(addr: number): number {
    return this.mem[addr]!;
  }

  read(addr: number): number {
    return this.mem[addr]!;
  }

  write(addr: number, value: number): void {
    this.mem[addr] = value;
  }

  input(_port: number): number {
    return 0xff;
  }

  output(_port: number, _value: number): void {}

  idle(_addr: number, _tstates: number): void {}

  intAck(): number {
    return 0xff;
  }
}
