/**
 * Types for gamecontroller.js 1.5 (alvaromontoro/gamecontroller.js), which ships none: importing
 * it only sets `window.gameControl`. Only the parts this frontend uses are declared.
 */
declare module 'gamecontroller.js' {}

interface GameControlGamepad {
  /** Index in navigator.getGamepads(). */
  readonly id: number;
  /** Names of inputs held now: 'button0'..'buttonN', 'up0' / 'down0' / 'left0' / 'right0' (axis 0), ... */
  readonly pressed: Record<string, boolean>;
  readonly buttons: number;
  readonly axes: number;
  set(property: 'axeThreshold', value: number[]): void;
}

interface GameControl {
  readonly isReady: boolean;
  getGamepads(): Record<string, GameControlGamepad>;
  on(event: 'connect', fn: (gp: GameControlGamepad) => void): GameControl;
  on(event: 'disconnect', fn: (index: number) => void): GameControl;
  on(event: 'beforeCycle' | 'afterCycle', fn: () => void): GameControl;
  set(property: 'axeThreshold', value: number[]): void;
}

interface Window {
  gameControl?: GameControl;
}
