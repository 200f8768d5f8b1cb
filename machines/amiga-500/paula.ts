/**
 * Paula (8364), the interrupt, pot and serial parts: INTENA/INTREQ with the six 68000 interrupt
 * levels, ADKCON, POTGO/POTGOR (the second and third buttons read as released unless the machine
 * says otherwise), and a minimal UART: SERDAT sends a byte that appears in `serialOut` after its
 * frame time at SERPER's rate, raising TBE; SERDATR reports TBE/TSRE and RBF (nothing is received).
 *
 * Interrupt levels (HRM chapter 7, "Interrupts"): TBE, DSKBLK, SOFT -> 1; PORTS -> 2; COPER,
 * VERTB, BLIT -> 3; AUD0-3 -> 4; RBF, DSKSYN -> 5; EXTER -> 6. INTEN (bit 14) gates them all. The
 * level is passed on at once (the real chip takes a few cycles, not modelled).
 *
 * Audio and disk DMA live in paula-audio.ts and disk.ts (not written yet).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';

export interface PaulaState {
  intena: number; intreq: number; adkcon: number; potgo: number;
  serper: number;
  /** Master tick at which the byte being sent has left (0: idle), and the byte. */
  serBusyUntil: number;
}

const LEVEL_OF_BIT = [1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6];

export class Paula {
  s: PaulaState = { intena: 0, intreq: 0, adkcon: 0, potgo: 0, serper: 0, serBusyUntil: 0 };
  /** IPL level changed. */
  onIpl: (level: number) => void = () => {};
  /** Text the serial port has sent (DiagROM's log), bounded. */
  serialOut = '';
  /** Lines asserted from outside that set INTREQ bits as long as they are held (CIA /IRQ). */
  private held = 0;
  private level = 0;

  reset(): void {
    this.s = { intena: 0, intreq: 0, adkcon: 0, potgo: 0, serper: 0, serBusyUntil: 0 };
    this.held = 0;
    this.update();
  }

  /** INTENA/INTREQ/ADKCON style write: bit 15 SET/CLR. */
  private static setClr(old: number, v: number): number {
    return (v & 0x8000) !== 0 ? (old | v) & 0x7fff : old & ~v & 0x7fff;
  }

  writeIntena(v: number): void {
    this.s.intena = Paula.setClr(this.s.intena, v);
    this.update();
  }

  writeIntreq(v: number): void {
    // A line still held (a CIA that has not been acknowledged) sets its bit again at once.
    this.s.intreq = Paula.setClr(this.s.intreq, v) | this.held;
    this.update();
  }

  writeAdkcon(v: number): void {
    this.s.adkcon = Paula.setClr(this.s.adkcon, v);
  }

  /** Raise INTREQ bits (from the chips). */
  raise(bits: number): void {
    this.s.intreq |= bits;
    this.update();
  }

  /** An external interrupt line (INT2 from CIA-A -> PORTS, INT6 from CIA-B -> EXTER). */
  setLine(bit: number, asserted: boolean): void {
    if (asserted) { this.held |= bit; this.s.intreq |= bit; } else this.held &= ~bit;
    this.update();
  }

  private update(): void {
    const s = this.s;
    let level = 0;
    if ((s.intena & 0x4000) !== 0) {
      const active = s.intena & s.intreq & 0x3fff;
      for (let b = 13; b >= 0; b--) if ((active & (1 << b)) !== 0) { level = LEVEL_OF_BIT[b]!; break; }
    }
    if (level !== this.level) {
      this.level = level;
      this.onIpl(level);
    }
  }

  get ipl(): number {
    return this.level;
  }

  // ---- serial ----

  /** SERDAT written at `now`: the byte leaves after start + data + stop bits at SERPER's rate. */
  writeSerdat(v: number, now: number, cck: number): void {
    const s = this.s;
    // SERPER bit 15 = 9-bit mode; the rest is (bit time in CCKs) - 1.
    const bits = (v & 0x200) !== 0 ? 11 : 10;
    const data = (s.serper & 0x8000) !== 0 ? v & 0x1ff : v & 0xff;
    s.serBusyUntil = now + bits * ((s.serper & 0x7fff) + 1) * cck;
    if (this.serialOut.length < 65536) this.serialOut += String.fromCharCode(data & 0xff);
    // The byte moves to the shift register at once: the buffer is empty again (TBE).
    this.raise(0x0001);
  }

  readSerdatr(now: number): number {
    // Bit 13 TBE (buffer empty), bit 12 TSRE (shift register empty), bit 11 RXD idle high.
    return 0x2000 | (now >= this.s.serBusyUntil ? 0x1000 : 0) | 0x0800;
  }

  getState(): PaulaState {
    return { ...this.s };
  }

  setState(st: PaulaState): void {
    if (typeof st !== 'object' || st === null || !Number.isInteger(st.intena)) throw new CorruptStateError('Paula state: malformed');
    this.s = { ...st };
    this.update();
  }

  /** After a state load: the CIA lines held (derived from the CIAs' /IRQ). */
  setHeld(bits: number): void {
    this.held = bits;
    this.update();
  }
}
