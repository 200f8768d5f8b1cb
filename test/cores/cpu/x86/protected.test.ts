/**
 * 80386/80286 protected mode, checked against the Intel 80386 Programmer's Reference Manual
 * (1986) where test386.bin does not reach (this build has no task-switch or V86 tests): fault
 * error codes (§9.8, table 9-7), page faults and the accessed/dirty bits (§5.2.4.4, §9.8.14),
 * call gates with a privilege change (§6.3.4.1), task switches and their nesting (§7.5-7.6),
 * virtual-8086 mode entry and its IOPL-sensitive INT (§15.3, §15.5.1), the I/O permission
 * bitmap (§8.3.2), and the 80286 MSW (80286 PRM §10.?, LMSW/SMSW).
 *
 * Each test builds a GDT at 1000h, an IDT at 2000h whose vector v points at a HLT at 9000h + 16v
 * (32-bit interrupt gates), a 386 TSS at 3000h (ESP0 7000h, SS0 10h, I/O bitmap at +68h), and
 * runs hand-assembled code from 5000h.
 */
import { describe, expect, it } from 'vitest';
import { X86Model } from '../../../../cores/cpu/x86/cpu.ts';
import { X86ProtCpu } from '../../../../cores/cpu/x86/cpu386.ts';
import { Flat386Bus } from '../../../../cores/cpu/x86/program-runner.ts';
import { loadTr, setCr0 } from '../../../../cores/cpu/x86/protect.ts';

const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5, SP = 4;

function desc(base: number, limit: number, access: number, flags: number): [number, number] {
  const lo = (((base & 0xffff) << 16) | (limit & 0xffff)) >>> 0;
  const hi = ((base & 0xff000000) | ((flags & 0xf) << 20) | (limit & 0xf0000) | (access << 8) | ((base >>> 16) & 0xff)) >>> 0;
  return [lo, hi];
}
function gate(sel: number, off: number, access: number, params: number): [number, number] {
  return [((sel << 16) | (off & 0xffff)) >>> 0, ((off & 0xffff0000) | (access << 8) | params) >>> 0];
}

class Rig {
  readonly bus = new Flat386Bus();
  readonly cpu = new X86ProtCpu(this.bus, X86Model.I80386);
  readonly out: [number, number][] = [];
  w8(a: number, v: number): void { this.bus.mem[a] = v; }
  w16(a: number, v: number): void { this.w8(a, v & 0xff); this.w8(a + 1, (v >> 8) & 0xff); }
  w32(a: number, v: number): void { this.w16(a, v & 0xffff); this.w16(a + 2, v >>> 16); }
  r32(a: number): number { return (this.bus.mem[a]! | (this.bus.mem[a + 1]! << 8) | (this.bus.mem[a + 2]! << 16) | (this.bus.mem[a + 3]! << 24)) >>> 0; }
  setDesc(sel: number, d: [number, number]): void { this.w32(0x1000 + sel, d[0]); this.w32(0x1004 + sel, d[1]); }
  code(a: number, bytes: number[]): void { bytes.forEach((b, i) => this.w8(a + i, b)); }

