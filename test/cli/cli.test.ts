import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CpuDescriptor } from '../../cores/cpu/descriptor.ts';
import { runCli } from '../../ui/cli/cli.ts';
import { describeWithShared } from '../helpers/testdata.ts';
import { makeToyProgram, toyMachine } from '../helpers/toy-machine.ts';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'amalgam-cli-')); });

/** A fake CPU whose single-step "tests" check that a + b === sum. */
const adderCpu: CpuDescriptor = {
  id: 'adder',
  title: 'Adder',
  bench: {
    workload: 'bench-kernels/README.md',
    description: 'adds numbers',
    run: (_w, seconds, nowMs) => {
      const t0 = nowMs();
      let n = 0;
      while (nowMs() - t0 < seconds * 1000) n += 1000;
      return { cycles: n, seconds: (nowMs() - t0) / 1000, instructions: n };
    },
  },
  singleStep: {
    createRunner: () => ({
      runCase: (c) => {
        const t = c as { a: number; b: number; sum: number };
        return t.a + t.b === t.sum ? null : `sum: expected ${t.sum}, got ${t.a + t.b}`;
      },
    }),
  },
};

function cli(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, (l) => out.push(l), (l) => err.push(l), [toyMachine], [adderCpu]);
  return { code, out, err };
}

describe('cli machines', () => {
  it('prints one line per machine: id, title, CPU, formats', () => {
    expect(cli('machines').out).toEqual(['toy\tToy test machine\tToy CPU @ 250 kHz\t.toy .toyc']);
  });

  it('with --long, adds the configuration, drives, options and export formats under each machine', () => {
    expect(cli('machines', '--long').out).toEqual([
      'toy\tToy test machine\tToy CPU @ 250 kHz\t.toy .toyc',
      '  --config video.palette=colour|grey (default colour): Palette',
      '  --media cart=FILE: Cartridge slot (cartridge)',
      '  --option video.invert=on|off (default off): Invert colours',
      '  --export FILE.ram: RAM dump',
    ]);
  });
});

describe('cli output files and bounds', () => {
  it('writes only regular files: a device, a FIFO, a symlink or a directory is refused and left as it was', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const target = join(dir, 'target.png');
    writeFileSync(target, 'keep me');
    const link = join(dir, 'link.png');
    symlinkSync(target, link);
    for (const [out, what] of [['/dev/full', 'a device'], [fifo, 'a device, pipe or socket'], [link, 'a symbolic link'], [dir, 'a directory']] as const) {
      const r = cli('run', '--machine', 'toy', '--frames', '1', '--screenshot', out);
      expect(r.code, out).toBe(2);
      expect(r.err[0], out).toMatch(/not a regular file/);
      expect(r.err[0], out).toContain(what === 'a device' ? 'device' : what);
    }
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('a key script longer than the run is cut off within a bound, with a warning', () => {
    // 100,000,000 frames of waiting at 50 fps would be 23 days of emulated time.
    const r = cli('run', '--machine', 'toy', '--seconds', '1', '--keys', '@100000000 KeyA');
    expect(r.code).toBe(0);
    expect(r.err).toEqual(['warning: the typed input was cut off when the run ended (give a longer --seconds or --frames)']);
    // At most a minute more than asked for: 61 s in all.
    expect(r.out[0]).toMatch(/\(61\.0\d\d s emulated\)/);
  });

  it('singlestep refuses a .json.gz that inflates past its limit', () => {
    const bomb = join(dir, 'bomb.json.gz');
    // 600 MB of spaces compresses to about 600 KB.
    writeFileSync(bomb, gzipSync(Buffer.alloc(600 * 1024 * 1024, 0x20), { level: 9 }));
    const r = cli('singlestep', '--cpu', 'adder', bomb);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/inflates to more than \d+ bytes/);
  });
});

