/**
 * The page's handle on the emulation worker: commands become promises (rejected with a
 * WorkerError carrying the typed error's kind and message), frames and stats arrive through
 * callbacks, and input/controls are fire-and-forget messages.
 *
 * A command that gets no answer within its time limit (a machine stuck in a loop, a worker that
 * died) is rejected with a WorkerError of code 'Timeout' and `onHang` is called, so the page can
 * say so and offer `restart()`: a fresh worker, every pending command rejected.
 */
import type { Command, ErrorInfo, FrameMessage, FromWorker, StatsMessage, ToWorker } from '../worker/protocol.ts';

export class WorkerError extends Error {
  readonly code: string;
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
  }
}

/** Time limits per command, in ms: starting and loading parse whole files; the rest is quick. */
const TIMEOUT_MS: Partial<Record<Command['t'], number>> = { start: 30_000, media: 20_000, load: 20_000 };
const DEFAULT_TIMEOUT_MS = 10_000;

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> };

export class WorkerClient {
  private worker: WorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  onFrame: (f: FrameMessage) => void = () => {};
  onStats: (s: StatsMessage) => void = () => {};
  /** Errors not tied to a command (the machine failed while running). */
  onError: (e: ErrorInfo) => void = () => {};
  /** A command timed out: the worker is stuck or gone. */
  onHang: (what: Command['t']) => void = () => {};
  /** The worker says the media the machine wrote changed (see protocol 'written-changed'). */
  onWritten: () => void = () => {};
  /** Scale for the time limits (tests shorten them). */
  timeoutScale = 1;

  constructor(private readonly create: () => WorkerLike = defaultWorker) {
    this.worker = this.spawn();
  }

  private spawn(): WorkerLike {
    const w = this.create();
    w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    w.onerror = (e) => {
      this.onError({ kind: 'bug', code: 'Worker', message: `The emulation thread failed to start or crashed (${e.message || 'unknown error'}).` });
    };
    return w;
  }

  /** Replace a stuck worker with a new one; pending commands fail. The caller starts a machine again. */
  restart(): void {
    this.worker.terminate();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new WorkerError({ kind: 'bug', code: 'Restarted', message: 'The emulation thread was restarted.' }));
      this.pending.delete(id);
    }
    this.worker = this.spawn();
  }

  private receive(msg: FromWorker): void {
    switch (msg.t) {
      case 'frame':
        this.onFrame(msg);
        break;
      case 'stats':
        this.onStats(msg);
        break;
      case 'written-changed':
        this.onWritten();
        break;
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (p === undefined) {
          if (!msg.ok) this.onError(msg.error);
          return;
        }
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(new WorkerError(msg.error));
        break;
      }
    }
  }

  private send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  command<T>(cmd: Command, transfer: Transferable[] = []): Promise<T> {
    const id = this.nextId++;
    const ms = (TIMEOUT_MS[cmd.t] ?? DEFAULT_TIMEOUT_MS) * this.timeoutScale;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new WorkerError({
          kind: 'bug', code: 'Timeout',
          message: `The machine did not answer within ${Math.round(ms / 1000)} s (${cmd.t}); it may be stuck.`,
        }));
        this.onHang(cmd.t);
      }, ms);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ t: 'cmd', id, cmd }, transfer);
    });
  }

  /** Key state plus the key events since the last message, in order (KERNEL §4). */
  input(msg: Omit<Extract<ToWorker, { t: 'input' }>, 't'>): void {
    this.send({ t: 'input', ...msg });
  }

  control(c: { paused?: boolean; speed?: number; fastForward?: boolean }): void {
    this.send({ t: 'control', ...c });
  }

  recycle(buffer: ArrayBuffer): void {
    this.send({ t: 'recycle', buffer }, [buffer]);
  }

}

/** The part of Worker this client uses (tests pass a fake). */
export interface WorkerLike {
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(msg: unknown, transfer: Transferable[]): void;
  terminate(): void;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('../worker/emulator-worker.ts', import.meta.url), { type: 'module', name: 'amalgam-emulation' }) as WorkerLike;
}
