/**
 * `bench`: emulated speed of each CPU core on its standard workload (MHz; x86 also MIPS) and of each
 * machine (multiple of real time, like `mame -bench`), with peers measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import type { CpuDescriptor } from '../../../cores/cpu/descriptor.ts';
import { UsageError } from '../../../cores/kernel/errors.ts';
import { NullHost } from '../../../cores/kernel/host.ts';
import type { MachineDef } from '../../../cores/kernel/machine.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { optionNumber, parseArgs } from '../args.ts';
import { readInput } from '../files.ts';
import { sharedPath } from '../paths.ts';
import { peers } from '../peers/index.ts';
import { nesPeerJsnes } from '../peers/nes-jsnes.ts';

const nowMs = () => performance.now();

export function benchCommand(
  argv: readonly string[], print: (line: string) => void, machines: readonly MachineDef[], cpus: readonly CpuDescriptor[],
): number {
  const a = parseArgs(argv, {
    machine: { value: true, repeat: true }, cpu: { value: true, repeat: true }, seconds: { value: true },
    json: {}, 'no-peers': {},
  }, 'bench');
  if (a.positional.length) throw new UsageError(`bench: unexpected argument ${a.positional[0]}`);
  const seconds = optionNumber(a, 'seconds', 0.1, 600) ?? 3;
  const json = a.flags.has('json');
  const cpuIds = a.options.get('cpu');
  const machineIds = a.options.get('machine');
  const all = cpuIds === undefined && machineIds === undefined;
  const selectedCpus: CpuDescriptor[] = all ? cpus.filter((c) => c.bench) : (cpuIds ?? []).map((id) => {
    const c = cpus.find((x) => x.id === id);
    if (c === undefined) throw new UsageError(`bench: unknown CPU "${id}"`);
    if (c.bench === undefined) throw new UsageError(`bench: the ${c.title} core has no benchmark yet`);
    return c;
  });
  const selectedMachines: MachineDef[] = all ? machines.filter((m) => m.bench) : (machineIds ?? []).map((id) => {
    const m = machines.find((x) => x.id === id);
    if (m === undefined) throw new UsageError(`bench: unknown machine "${id}"`);
    return m;
  });
  if (selectedCpus.length + selectedMachines.length === 0) { print('nothing to benchmark yet'); return 0; }

  for (const c of selectedCpus) for (const bench of [c.bench!, ...(c.moreBenches ?? [])]) {
    const path = sharedPath(bench.workload);
    if (path === null) throw new UsageError(`bench: workload ${bench.workload} not found in the shared folder`);
    const workload = readInput(path, 'workload');
    const r = bench.run(workload, seconds, nowMs);
    const mhz = r.cycles / r.seconds / 1e6;
    const out: Record<string, unknown> = { cpu: c.id, mhz: round(mhz), workload: bench.workload, seconds: round(r.seconds) };
    if (r.instructions !== undefined) out.mips = round(r.instructions / r.seconds / 1e6);
    if (r.extra) Object.assign(out, roundAll(r.extra));
    const peerFigures: Record<string, unknown> = {};
    if (!a.flags.has('no-peers')) {
      for (const p of peers.filter((x) => x.cpu === c.id)) {
        const pr = p.run(workload, seconds, nowMs);
        const pmhz = pr.cycles / pr.seconds / 1e6;
        peerFigures[p.name] = { mhz: round(pmhz), ratio: round(mhz / pmhz), ...roundAll(pr.extra ?? {}) };
      }
      if (Object.keys(peerFigures).length) out.peers = peerFigures;
    }
    if (json) print(JSON.stringify(out));
    else {
      let line = `cpu ${c.id}: ${round(mhz)} MHz` + (out.mips !== undefined ? `, ${out.mips} MIPS` : '') +
        (r.extra ? ', ' + Object.entries(roundAll(r.extra)).map(([k, v]) => `${k} ${v}`).join(', ') : '') +
        ` (${bench.description})`;
      for (const [name, f] of Object.entries(peerFigures)) {
        const pf = f as { mhz: number; ratio: number };
        line += `; ${name}: ${pf.mhz} MHz, ours ${pf.ratio}x`;
      }
      print(line);
    }
  }

  for (const m of selectedMachines) {
    const r = benchMachine(m, seconds);
    const out: Record<string, unknown> = { machine: m.id, speed: round(r.speed), fps: round(r.fps), seconds: round(r.seconds), workload: m.bench?.media ?? 'default program' };
    const wp = m.bench?.media !== undefined ? sharedPath(m.bench.media) : null;
    const peer = m.id === nesPeerJsnes.machine && !a.flags.has('no-peers') && wp !== null
      ? nesPeerJsnes.run(readInput(wp, 'workload'), seconds, nowMs) : null;
    if (peer !== null) out.peers = { [nesPeerJsnes.name]: { speed: round(peer.speed), fps: round(peer.fps), ratio: round(r.fps / peer.fps) } };
    if (json) print(JSON.stringify(out));
    else print(`machine ${m.id}: ${out.speed}x real time, ${out.fps} fps (${m.bench?.description ?? 'default program'})` +
      (peer !== null ? `; ${nesPeerJsnes.name}: ${round(peer.speed)}x, ${round(peer.fps)} fps (ours ${round(r.fps / peer.fps)}x)` : ''));
  }
  return 0;
}

export function benchMachine(m: MachineDef, seconds: number): { speed: number; fps: number; seconds: number } {
  const roms = new Map<string, Uint8Array>();
  for (const [slot, rel] of Object.entries(m.bench?.roms ?? {})) {
    const p = sharedPath(rel);
    if (p !== null) roms.set(slot, readInput(p, 'ROM'));
  }
  const session = new Session(m, { host: new NullHost(), roms });
  let media: { path: string; bytes: Uint8Array } | null = null;
  if (m.bench?.media !== undefined) {
    const p = sharedPath(m.bench.media);
    if (p === null) throw new UsageError(`bench: workload ${m.bench.media} not found in the shared folder`);
    media = { path: p, bytes: readInput(p, 'workload') };
    session.insertMedia(media.path, media.bytes);
  }
  const isDone = m.bench?.isDone;
  // Run whole frames; with a finishing workload, start it again when it is done and count only
  // the time spent on the work.
  const runFor = (ms: number) => {
    let ticks = 0;
    let frames = 0;
    let wall = 0;
    const end = nowMs() + ms;
    while (nowMs() < end) {
      const t0 = nowMs();
      const tick0 = session.now;
      const f0 = session.machine.frameCount;
      session.runFrames(1);
      const done = isDone !== undefined && media !== null && isDone(session.machine);
      wall += nowMs() - t0;
      ticks += session.now - tick0;
      frames += session.machine.frameCount - f0;
      if (done) session.insertMedia(media!.path, media!.bytes);
    }
    return { ticks, frames, wall: wall / 1000 };
  };
  runFor(seconds * 250); // warm the JIT
  const r = runFor(seconds * 1000);
  return { speed: r.ticks / m.masterHz / r.wall, fps: r.frames / r.wall, seconds: r.wall };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function roundAll(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}