describe('cli run', () => {
  it('writes a real PNG, a WAV and a state, prints the frame hash and the screen text', () => {
    const png = join(dir, 'a.png');
    const wav = join(dir, 'a.wav');
    const st = join(dir, 'a.state');
    const r = cli('run', '--machine', 'toy', '--frames', '10', '--screenshot', png, '--audio', wav, '--save-state', st, '--screen-text');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ran 10 frames \(0\.200 s emulated\); last frame 16x16 sha1 [0-9a-f]{40}$/);
    expect(r.out[1]).toMatch(/^A=[0-9a-f]{2} COUNT=\d+$/);

    const p = readFileSync(png);
    expect([...p.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(p.readUInt32BE(16)).toBe(16); // IHDR width
    expect(p.readUInt32BE(20)).toBe(16); // IHDR height
    const idatLen = p.readUInt32BE(33);
    expect(p.subarray(37, 41).toString('latin1')).toBe('IDAT');
    const raw = inflateSync(p.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(16 * (16 * 4 + 1));
    expect(raw[4]).toBe(0xff); // alpha of the first pixel

    const w = readFileSync(wav);
    expect(w.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(w.readUInt32LE(24)).toBe(48000);
    expect(w.readUInt32LE(40)).toBe(9600 * 4); // 0.2 s of 16-bit stereo
  });

  it('a run continued from a saved state ends on the same frame as one long run', () => {
    const st = join(dir, 'b.state');
    const a = cli('run', '--machine', 'toy', '--frames', '15');
    cli('run', '--machine', 'toy', '--frames', '6', '--save-state', st);
    const b = cli('run', '--machine', 'toy', '--frames', '9', '--load-state', st);
    expect(b.code).toBe(0);
    expect(b.out[0]!.split(' sha1 ')[1]).toBe(a.out[0]!.split(' sha1 ')[1]);
  });

  it('loads media and types text', () => {
    const prog = join(dir, 'p.toy');
    writeFileSync(prog, makeToyProgram([0x01, 0x33, 0x04, 0x02]));
    const r = cli('run', '--machine', 'toy', '--media', prog, '--frames', '2', '--type', 'ab', '--screen-text');
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe('A=33 COUNT=0');
  });

  it('--config picks a hardware configuration; an unknown id or value is a one-line error', () => {
    const hash = (...extra: string[]) => cli('run', '--machine', 'toy', '--frames', '5', ...extra).out[0]!.split(' sha1 ')[1];
    const colour = hash();
    expect(hash('--config', 'video.palette=colour')).toBe(colour);
    expect(hash('--config', 'video.palette=grey')).not.toBe(colour);
    const bad = cli('run', '--machine', 'toy', '--config', 'video.palette=blue');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/"blue" is not a choice for Palette.*colour, grey/);
    expect(cli('run', '--machine', 'toy', '--config', 'ram=640').err[0]).toMatch(/no configuration setting "ram".*video\.palette/);
    // A state saved with grey frames does not load into a colour machine.
    const st = join(dir, 'grey.state');
    cli('run', '--machine', 'toy', '--frames', '2', '--config', 'video.palette=grey', '--save-state', st);
    const mixed = cli('run', '--machine', 'toy', '--frames', '2', '--load-state', st);
    expect(mixed.code).toBe(2);
    expect(mixed.err[0]).toMatch(/another hardware configuration \(Palette: Grey levels in the state, Colour now\)/);
  });

  it('--media DRIVE=FILE puts a medium in a named drive; an unknown drive is an error', () => {
    const cart = join(dir, 'c.toyc');
    writeFileSync(cart, makeToyProgram([0x01, 0x55, 0x04, 0x02]));
    const r = cli('run', '--machine', 'toy', '--media', `cart=${cart}`, '--frames', '1', '--screen-text');
    expect(r.err).toEqual([]);
    expect(r.out[1]).toBe('A=55 COUNT=0');
    expect(cli('run', '--machine', 'toy', '--media', `B:=${cart}`).err[0]).toMatch(/no drive "B:" \(drives: cart\)/);
  });

  it('opens media inside gzip and ZIP archives', () => {
    const gz = join(dir, 'p.toy.gz');
    writeFileSync(gz, gzipSync(makeToyProgram([0x01, 0x44, 0x04, 0x02])));
    const r = cli('run', '--machine', 'toy', '--media', gz, '--frames', '1', '--screen-text');
    expect(r.err).toEqual([]);
    expect(r.out[1]).toBe('A=44 COUNT=0');
    expect(cli('run', '--machine', 'toy', '--media', gz + '#x.toy').err[0]).toMatch(/not a ZIP archive/);
  });

  it('--option sets a machine option (repeatable, last wins) before the run', () => {
    const hash = (...extra: string[]) => cli('run', '--machine', 'toy', '--frames', '5', ...extra).out[0]!.split(' sha1 ')[1];
    const plain = hash();
    expect(hash('--option', 'video.invert=off')).toBe(plain);
    const inverted = hash('--option', 'video.invert=on');
    expect(inverted).not.toBe(plain);
    expect(hash('--option=video.invert=ON')).toBe(inverted);
    expect(hash('--option', 'video.invert=on', '--option', 'video.invert=off')).toBe(plain);
  });

  it('--export writes the machine\'s file in the format its extension names', () => {
    const out = join(dir, 'dump.RAM');
    const r = cli('run', '--machine', 'toy', '--frames', '7', '--export', out, '--screen-text');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const ram = readFileSync(out);
    expect(ram.length).toBe(256);
    // The dump is the RAM at the end of the run: the counter the screen text shows, and the program.
    expect(r.out[1]).toMatch(new RegExp(` COUNT=${ram[0x80]}$`));
    expect(ram[0x80]).toBeGreaterThan(0);
    expect([...ram.subarray(0, 4)]).toEqual([0x08, 0x80, 0x02, 0x81]);
  });

  it('bad arguments and bad files give one line and exit 2, never a stack trace', () => {
    const junk = join(dir, 'junk.toy');
    writeFileSync(junk, 'TOY1 this is not a program');
    const badState = join(dir, 'bad.state');
    writeFileSync(badState, 'hello');
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command/],
      [['run'], /--machine is required/],
      [['run', '--machine', 'nes'], /unknown machine "nes"/],
      [['run', '--machine', 'toy', '--frames'], /--frames needs a value/],
      [['run', '--machine', 'toy', '--frames', 'ten'], /--frames must be a number/],
      [['run', '--machine', 'toy', '--frames', '1', '--seconds', '1'], /not both/],
      [['run', '--machine', 'toy', '--bogus'], /unknown option --bogus/],
      [['run', '--machine', 'toy', '--media', join(dir, 'missing.toy')], /cannot read media .*ENOENT/],
      [['run', '--machine', 'toy', '--media', junk], /junk\.toy: cut short/],
      [['run', '--machine', 'toy', '--rom', 'system=' + junk], /must be 256 bytes/],
      [['run', '--machine', 'toy', '--rom', 'nonsense'], /SLOT=FILE/],
      [['run', '--machine', 'toy', '--load-state', badState], /not an Amalgam save state/],
      [['run', '--machine', 'toy', '--type', 'A!'], /no key for/],
      [['run', '--machine', 'toy', '--option', 'video.turbo=on'], /^amalgam: run: toy has no option "video\.turbo" \(options: video\.invert=on\|off\)$/],
      [['run', '--machine', 'toy', '--option', 'video.invert=yes'], /--option takes ID=on\|off \(got "video\.invert=yes"; options: video\.invert=on\|off\)$/],
      [['run', '--machine', 'toy', '--option', 'video.invert'], /--option takes ID=on\|off/],
      [['run', '--machine', 'toy', '--option'], /--option needs a value/],
      [['run', '--machine', 'toy', '--export', join(dir, 'x.z80')], /^amalgam: run: toy cannot export \.z80 files \(it exports \.ram\)$/],
      [['run', '--machine', 'toy', '--export', join(dir, 'noext')], /toy cannot export ".*noext" \(no file extension\) \(it exports \.ram\)$/],
      [['run', '--machine', 'toy', '--export', join(dir, 'missing-dir', 'x.ram')], /cannot write .*x\.ram: ENOENT/],
      [['run', '--machine', 'toy', '--keys', 'NotAKey'], /unknown key "NotAKey" in key script/],
      [['run', '--machine', 'toy', '--keys', 'ShiftLeft+Kez'], /unknown key "Kez"/],
      [['singlestep', '--cpu', 'zz80', dir], /unknown CPU/],
      [['singlestep', '--cpu', 'adder'], /at least one/],
      [['bench', '--cpu', 'nope'], /unknown CPU/],
      [['bench', '--seconds', '0'], /--seconds must be a number/],
    ];
    for (const [argv, msg] of cases) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.join('\n'), argv.join(' ')).toMatch(msg);
      expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
    }
  });
});

