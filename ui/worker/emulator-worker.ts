/**
 * Web Worker entry: the emulation thread. Wires EmulatorCore to postMessage and drives it from a
 * timer about every 4 ms; each tick runs the emulated time that elapsed real time owes (Pacer), so
 * neither the page's frame rate nor its busy moments change the emulation speed. Machines are
 * loaded lazily through the catalog (one chunk per machine).
 */
import { loadMachine } from '../../machines/catalog.ts';
import { EmulatorCore } from './emulator-core.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const TICK_MS = 4;

// Each machine's code is its own chunk, imported when the page starts that machine.
const core = new EmulatorCore(
  loadMachine,
  (msg: FromWorker, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []),
  () => performance.now(),
);

scope.onmessage = (e: MessageEvent<ToWorker>) => core.handle(e.data);

function loop(): void {
  const t0 = performance.now();
  core.tick();
  // Leave at least 1 ms between ticks so messages (input, commands) are handled promptly.
  setTimeout(loop, Math.max(1, TICK_MS - (performance.now() - t0)));
}
loop();
