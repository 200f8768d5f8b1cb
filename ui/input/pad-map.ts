/**
 * Gamepad → joystick mapping, pure so it can be tested without a browser. A pad's held inputs
 * (gamecontroller.js names: 'button0'.., 'up0'.. for axis 0) become the machine's logical joystick
 * bits (PadButton in cores/kernel/host.ts). Defaults follow the W3C "standard" gamepad layout
 * (Gamepad spec §Remapping: button 0 bottom face, 1 right face, 8 back/select, 9 start,
 * 12-15 d-pad up/down/left/right); the left stick always steers too. Each logical button's
 * gamepad button can be remapped and the choice is saved in the settings.
 */
import { PadButton } from '../../cores/kernel/host.ts';

export interface LogicalButton {
  name: string;
  bit: number;
  /** Default standard-layout button index. */
  button: number;
  /** Axis-0 direction that also presses it. */
  axis?: 'up0' | 'down0' | 'left0' | 'right0';
}

export const LOGICAL_BUTTONS: readonly LogicalButton[] = [
  { name: 'Up', bit: PadButton.Up, button: 12, axis: 'up0' },
  { name: 'Down', bit: PadButton.Down, button: 13, axis: 'down0' },
  { name: 'Left', bit: PadButton.Left, button: 14, axis: 'left0' },
  { name: 'Right', bit: PadButton.Right, button: 15, axis: 'right0' },
  { name: 'Fire', bit: PadButton.Fire, button: 0 },
  { name: 'Fire 2', bit: PadButton.Fire2, button: 1 },
  { name: 'Start', bit: PadButton.Start, button: 9 },
  { name: 'Select', bit: PadButton.Select, button: 8 },
];

/** The button index used for a logical button, honouring the user's remapping. */
export function buttonFor(b: LogicalButton, padMap: Readonly<Record<string, number>>): number {
  return padMap[b.name] ?? b.button;
}

/** PadState.buttons bits for the inputs held now. */
export function padBits(pressed: Readonly<Record<string, boolean>>, padMap: Readonly<Record<string, number>>): number {
  let bits = 0;
  for (const b of LOGICAL_BUTTONS) {
    if (pressed[`button${buttonFor(b, padMap)}`] === true || (b.axis !== undefined && pressed[b.axis] === true)) bits |= b.bit;
  }
  return bits;
}