describeWithShared('cli bench', ['bench-kernels/README.md'], () => {
  it('reports each CPU in MHz and each machine as a multiple of real time, as JSON lines', () => {
    const r = cli('bench', '--cpu', 'adder', '--machine', 'toy', '--seconds', '0.2', '--json');
    expect(r.code).toBe(0);
    const [cpu, machine] = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(cpu).toMatchObject({ cpu: 'adder', workload: 'bench-kernels/README.md' });
    expect(cpu!.mhz).toBeGreaterThan(0);
    expect(cpu!.mips).toBeGreaterThan(0);
    expect(machine).toMatchObject({ machine: 'toy' });
    expect(machine!.speed).toBeGreaterThan(0);
    expect(machine!.fps).toBeGreaterThan(0);
  });
});

describe('cli singlestep', () => {
  it('reads .json and .json.gz files in directories, reports failing files and the closing line', () => {
    const d = mkdtempSync(join(dir, 'ss-'));
    writeFileSync(join(d, '00.json'), JSON.stringify([{ name: 'ok1', a: 1, b: 2, sum: 3 }, { name: 'ok2', a: 2, b: 2, sum: 4 }]));
    writeFileSync(join(d, '01.json.gz'), gzipSync(JSON.stringify([
      { name: 'fine', a: 1, b: 1, sum: 2 }, { name: 'wrong', a: 1, b: 1, sum: 3 }, { name: 'wrong2', a: 0, b: 0, sum: 1 }])));
    writeFileSync(join(d, 'metadata.json'), JSON.stringify({ not: 'a test' }));
    writeFileSync(join(d, 'README.md'), 'ignored');
    const r = cli('singlestep', '--cpu', 'adder', d);
    expect(r.out).toEqual([
      `${join(d, '01.json.gz')}: 2 of 3 failed, first: wrong: sum: expected 3, got 2`,
      '3 passed, 2 failed',
    ]);
    expect(r.code).toBe(1);
    const ok = cli('singlestep', '--cpu', 'adder', join(d, '00.json'));
    expect(ok.out).toEqual(['2 passed, 0 failed']);
    expect(ok.code).toBe(0);
    writeFileSync(join(d, 'broken.json'), '{"x":');
    expect(cli('singlestep', '--cpu', 'adder', join(d, 'broken.json')).err[0]).toMatch(/not valid JSON/);
  });
});
