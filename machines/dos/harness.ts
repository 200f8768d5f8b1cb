/**
 * A temporary machine for the built-in DOS while the PC board is being written: an 8088 on a flat
 * 1 MB bus with our ROM at F0000h, port E0h routed to the DOS trap, and the BIOS text screen in
 * the bus's RAM at B8000h (read back with `screenText`). No timer, keyboard controller or video
 * card: keys go straight into the BIOS buffer (`type`). Tests drive it; the `dos` machine will
 * put the same kernel on the PC board instead.
 */
import { FlatX86Bus } from '../../cores/cpu/x86/bus.ts';
import { X86Cpu, X86Model } from '../../cores/cpu/x86/cpu.ts';
import { type DosOptions, DosKernel } from './kernel.ts';
import { keyWordForChar } from './keymap.ts';
import { ROM_SEG, TRAP_PORT, buildRom } from './rom.ts';
import { Shell } from './shell.ts';
import { Volume, type HostFile } from './vfs.ts';

export class DosHarness {
  readonly bus = new FlatX86Bus();
  readonly cpu: X86Cpu;
  readonly dos: DosKernel;
  /** Exit codes of programs started by the host, in order. */
  readonly exits: number[] = [];
  readonly logLines: string[] = [];
  /** Typed keys not yet in the BIOS buffer (it holds 15), fed as the program takes keys. */
  private pending: number[] = [];

  /** The built-in shell, when the harness was made with `shell: true`. */
  readonly shell: Shell | null = null;

  constructor(files: readonly HostFile[] | Volume = [], opts: DosOptions & { shell?: boolean } = {}) {
    this.cpu = new X86Cpu(this.bus, X86Model.I8088);
    this.dos = new DosKernel(this.cpu, this.bus, { log: (m) => this.logLines.push(m), ...opts });
    this.bus.ram.set(buildRom(), ROM_SEG << 4);
    this.bus.onOut = (port) => { if (port === TRAP_PORT) this.dos.trap(); };
    this.dos.install();
    this.dos.mount(2, files instanceof Volume ? files : new Volume(files, 'AMALGAM'));
    this.dos.onProgramExit = (code) => this.exits.push(code);
    if (opts.shell === true) {
      const sh = new Shell(this.dos);
      this.shell = sh;
      this.dos.startShell(() => sh.step());
    } else {
      this.dos.createRoot();
    }
  }

  /** Start a program on C: (by DOS path); a DOS error number if it cannot be loaded. */
  start(path: string, tail = ''): number { return this.dos.run(path, tail); }

  /**
   * Run until the program started last exits, a service waits for keys that are not there, or
   * `maxCycles` pass. Returns why it stopped.
   */
  run(maxCycles = 50_000_000): 'exit' | 'wait' | 'timeout' {
    const exitsBefore = this.exits.length;
    const limit = this.cpu.cycles + maxCycles;
    while (this.cpu.cycles < limit) {
      this.feed();
      const waits = this.dos.waits;
      this.cpu.run(Math.min(limit, this.cpu.cycles + 20_000));
      if (this.exits.length > exitsBefore && this.shell === null) return 'exit';
      this.feed();
      if (this.cpu.halted && this.dos.waits > waits && this.dos.bios.peekKey() < 0) return 'wait';
      if (this.cpu.halted && this.dos.bios.peekKey() >= 0) this.cpu.halted = false;
    }
    return 'timeout';
  }

  /** Put text in the keyboard buffer ('\n' is Enter) and wake a waiting service. */
  type(text: string): void {
    for (const ch of text) {
      const w = keyWordForChar(ch);
      if (w >= 0) this.pending.push(w);
    }
    this.feed();
    this.cpu.halted = false;
  }

  private feed(): void {
    while (this.pending.length > 0 && this.dos.bios.pushKey(this.pending[0]!)) this.pending.shift();
  }

  /** Everything written to the screen through the BIOS teletype so far. */
  get output(): string { return this.dos.bios.transcript; }
  screenText(): string { return this.dos.bios.screenText(); }
}