  constructor() {
    this.setDesc(0x08, desc(0, 0xfffff, 0x9a, 0xc)); // ring-0 code, flat, 32-bit
    this.setDesc(0x10, desc(0, 0xfffff, 0x92, 0xc)); // ring-0 data
    this.setDesc(0x18, desc(0, 0xfffff, 0xfa, 0xc)); // ring-3 code
    this.setDesc(0x20, desc(0, 0xfffff, 0xf2, 0xc)); // ring-3 data
    this.setDesc(0x28, desc(0x3000, 0x88, 0x89, 0)); // 386 TSS (with a 32-byte I/O bitmap)
    this.setDesc(0x30, desc(0x8000, 0xff, 0x92, 0x4)); // small data segment: 256 bytes at 8000h
    this.setDesc(0x38, desc(0, 0xfffff, 0x12, 0xc)); // not present
    this.setDesc(0x40, gate(0x08, 0x9500, 0xec, 1)); // 386 call gate, DPL 3, one parameter
    this.setDesc(0x48, desc(0x3100, 0x67, 0x89, 0)); // a second 386 TSS
    for (let v = 0; v < 32; v++) {
      const [lo, hi] = gate(0x08, 0x9000 + v * 16, 0x8e, 0);
      this.w32(0x2000 + v * 8, lo); this.w32(0x2004 + v * 8, hi);
      this.w8(0x9000 + v * 16, 0xf4);
    }
    this.w8(0x9500, 0xf4);
    this.w32(0x3004, 0x7000); this.w16(0x3008, 0x10); this.w16(0x3066, 0x68);
    this.bus.onOut = (p, v) => { this.out.push([p, v]); };
    const c = this.cpu;
    c.gdtBase = 0x1000; c.gdtLimit = 0x7f; c.idtBase = 0x2000; c.idtLimit = 0xff;
    setCr0(c, 1);
    c.loadSeg(CS, 0x08);
    for (const s of [SS, DS, ES, FS, GS]) c.loadSeg(s, 0x10);
    c.set32(SP, 0x7000);
    c.ip = 0x5000;
    loadTr(c, 0x28);
  }
  /** Switch to ring 3 (CS 1Bh, SS/DS 23h, ESP 6000h), as an IRET to ring 3 would leave it. */
  ring3(): void {
    const c = this.cpu;
    c.cpl = 3;
    c.loadSeg(CS, 0x1b);
    for (const s of [SS, DS, ES]) c.loadSeg(s, 0x23);
    c.set32(SP, 0x6000);
  }
  run(): void {
    for (let i = 0; i < 1000 && !this.cpu.halted; i++) this.cpu.run(this.cpu.cycles + 100);
  }
  /** The dword at SS:ESP + k (flat stacks here). */
  stack(k: number): number { return this.r32((this.cpu.segBase[SS]! >>> 0) + this.cpu.get32(SP) + k); }
  /** Halted in the HLT of vector v's handler. */
  inHandler(v: number): boolean { return this.cpu.halted && this.cpu.ip === 0x9000 + v * 16 + 1; }
}

