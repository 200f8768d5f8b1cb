/**
 * The two standard NES controllers on $4016/$4017: a 4021 shift register each, loaded while the
 * strobe ($4016 bit 0) is high and shifted out one bit per read, in the order A, B, Select,
 * Start, Up, Down, Left, Right; after eight reads an official pad returns 1 (nesdev wiki
 * "Standard controller"). Bits 5-7 of the read are open bus (the CPU's last data byte).
 *
 * Host input: controller 1 is gamepad 0 plus the keyboard (arrows, X = A, Z = B, Enter = Start,
 * Right Shift or Tab = Select); controller 2 is gamepad 1. Not emulated: the Zapper, the
 * Four Score, the Famicom microphone.
 */
import { PadButton, type InputState } from '../../cores/kernel/host.ts';

export const enum NesButton { A = 1, B = 2, Select = 4, Start = 8, Up = 16, Down = 32, Left = 64, Right = 128 }

const KEYS: readonly [string, number][] = [
  ['KeyX', NesButton.A], ['KeyZ', NesButton.B], ['Enter', NesButton.Start], ['ShiftRight', NesButton.Select],
  ['Tab', NesButton.Select], ['ArrowUp', NesButton.Up], ['ArrowDown', NesButton.Down], ['ArrowLeft', NesButton.Left],
  ['ArrowRight', NesButton.Right],
];

function padBits(buttons: number): number {
  let v = 0;
  if (buttons & PadButton.Fire) v |= NesButton.A;
  if (buttons & PadButton.Fire2) v |= NesButton.B;
  if (buttons & PadButton.Select) v |= NesButton.Select;
  if (buttons & PadButton.Start) v |= NesButton.Start;
  if (buttons & PadButton.Up) v |= NesButton.Up;
  if (buttons & PadButton.Down) v |= NesButton.Down;
  if (buttons & PadButton.Left) v |= NesButton.Left;
  if (buttons & PadButton.Right) v |= NesButton.Right;
  return v;
}

export interface ControllersState {
  strobe: number;
  shift: number[];
  /** Where the Zapper points, in NES pixels. */
  zapX: number;
  zapY: number;
}

/** Lines after the beam passes the aimed spot during which the Zapper's photodiode reads light. */
const ZAPPER_LIT_LINES = 20;
/** Brightness (0-255, mean of R, G, B) the photodiode needs to see. */
const ZAPPER_THRESHOLD = 0x90;

export class Controllers {
  s: ControllersState = { strobe: 0, shift: [0, 0], zapX: 128, zapY: 120 };
  /** Port 2 holds a Zapper instead of a pad (the machine option 'input.zapper'). */
  zapper = false;
  constructor(private readonly input: InputState) {}

  /** Buttons held on controller `i` now, as NesButton bits. */
  buttons(i: number): number {
    let v = padBits(this.input.pads[i]?.buttons ?? 0);
    if (i === 0) for (const [code, b] of KEYS) if (this.input.keys.has(code)) v |= b;
    // A real pad cannot press opposite directions; many games misbehave if both read as held.
    if ((v & 0x30) === 0x30) v &= ~0x30;
    if ((v & 0xc0) === 0xc0) v &= ~0xc0;
    return v;
  }

  write(v: number): void {
    const s = this.s;
    const was = s.strobe;
    s.strobe = v & 1;
    if (was === 1 || s.strobe === 1) this.latch();
  }

  private latch(): void {
    this.s.shift[0] = this.buttons(0);
    this.s.shift[1] = this.buttons(1);
  }

  /** Once a frame: the host pointer's motion moves the Zapper's aim (pointer lock gives relative motion). */
  moveZapper(): void {
    const m = this.input.takeMouseMotion();
    const s = this.s;
    s.zapX = Math.max(0, Math.min(255, s.zapX + m.dx));
    s.zapY = Math.max(0, Math.min(239, s.zapY + m.dy));
  }

  /**
   * $4017 with a Zapper (nesdev wiki "Zapper"): bit 4 trigger held, bit 3 clear when light is seen.
   * The photodiode sees light for a while after the beam drew a bright pixel at the aimed spot.
   */
  readZapper(line: number, dot: number, frame: Uint32Array): number {
    const s = this.s;
    const trigger = (this.input.mouseButtons & 1) !== 0 ? 0x10 : 0;
    let light = false;
    const x = s.zapX | 0, y = s.zapY | 0;
    const drawn = line > y || (line === y && dot > x + 1);
    if (line < 240 && drawn && line - y <= ZAPPER_LIT_LINES) {
      const p = frame[y * 256 + x]!;
      light = ((p & 0xff) + ((p >> 8) & 0xff) + ((p >> 16) & 0xff)) / 3 >= ZAPPER_THRESHOLD;
    }
    return trigger | (light ? 0 : 0x08);
  }

  /** Read controller i's next bit (bit 0 of $4016/$4017). */
  read(i: number): number {
    const s = this.s;
    if (s.strobe === 1) this.latch();
    const v = s.shift[i]!;
    const bit = v & 1;
    if (s.strobe === 0) s.shift[i] = (v >> 1) | 0x80;
    return bit;
  }
}
