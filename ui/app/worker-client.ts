/**
 * The page's handle on the emulation worker: commands become promises (rejected with a
 * WorkerError carrying the typed error's kind and message), frames and stats arrive through
 * callbacks, and input/controls are fire-and-forget messages.
 */
import type { Command, ErrorInfo, FrameMessage, FromWorker, StatsMessage, ToWorker } from '../worker/protocol.ts';

export class WorkerError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  onFrame: (f: FrameMessage) => void = () => {};
  onStats: (s: StatsMessage) => void = () => {};
  /** Errors not tied to a command (the machine failed while running). */
  onError: (e: ErrorInfo) => void = () => {};

  constructor() {
    this.worker = new Worker(new URL('../worker/emulator-worker.ts', import.meta.url), { type: 'module', name: 'amalgam-emulation' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      this.onError({ kind: 'bug', code: 'Worker', message: `The emulation thread failed to start or crashed (${e.message || 'unknown error'}).` });
    };
  }

  private receive(msg: FromWorker): void {
    switch (msg.t) {
      case 'frame':
        this.onFrame(msg);
        break;
      case 'stats':
        this.onStats(msg);
        break;
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (p === undefined) {
          if (!msg.ok) this.onError(msg.error);
          return;
        }
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(new WorkerError(msg.error));
        break;
      }
    }
  }

  private send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  command<T>(cmd: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ t: 'cmd', id, cmd });
    });
  }

  input(keys: readonly string[], pads: readonly number[]): void {
    this.send({ t: 'input', keys: [...keys], pads: [...pads] });
  }

  control(c: { paused?: boolean; speed?: number; fastForward?: boolean }): void {
    this.send({ t: 'control', ...c });
  }

  recycle(buffer: ArrayBuffer): void {
    this.send({ t: 'recycle', buffer }, [buffer]);
  }
}