describe('80386 protected mode (PRM sections in the file header)', () => {
  it('an offset past a segment limit raises #GP(0): error code, then EIP of the faulting instruction (§9.8.13)', () => {
    const r = new Rig();
    r.cpu.loadSeg(DS, 0x30);
    r.code(0x5000, [0xa1, 0x00, 0x01, 0x00, 0x00]); // mov eax, [100h]: limit FFh
    r.run();
    expect(r.inHandler(13)).toBe(true);
    expect([r.stack(0), r.stack(4), r.stack(8)]).toEqual([0, 0x5000, 0x08]);
    expect(r.cpu.get32(SP)).toBe(0x7000 - 16);
  });

  it('loading a not-present data segment raises #NP with the selector as error code (§9.8.11)', () => {
    const r = new Rig();
    r.code(0x5000, [0x66, 0xb8, 0x38, 0x00, 0x8e, 0xd8]); // mov ax, 38h; mov ds, ax
    r.run();
    expect(r.inHandler(11)).toBe(true);
    expect([r.stack(0), r.stack(4)]).toEqual([0x38, 0x5004]);
    expect(r.cpu.sreg[DS]).toBe(0x10);
  });

  it('paging: a write sets the PTE accessed and dirty bits; a not-present page raises #PF with CR2 (§5.2.4.4, §9.8.14)', () => {
    const r = new Rig();
    r.w32(0x10000, 0x11000 | 3);
    for (let p = 0; p < 1024; p++) r.w32(0x11000 + p * 4, p === 0x20 ? 0 : (p << 12) | 3);
    r.cpu.cr3 = 0x10000;
    setCr0(r.cpu, 0x80000001);
    r.code(0x5000, [0xa3, 0x00, 0x10, 0x02, 0x00, 0xa1, 0x10, 0x00, 0x02, 0x00]); // mov [21000h], eax; mov eax, [20010h]
    r.run();
    expect(r.inHandler(14)).toBe(true);
    expect(r.cpu.cr2).toBe(0x20010);
    expect([r.stack(0), r.stack(4)]).toEqual([0, 0x5005]); // read, not present, supervisor
    expect(r.r32(0x11000 + 0x21 * 4) & 0x60).toBe(0x60);
    expect(r.r32(0x11000 + 0x05 * 4) & 0x60).toBe(0x20); // the code page: accessed, not dirty
    expect(r.r32(0x10000) & 0x20).toBe(0x20);
  });

  it('a user-mode write to a supervisor page raises #PF with error code 7 (§6.4.1.1)', () => {
    const r = new Rig();
    r.w32(0x10000, 0x11000 | 7);
    for (let p = 0; p < 1024; p++) r.w32(0x11000 + p * 4, (p << 12) | (p === 0x21 ? 3 : 7));
    r.cpu.cr3 = 0x10000;
    setCr0(r.cpu, 0x80000001);
    r.ring3();
    r.code(0x5000, [0xa3, 0x00, 0x10, 0x02, 0x00]); // mov [21000h], eax
    r.run();
    expect(r.inHandler(14)).toBe(true);
    expect(r.stack(0)).toBe(7);
    expect(r.cpu.cr2).toBe(0x21000);
  });

  it('CALL through a call gate to ring 0 switches to the TSS stack and copies the parameters (§6.3.4.1)', () => {
    const r = new Rig();
    r.ring3();
    r.code(0x5000, [0x68, 0x34, 0x12, 0x00, 0x00, 0x9a, 0x00, 0x00, 0x00, 0x00, 0x43, 0x00]); // push 1234h; call 43h:0
    r.run();
    expect(r.cpu.halted && r.cpu.ip === 0x9501).toBe(true);
    expect(r.cpu.cpl).toBe(0);
    expect(r.cpu.sreg[SS]).toBe(0x10);
    expect(r.cpu.get32(SP)).toBe(0x7000 - 20);
    // EIP, CS, the parameter, the caller's ESP and SS.
    expect([r.stack(0), r.stack(4), r.stack(8), r.stack(12), r.stack(16)]).toEqual([0x500c, 0x1b, 0x1234, 0x5ffc, 0x23]);
  });

  it('CALL to a TSS switches tasks with a back link and NT; IRET returns to the caller (§7.5, §7.6)', () => {
    const r = new Rig();
    const t = 0x3100;
    r.w32(t + 0x20, 0x9600); r.w32(t + 0x24, 0x2); r.w32(t + 0x28, 0x11111111);
    r.w32(t + 0x38, 0x6800);
    for (const [s, sel] of [[ES, 0x10], [CS, 0x08], [SS, 0x10], [DS, 0x10], [FS, 0x10], [GS, 0x10]]) r.w16(t + 0x48 + s! * 4, sel!);
    r.code(0x9600, [0xf4, 0xcf]); // hlt; iretd
    r.cpu.set32(0, 0x2222);
    r.code(0x5000, [0x9a, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0xf4]); // call 48h:0; hlt
    r.run();
    expect(r.cpu.ip).toBe(0x9601);
    expect(r.cpu.trSel).toBe(0x48);
    expect(r.cpu.get32(0)).toBe(0x11111111);
    expect(r.cpu.flags & 0x4000).toBe(0x4000); // NT
    expect(r.bus.mem[t]! | (r.bus.mem[t + 1]! << 8)).toBe(0x28); // back link
    expect(r.r32(0x3020)).toBe(0x5007); // the caller's EIP saved in its TSS
    expect((r.bus.mem[0x1000 + 0x28 + 5]! & 0x0f)).toBe(0xb); // both busy
    expect((r.bus.mem[0x1000 + 0x48 + 5]! & 0x0f)).toBe(0xb);
    expect(r.cpu.cr0 & 8).toBe(8); // TS
    r.cpu.halted = false;
    r.run();
    expect(r.cpu.ip).toBe(0x5008);
    expect(r.cpu.trSel).toBe(0x28);
    expect(r.cpu.get32(0)).toBe(0x2222);
    expect((r.bus.mem[0x1000 + 0x48 + 5]! & 0x0f)).toBe(0x9); // no longer busy
  });

  it('IRET with VM set enters V86 mode; INT n there with IOPL 0 raises #GP(0) in ring 0 with the V86 frame (§15.3, §15.5.1)', () => {
    const r = new Rig();
    // IRET frame at ESP: EIP CS EFLAGS ESP SS ES DS FS GS.
    const frame = [0x0000, 0x0800, 0x20002, 0x0100, 0x0700, 0x0111, 0x0222, 0x0333, 0x0444];
    r.cpu.set32(SP, 0x6000);
    frame.forEach((v, i) => r.w32(0x6000 + i * 4, v));
    r.code(0x5000, [0xcf]); // iretd
    r.code(0x8000, [0xcd, 0x21]); // int 21h at 0800:0000
    r.cpu.step();
    expect(r.cpu.v86).toBe(true);
    expect(r.cpu.cpl).toBe(3);
    expect(r.cpu.segBase[CS]).toBe(0x8000);
    expect(r.cpu.sreg[DS]).toBe(0x222);
    r.run();
    expect(r.inHandler(13)).toBe(true);
    expect(r.cpu.v86).toBe(false);
    expect(r.cpu.sreg[DS]).toBe(0); // data segments are null in the handler
    expect(r.cpu.get32(SP)).toBe(0x7000 - 40);
    const got = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map((k) => r.stack(k));
    expect(got).toEqual([0, 0x0000, 0x0800, 0x20002, 0x0100, 0x0700, 0x0111, 0x0222, 0x0333, 0x0444]);
  });

  it('the TSS I/O permission bitmap allows or refuses each port at CPL 3 with IOPL 0 (§8.3.2)', () => {
    const r = new Rig();
    r.w8(0x3068 + (0x80 >> 3), 0x01); // port 80h refused, 81h allowed
    r.w8(0x3068 + 32, 0xff);
    r.ring3();
    r.code(0x5000, [0xe6, 0x81, 0xe6, 0x80]); // out 81h, al; out 80h, al
    r.run();
    expect(r.out.map(([p]) => p)).toEqual([0x81]);
    expect(r.inHandler(13)).toBe(true);
    expect([r.stack(0), r.stack(4)]).toEqual([0, 0x5002]);
  });

  it('a save state taken in protected mode restores the descriptor caches and 32-bit state', () => {
    const r = new Rig();
    r.cpu.set32(0, 0xdeadbeef);
    r.cpu.loadSeg(DS, 0x30);
    const st = JSON.parse(JSON.stringify(r.cpu.getState()));
    const r2 = new Rig();
    r2.cpu.setState(st);
    expect(r2.cpu.get32(0)).toBe(0xdeadbeef);
    expect(r2.cpu.segBase[DS]).toBe(0x8000);
    expect(r2.cpu.segLimit[DS]).toBe(0xff);
    expect(r2.cpu.pm).toBe(true);
    expect(r2.cpu.defOpSize).toBe(32);
    expect(r2.cpu.getState()).toEqual(st);
  });
});

describe('80286 machine status word (80286 PRM: SMSW, LMSW)', () => {
  it('reads FFF0h after reset; LMSW sets PE, which LMSW cannot clear', () => {
    const bus = new Flat386Bus();
    const cpu = new X86ProtCpu(bus, X86Model.I80286);
    cpu.loadSeg(CS, 0); cpu.ip = 0x100;
    // smsw ax; mov bx, ax; mov ax, 1; lmsw ax; xor ax, ax; lmsw ax; hlt
    [0x0f, 0x01, 0xe0, 0x89, 0xc3, 0xb8, 0x01, 0x00, 0x0f, 0x01, 0xf0].forEach((b, i) => { bus.mem[0x100 + i] = b; });
    for (let i = 0; i < 4; i++) cpu.step();
    expect(cpu.r16[3]).toBe(0xfff0);
    expect(cpu.pm).toBe(true);
    expect(cpu.cr0 & 1).toBe(1);
  });
});
