/**
 * 68000 exception processing: group 1/2 exceptions (TRAP, TRAPV, CHK, divide by zero, illegal,
 * line A/F, privilege violation, trace), group 0 (address and bus error, with the 14-byte frame)
 * and interrupt entry with autovector or vectored acknowledge.
 *
 * Stacking order on the bus (both reference models): PC low word, SR, PC high word; the group-0
 * frame continues with IR, access address low, status word, access address high. Then the vector
 * is read (high, low word) and the prefetch queue refilled: np, 2 internal cycles, np.
 * (M68000 User's Manual, section 6.3; 68000 UM table 8-14 for the cycle counts.)
 *
 * Not emulated: the 68010+ format word and VBR; spurious-interrupt detection beyond a bus error on
 * acknowledge (the machine returns -2).
 */
import type { M68000 } from './cpu.ts';

/**
 * Group 1/2 exception (trap, illegal, privilege, CHK, divide by zero, trace, interrupts use
 * their own entry): stack PC and SR, read the vector, refill the prefetch queue. `pcPush` is the
 * return address. The caller has spent the internal cycles before the stacking.
 * Bus order: PC low, SR, PC high, vector high, vector low, np, n, np (68000 UM section 6.3).
 */
export function takeException(c: M68000, vector: number, pcPush: number, oldSr = c.sr): void {
  c.setSr((oldSr | 0x2000) & 0x7fff);
  pushFrame(c, oldSr, pcPush);
  c.inException = true;
  const t = c.rd32(vector << 2);
  c.inException = false;
  c.stopped = false;
  c.jump(t);
  c.cycles += 2;
  c.prefetch();
}

function pushFrame(c: M68000, oldSr: number, pcPush: number): void {
  const sp = c.r[15] - 6;
  c.r[15] = sp;
  c.inException = true;
  c.wr16(sp + 4, pcPush & 0xffff);
  c.wr16(sp, oldSr);
  c.wr16(sp + 2, pcPush >>> 16);
  c.inException = false;
}

/** Address or bus error: the 14-byte group-0 frame (68000 UM section 6.3.9). */
export function takeFault(c: M68000): void {
  if (c.inGroup0) {
    c.halted = true;
    c.inGroup0 = false;
    return;
  }
  c.inGroup0 = true;
  const addr = c.faultAddr;
  // MAME: a MOVE.B/.W to -(An) has already loaded the next opcode into IR when it faults, and
  // that is what the frame shows.
  const ir = !c.clk && c.eaMoveDest && c.eaKind === 4 && c.eaSize !== 4 ? c.ir : c.ird;
  const status =
    (ir & 0xffe0) | (c.faultWrite ? 0 : 0x10) | (c.inException ? 8 : 0) | (c.faultFc & 7);
  const pcPush = faultPcValue(c);
  // MAME: a long (An)+ access that faults has not yet advanced An.
  if (!c.clk && c.faultPc === -1 && c.eaKind === 3 && c.eaSize === 4 && !c.eaMoveDest) {
    c.r[8 + c.eaReg] -= 4;
  }
  c.faultPc = -1;
  c.eaMoveDest = false;
  c.inException = false;
  const oldSr = c.sr;
  c.setSr((oldSr | 0x2000) & 0x7fff);
  // From the start of the aborted bus cycle to the first frame write: 4 cycles in Clock Signal's
  // model, 12 in MAME's (the 4-cycle cycle without AS, then 8 internal cycles).
  c.cycles += c.clk ? 4 : 12;
  const sp = c.r[15] - 14;
  c.r[15] = sp;
  c.wr16(sp + 12, pcPush & 0xffff);
  c.wr16(sp + 8, oldSr);
  c.wr16(sp + 10, pcPush >>> 16);
  c.wr16(sp + 6, ir);
  c.wr16(sp + 4, addr & 0xffff);
  c.wr16(sp, status);
  c.wr16(sp + 2, addr >>> 16);
  const t = c.rd32(c.faultVector << 2);
  c.stopped = false;
  c.jump(t);
  c.cycles += 2;
  c.prefetch();
  c.inGroup0 = false;
}

/** The PC stacked by a group-0 exception. */
function faultPcValue(c: M68000): number {
  if (c.faultPc !== -1) return c.faultPc;
  if (c.clk) return c.pc - 2;
  // MAME's microcode: the PC register lags or leads the prefetch address depending on where in
  // the effective-address sequence the access is (observed in its single-step set).
  let pc = c.pc;
  switch (c.eaKind) {
    case 4:
      if (c.eaSize !== 4 && !c.eaMoveDest) pc += 2;
      break;
    case 5: case 6: case 9: case 10:
      pc -= 2;
      break;
  }
  // MOVE's destination write: 2 further on, except for -(An) and absolute destinations.
  if (c.eaMoveDest && c.eaKind !== 4 && c.eaKind !== 7 && c.eaKind !== 8) pc += 2;
  return pc;
}

/** Interrupt entry (44 cycles with an autovector): 68000 UM section 6.3.2. */
export function takeInterrupt(c: M68000, level: number): void {
  const oldSr = c.sr;
  c.setSr(((oldSr | 0x2000) & 0x78ff) | (level << 8));
  // After STOP the PC still addresses STOP's immediate word: return past it.
  const pcPush = c.stopped ? c.pc + 2 : c.pc - 2;
  c.stopped = false;
  c.cycles += 6;
  const sp = c.r[15] - 6;
  c.r[15] = sp;
  c.wr16(sp + 4, pcPush & 0xffff);
  let vector = c.bus.interruptAck(level);
  c.cycles += 4;
  if (vector === -1) vector = 24 + level;
  else if (vector < 0) vector = 24;
  vector &= 0xff;
  c.cycles += 4;
  c.wr16(sp, oldSr);
  c.wr16(sp + 2, pcPush >>> 16);
  const t = c.rd32(vector << 2);
  c.jump(t);
  c.cycles += 2;
  c.prefetch();
}
