/**
 * The built-in command interpreter (as DOSBox has its own shell): the prompt, internal commands,
 * programs found by the .COM/.EXE/.BAT search order in the current directory and then PATH,
 * batch files with %0-%9, %VAR%, ECHO, IF (NOT) EXIST / ERRORLEVEL / ==, GOTO, CALL, FOR, SHIFT,
 * PAUSE, REM, and `>`, `>>`, `<` redirection and `|` pipes (through temporary files, as DOS does).
 * Behaviour follows MS-DOS 5's COMMAND.COM (MS-DOS 5.0 User's Guide and Reference, "Commands").
 *
 * It runs as the root process: its ROM slot loops on `step()`, one trap per pass. A step either
 * waits for a key (the CPU halts until the next interrupt), runs internal commands in TypeScript
 * (their output goes through handle 1, so redirection works), or starts a program as a child of
 * the root (kernel.run), which returns to the slot when it ends.
 * Not emulated: COPY's concatenation (a+b) and /A /B switches, DIR's /O sorting and /S, the F1-F6
 * template keys, CTTY, LOADHIGH, DATE/TIME prompts; the shell's own state is not in save states.
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { clonePlain } from '../../cores/kernel/part.ts';
import { WAIT } from './bios.ts';
import { editLine, readStdin, writeStdout } from './int21.ts';
import type { DosKernel } from './kernel.ts';
import { DosErr } from './mcb.ts';
import { matchName } from './names.ts';
import { splitPath } from './paths.ts';
import { Attr } from './vfs.ts';

interface BatchFrame { lines: string[]; pc: number; args: string[] }
/** Redirected handles: [handle, the duplicate that keeps what it was] pairs. */
type Redirection = [number, number][];

export interface ShellState {
  echo: boolean; errorlevel: number; batch: BatchFrame[]; queue: string[]; typed: string[];
  needPrompt: boolean; pausing: boolean; afterChild: Redirection | null; pipeCount: number;
}

const ERRORS: Readonly<Record<number, string>> = {
  [DosErr.fileNotFound]: 'File not found', [DosErr.pathNotFound]: 'Invalid directory',
  [DosErr.accessDenied]: 'Access denied', [DosErr.insufficientMemory]: 'Insufficient memory',
  [DosErr.badFormat]: 'Program too big to fit in memory', [DosErr.invalidDrive]: 'Invalid drive specification',
  [DosErr.writeProtect]: 'Write protect error', [DosErr.removeCurrentDir]: 'Attempt to remove current directory',
};

export class Shell {
  echo = true;
  errorlevel = 0;
  private batch: BatchFrame[] = [];
  /** Commands to run before reading more (pipe stages, FOR expansions, the start-up command). */
  private queue: string[] = [];
  private needPrompt = true;
  private pausing = false;
  /** Handles to put back when the running child ends (redirection): [handle, saved copy]. */
  private afterChild: Redirection | null = null;
  private pipeCount = 0;

  constructor(private readonly k: DosKernel) {}

  getState(): ShellState {
    return clonePlain({
      echo: this.echo, errorlevel: this.errorlevel, batch: this.batch, queue: this.queue, typed: this.typed,
      needPrompt: this.needPrompt, pausing: this.pausing, afterChild: this.afterChild, pipeCount: this.pipeCount,
    });
  }

  setState(s: ShellState): void {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.batch) || !Array.isArray(s.queue) || !Array.isArray(s.typed)) {
      throw new CorruptStateError('shell state: malformed');
    }
    const c = clonePlain(s);
    this.echo = !!c.echo; this.errorlevel = c.errorlevel | 0; this.batch = c.batch; this.queue = c.queue; this.typed = c.typed;
    this.needPrompt = !!c.needPrompt; this.pausing = !!c.pausing; this.afterChild = c.afterChild; this.pipeCount = c.pipeCount | 0;
  }

  /** Command lines given by the host, shown after the prompt as if typed (the auto-start). */
  private typed: string[] = [];
  queueCommand(line: string): void { this.typed.push(line); }

  // ---- output helpers -------------------------------------------------------------------------

  private out(s: string): void { writeStdout(this.k, [...s].map((c) => c.charCodeAt(0) & 0xff)); }
  private line(s = ''): void { this.out(s + '\r\n'); }

  // ---- environment ----------------------------------------------------------------------------------

  private envSeg(): number { return this.k.mem.rd16(this.k.rootPsp, 0x2c); }
  env(): string[] { return this.k.readEnv(this.envSeg()); }
  getVar(name: string): string | undefined {
    const up = name.toUpperCase() + '=';
    return this.env().find((e) => e.toUpperCase().startsWith(up))?.slice(up.length);
  }
  /** Set or (value '') remove a variable; false when the environment block is full. */
  setVar(name: string, value: string): boolean {
    const up = name.toUpperCase();
    const list = this.env().filter((e) => e.toUpperCase().split('=')[0] !== up);
    if (value !== '') list.push(`${up}=${value}`);
    const seg = this.envSeg();
    const bytes = list.reduce((n, s) => n + s.length + 1, 0) + 1 + 2 + 'C:\\COMMAND.COM'.length + 1;
    if (bytes > this.k.mcb.sizeOf(seg) * 16) return false;
    let off = 0;
    for (const s of list) { this.k.mem.writeAsciiz(seg, off, s); off += s.length + 1; }
    this.k.mem.wr8(seg, off++, 0);
    this.k.mem.wr16(seg, off, 1);
    this.k.mem.writeAsciiz(seg, off + 2, 'C:\\COMMAND.COM');
    return true;
  }

  private prompt(): string {
    const p = this.getVar('PROMPT') ?? '$N$G';
    const k = this.k;
    const cwd = `${String.fromCharCode(65 + k.curDrive)}:\\${k.cwd[k.curDrive]}`;
    return p.replace(/\$(.)/g, (_, c: string) => {
      switch (c.toUpperCase()) {
        case 'P': return cwd;
        case 'N': return String.fromCharCode(65 + k.curDrive);
        case 'G': return '>';
        case 'L': return '<';
        case 'B': return '|';
        case 'Q': return '=';
        case '$': return '$';
        case '_': return '\r\n';
        case 'E': return '\x1b';
        case 'V': return 'Amalgam DOS version 5.00';
        default: return '';
      }
    });
  }

  // ---- the step ------------------------------------------------------------------------------------

  step(): typeof WAIT | void {
    if (this.afterChild !== null) {
      const saved = this.afterChild;
      this.afterChild = null;
      this.errorlevel = this.k.childReturn & 0xff;
      this.restore(saved);
    }
    for (let guard = 0; guard < 10_000; guard++) {
      if (this.pausing) {
        if (readStdin(this.k) < 0) return WAIT;
        this.pausing = false;
        this.line();
      }
      let cmd: string | undefined = this.queue.shift();
      let fromBatch = false;
      if (cmd === undefined) {
        const b = this.batch[this.batch.length - 1];
        if (b !== undefined) {
          if (b.pc >= b.lines.length) { this.batch.pop(); if (this.batch.length === 0) this.needPrompt = true; continue; }
          cmd = b.lines[b.pc++]!;
          fromBatch = true;
        }
      }
      if (cmd === undefined && this.typed.length > 0) {
        cmd = this.typed.shift()!;
        if (this.needPrompt) { this.line(); this.out(this.prompt()); }
        this.line(cmd);
        this.needPrompt = true;
      }
      if (cmd === undefined) {
        if (this.needPrompt) { this.line(); this.out(this.prompt()); this.needPrompt = false; }
        const typed = editLine(this.k, 126);
        if (typed === WAIT) return WAIT;
        this.out('\n');
        this.needPrompt = true;
        cmd = String.fromCharCode(...typed);
      } else if (fromBatch) {
        const t = cmd.trim();
        if (this.echo && t !== '' && !t.startsWith('@') && !t.startsWith(':')) { this.line(); this.out(this.prompt()); this.line(t); }
      }
      if (this.execute(cmd, fromBatch)) return; // a program runs now
    }
  }

  // ---- parsing -------------------------------------------------------------------------------------

  private expand(s: string, inBatch: boolean): string {
    const args = inBatch ? this.batch[this.batch.length - 1]?.args ?? [] : [];
    return s.replace(/%(%|[0-9]|[^%\s]+%)/g, (m, v: string) => {
      if (v === '%') return inBatch ? '%' : m;
      if (/^[0-9]$/.test(v)) return inBatch ? args[Number(v)] ?? '' : m;
      return this.getVar(v.slice(0, -1)) ?? '';
    });
  }

  /** Run one command line; true when a program was started (the step ends). */
  execute(raw: string, inBatch = false): boolean {
    let s = raw.replace(/^\s+/, '');
    if (s.startsWith('@')) s = s.slice(1);
    if (s.startsWith(':') || s.trim() === '') return false;
    // FOR keeps its variable unexpanded until each pass.
    if (!/^for\s/i.test(s)) s = this.expand(s, inBatch);
    const pipes = splitOutsideQuotes(s, '|');
    if (pipes.length > 1) {
      const tmp = (this.getVar('TEMP') ?? 'C:\\').replace(/\\?$/, '\\');
      const stages: string[] = [];
      let prev = '';
      for (let i = 0; i < pipes.length; i++) {
        const file = `${tmp}PIPE${++this.pipeCount & 0xff}.$$$`;
        let st = pipes[i]!.trim();
        if (prev) st += ` <${prev}`;
        if (i < pipes.length - 1) st += ` >${file}`;
        stages.push(st);
        if (prev) stages.push(`DEL ${prev}`);
        prev = file;
      }
      this.queue.unshift(...stages);
      return false;
    }
    const r = parseRedirection(s);
    if (typeof r === 'string') { this.line(r); return false; }
    const { words, stdin, stdout, append } = r;
    const saved = this.redirect(stdin, stdout, append);
    if (saved === null) return false;
    let started = false;
    try {
      started = this.command(words.cmd, words.tail, inBatch, saved);
    } finally {
      if (!started) this.restore(saved);
    }
    return started;
  }

  private restore(saved: Redirection): void {
    const f = this.k.files;
    for (const [h, copy] of [...saved].reverse()) if (copy >= 0) { f.dup2(copy, h); f.close(copy); }
  }

  /** Point handles 0/1 at files; returns the handles to put back, or null (and a message) on failure. */
  private redirect(stdin: string | null, stdout: string | null, append: boolean): Redirection | null {
    const f = this.k.files;
    const undo: [number, number][] = [];
    const bind = (h: number, file: number): void => {
      undo.push([h, f.dup(h)]);
      f.dup2(file, h);
      f.close(file);
    };
    if (stdin !== null) {
      const h = f.open(stdin, 0);
      if (h < 0) { this.line('File not found'); return null; }
      bind(0, h);
    }
    if (stdout !== null) {
      let h = append ? f.open(stdout, 1) : -1;
      if (h >= 0) { const e = f.entry(h)!; e.pos = f.size(e); } else h = f.create(stdout, 0);
      if (h < 0) { this.restore(undo); this.line(ERRORS[-h] ?? 'File creation error'); return null; }
      bind(1, h);
    }
    return undo;
  }

  // ---- commands ------------------------------------------------------------------------------------

  /** Internal command or program. True when a program was started. */
  private command(cmd: string, tail: string, inBatch: boolean, restore: Redirection): boolean {
    const k = this.k;
    const name = cmd.toUpperCase();
    const arg = tail.trim();
    if (/^[A-Z]:$/.test(name)) {
      const d = name.charCodeAt(0) - 65;
      if (k.drives[d] === null) this.line('Invalid drive specification'); else k.curDrive = d;
      return false;
    }
    switch (name) {
      case 'REM': return false;
      case 'CLS': k.bios.setMode(k.mem.rd8(0x40, 0x49), false); return false;
      case 'VER': this.line(); this.line('Amalgam DOS version 5.00 (built in)'); this.line(); return false;
      case 'ECHO': case 'ECHO.': this.echoCmd(name, tail); return false;
      case 'SET': this.setCmd(arg); return false;
      case 'PATH':
        if (arg === '') this.line(`PATH=${this.getVar('PATH') ?? ''}`.replace(/=$/, '=') + (this.getVar('PATH') ? '' : ''));
        else if (!this.setVar('PATH', arg === ';' ? '' : arg.replace(/^=/, '').toUpperCase())) this.line('Out of environment space');
        return false;
      case 'PROMPT': this.setVar('PROMPT', arg || '$N$G'); return false;
      case 'CD': case 'CHDIR': {
        if (arg === '' || /^[A-Za-z]:$/.test(arg)) {
          const d = arg === '' ? k.curDrive : arg.toUpperCase().charCodeAt(0) - 65;
          this.line(`${String.fromCharCode(65 + d)}:\\${k.cwd[d] ?? ''}`);
        } else this.report(k.files.chdir(arg), 'Invalid directory');
        return false;
      }
      case 'MD': case 'MKDIR': this.report(arg ? k.files.mkdir(arg) : DosErr.pathNotFound, 'Unable to create directory'); return false;
      case 'RD': case 'RMDIR': this.report(arg ? k.files.rmdir(arg) : DosErr.pathNotFound, 'Invalid path, not directory,\r\nor directory not empty'); return false;
      case 'DEL': case 'ERASE': this.del(arg); return false;
      case 'REN': case 'RENAME': {
        const [a, b] = arg.split(/\s+/);
        if (a === undefined || b === undefined) { this.line('Required parameter missing'); return false; }
        const dir = splitPath(a.replace(/\//g, '\\'))[0];
        this.report(k.files.rename(a, dir ? `${dir}\\${b}` : b), 'Duplicate file name or file not found');
        return false;
      }
      case 'TYPE': this.type(arg); return false;
      case 'COPY': this.copy(arg); return false;
      case 'DIR': this.dir(arg); return false;
      case 'PAUSE': this.out('Press any key to continue . . .'); this.pausing = true; return false;
      case 'EXIT': this.batch = []; return false;
      case 'SHIFT': { const b = this.batch[this.batch.length - 1]; if (b) b.args.shift(); return false; }
      case 'GOTO': this.goto(arg); return false;
      case 'IF': return this.ifCmd(arg, inBatch, restore);
      case 'FOR': this.forCmd(arg, inBatch); return false;
      case 'CALL': { const p = arg.split(/\s+/); return this.program(p[0] ?? '', arg.slice((p[0] ?? '').length), true, restore); }
      default: return this.program(cmd, tail, false, restore);
    }
  }

  private report(err: number, msg: string): void { if (err !== 0) this.line(msg); }

  private echoCmd(name: string, tail: string): void {
    if (name === 'ECHO.' || /^[.:]/.test(tail)) { this.line(tail.slice(1)); return; }
    const t = tail.replace(/^\s/, '');
    if (t.trim() === '') this.line(`ECHO is ${this.echo ? 'on' : 'off'}`);
    else if (/^on$/i.test(t.trim())) this.echo = true;
    else if (/^off$/i.test(t.trim())) this.echo = false;
    else this.line(t);
  }

  private setCmd(arg: string): void {
    if (arg === '') { for (const e of this.env()) this.line(e); return; }
    const eq = arg.indexOf('=');
    if (eq <= 0) { const v = this.getVar(arg); this.line(v === undefined ? 'Environment variable not defined' : `${arg.toUpperCase()}=${v}`); return; }
    if (!this.setVar(arg.slice(0, eq).trim(), arg.slice(eq + 1))) this.line('Out of environment space');
  }

  /** Files of a directory matching a pattern (the last component of `spec`). */
  private matches(spec: string, withDirs = false): { drive: number; dir: string; names: string[] } | number {
    const r = this.k.files.resolve(spec || '*.*');
    if (typeof r === 'number') return r;
    const vol = this.k.drives[r.drive]!;
    let dir = r.path, pat = '*.*';
    if (vol.get(r.path)?.kind !== 'dir') [dir, pat] = splitPath(r.path);
    if (dir !== '' && vol.get(dir)?.kind !== 'dir') return DosErr.pathNotFound;
    const names = vol.list(dir).filter(([n, node]) => (withDirs || node.kind === 'file') && (node.attr & (Attr.hidden | Attr.system)) === 0 && matchName(pat, n)).map(([n]) => n);
    return { drive: r.drive, dir, names };
  }

  private del(arg: string): void {
    const m = this.matches(arg);
    if (typeof m === 'number' || m.names.length === 0) { this.line('File not found'); return; }
    for (const n of m.names) {
      const err = this.k.files.remove(`${String.fromCharCode(65 + m.drive)}:\\${m.dir ? m.dir + '\\' : ''}${n}`);
      if (err !== 0) { this.line(ERRORS[err] ?? 'Access denied'); return; }
    }
  }

  private type(arg: string): void {
    if (arg === '') { this.line('Required parameter missing'); return; }
    const f = this.k.files;
    const h = f.open(arg, 0);
    if (h < 0) { this.line('File not found - ' + arg.toUpperCase()); return; }
    const e = f.entry(h)!;
    const data = f.readFile(e, f.size(e));
    f.close(h);
    const end = data.indexOf(0x1a);
    writeStdout(this.k, [...data.subarray(0, end < 0 ? data.length : end)]);
  }

  private copy(arg: string): void {
    const parts = arg.split(/\s+/).filter((p) => p !== '' && !p.startsWith('/'));
    const src = parts[0];
    if (src === undefined) { this.line('Required parameter missing'); return; }
    const m = this.matches(src);
    if (typeof m === 'number' || m.names.length === 0) { this.line('File not found - ' + src.toUpperCase()); return; }
    const f = this.k.files;
    const dst = parts[1] ?? '.';
    const dr = f.resolve(dst);
    const dstIsDir = typeof dr !== 'number' && (dr.path === '' || this.k.drives[dr.drive]?.get(dr.path)?.kind === 'dir');
    let copied = 0;
    for (const n of m.names) {
      const from = `${String.fromCharCode(65 + m.drive)}:\\${m.dir ? m.dir + '\\' : ''}${n}`;
      const to = dstIsDir ? `${dst.replace(/[\\/]$/, '')}\\${n}` : dst;
      const fr = f.resolve(from), tr = f.resolve(to);
      if (typeof fr === 'number' || typeof tr === 'number') continue;
      if (fr.drive === tr.drive && fr.path === tr.path) { this.line('File cannot be copied onto itself'); break; }
      const hi = f.open(from, 0);
      if (hi < 0) continue;
      const ei = f.entry(hi)!;
      const data = f.readFile(ei, f.size(ei));
      f.close(hi);
      const ho = f.create(to, 0);
      if (ho < 0) { this.line(ERRORS[-ho] ?? 'File creation error'); break; }
      f.writeFile(f.entry(ho)!, data);
      f.close(ho);
      if (m.names.length > 1) this.line(from);
      copied++;
    }
    this.line(`${String(copied).padStart(9)} file(s) copied`);
  }

  private dir(arg: string): void {
    const k = this.k;
    const wide = /\/w/i.test(arg);
    const spec = arg.replace(/\/\w/g, '').trim();
    const m = this.matches(spec, true);
    if (typeof m === 'number') { this.line(); this.line('File not found'); return; }
    const vol = k.drives[m.drive]!;
    const letter = String.fromCharCode(65 + m.drive);
    this.line();
    this.line(vol.label ? ` Volume in drive ${letter} is ${vol.label}` : ` Volume in drive ${letter} has no label`);
    this.line(` Directory of ${letter}:\\${m.dir}`);
    this.line();
    const entries: [string, { kind: string; size: number; date: number; time: number }][] = [];
    if (m.dir !== '' && matchName(spec ? splitPath(spec.replace(/\//g, '\\'))[1] || '*.*' : '*.*', '.')) {
      const self = vol.get(m.dir)!;
      entries.push(['.', self], ['..', self]);
    }
    for (const n of m.names) entries.push([n, vol.get(m.dir ? `${m.dir}\\${n}` : n)!]);
    let files = 0, bytes = 0, col = 0;
    for (const [n, node] of entries) {
      const dot = n === '.' || n === '..' ? -1 : n.indexOf('.');
      const base = dot < 0 ? n : n.slice(0, dot), ext = dot < 0 ? '' : n.slice(dot + 1);
      if (node.kind === 'file') { files++; bytes += node.size; }
      if (wide) {
        this.out((node.kind === 'dir' ? `[${n}]` : n).padEnd(16));
        if (++col % 5 === 0) this.line();
        continue;
      }
      const d = node.date, t = node.time;
      const h = t >> 11, mi = (t >> 5) & 63;
      const stamp = `${String((d >> 5) & 15).padStart(2, '0')}-${String(d & 31).padStart(2, '0')}-${String(((d >> 9) + 80) % 100).padStart(2, '0')}  ` +
        `${String(h % 12 === 0 ? 12 : h % 12).padStart(2)}:${String(mi).padStart(2, '0')}${h < 12 ? 'a' : 'p'}`;
      const size = node.kind === 'dir' ? '<DIR>    ' : node.size.toLocaleString('en-US').padStart(9);
      this.line(`${base.padEnd(8)} ${ext.padEnd(3)} ${size.padStart(13)} ${stamp}`);
    }
    if (wide && col % 5 !== 0) this.line();
    this.line(`${String(files).padStart(9)} file(s) ${bytes.toLocaleString('en-US').padStart(14)} bytes`);
    this.line(`${''.padStart(24)}${(104_857_600).toLocaleString('en-US').padStart(14)} bytes free`);
  }

  private goto(label: string): void {
    const b = this.batch[this.batch.length - 1];
    if (b === undefined) return;
    const want = label.replace(/^:/, '').split(/\s/)[0]!.toUpperCase();
    const i = b.lines.findIndex((l) => l.trim().startsWith(':') && l.trim().slice(1).split(/\s/)[0]!.toUpperCase() === want);
    if (i < 0) { this.line('Label not found'); this.batch.pop(); return; }
    b.pc = i + 1;
  }

  private ifCmd(arg: string, inBatch: boolean, restore: Redirection): boolean {
    let rest = arg;
    let not = false;
    const word = (): string => { const m = /^\s*(\S+)\s*/.exec(rest); if (!m) return ''; rest = rest.slice(m[0].length); return m[1]!; };
    let w = word();
    if (w.toUpperCase() === 'NOT') { not = true; w = word(); }
    let cond: boolean;
    if (w.toUpperCase() === 'ERRORLEVEL') cond = this.errorlevel >= Number(word());
    else if (w.toUpperCase() === 'EXIST') {
      const m = this.matches(word());
      cond = typeof m !== 'number' && m.names.length > 0;
    } else {
      const eq = /^\s*("[^"]*"|[^=\s]*)\s*==\s*("[^"]*"|\S*)\s*/.exec(arg.slice(not ? arg.toUpperCase().indexOf('NOT') + 3 : 0));
      if (!eq) { this.line('Syntax error'); return false; }
      cond = eq[1] === eq[2];
      rest = arg.slice((not ? arg.toUpperCase().indexOf('NOT') + 3 : 0) + eq.index + eq[0].length);
    }
    if (cond === not || rest.trim() === '') return false;
    const sp = /^\s*(\S+)(.*)$/.exec(rest)!;
    return this.command(sp[1]!, sp[2]!, inBatch, restore);
  }

  private forCmd(arg: string, inBatch: boolean): void {
    const m = /^\s*%?%(\w)\s+in\s*\(([^)]*)\)\s*do\s+(.*)$/i.exec(arg);
    if (!m) { this.line('Syntax error'); return; }
    const [, v, set, body] = m;
    const items: string[] = [];
    for (const item of set!.trim().split(/[\s,;]+/).filter((x) => x !== '')) {
      if (/[*?]/.test(item)) {
        const found = this.matches(item);
        if (typeof found !== 'number') items.push(...found.names.map((n) => (splitPath(item.replace(/\//g, '\\'))[0] ? `${splitPath(item.replace(/\//g, '\\'))[0]}\\` : '') + n));
      } else items.push(item);
    }
    const re = new RegExp(`%?%${v}`, 'gi');
    this.queue.unshift(...items.map((it) => this.expand(body!.replace(re, it), inBatch)));
  }

  /** Find and start a program or batch file. True when a program was started. */
  private program(cmd: string, tail: string, call: boolean, restore: Redirection): boolean {
    const k = this.k;
    const found = this.find(cmd);
    if (found === null) { this.line('Bad command or file name'); return false; }
    if (found.endsWith('.BAT')) {
      const r = k.files.readProgram(found);
      if (typeof r === 'number') { this.line('Batch file missing'); return false; }
      const text = String.fromCharCode(...r.bytes.subarray(0, r.bytes.indexOf(0x1a) < 0 ? r.bytes.length : r.bytes.indexOf(0x1a)));
      const frame: BatchFrame = { lines: text.split(/\r?\n/), pc: 0, args: [cmd, ...tail.trim().split(/\s+/).filter((x) => x !== '')] };
      if (!call) this.batch.pop(); // a batch started from a batch replaces it, unless CALLed
      this.batch.push(frame);
      return false;
    }
    const err = k.run(found, tail);
    if (err !== 0) { this.line(ERRORS[err] ?? `Cannot run ${cmd} (error ${err})`); return false; }
    this.afterChild = restore;
    return true;
  }

  /** Full path of a program by DOS's search order, or null. */
  private find(cmd: string): string | null {
    const k = this.k;
    const exists = (p: string): boolean => {
      const r = k.files.resolve(p);
      return typeof r !== 'number' && r.device === undefined && k.drives[r.drive]?.get(r.path)?.kind === 'file';
    };
    const hasExt = /\.[^\\/.]*$/.test(cmd);
    const tryIn = (prefix: string): string | null => {
      if (hasExt) return /\.(COM|EXE|BAT)$/i.test(cmd) && exists(prefix + cmd) ? prefix + cmd : null;
      for (const ext of ['.COM', '.EXE', '.BAT']) if (exists(prefix + cmd + ext)) return prefix + cmd + ext;
      return null;
    };
    const here = tryIn('');
    if (here !== null) return here.toUpperCase();
    if (/[\\/:]/.test(cmd)) return null;
    for (const dir of (this.getVar('PATH') ?? '').split(';').filter((d) => d !== '')) {
      const p = tryIn(dir.replace(/[\\/]?$/, '\\'));
      if (p !== null) return p.toUpperCase();
    }
    return null;
  }
}

/** Split at `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (const c of s) {
    if (c === '"') q = !q;
    if (c === sep && !q) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Take `<f`, `>f`, `>>f` out of a command line; the command word and its tail. */
function parseRedirection(s: string): { words: { cmd: string; tail: string }; stdin: string | null; stdout: string | null; append: boolean } | string {
  let stdin: string | null = null, stdout: string | null = null, append = false;
  const rest = s.replace(/(>>|>|<)\s*("[^"]*"|[^\s<>|]+)?/g, (_m, op: string, file: string | undefined) => {
    if (file === undefined) { stdout = ''; return ''; }
    if (op === '<') stdin = file; else { stdout = file; append = op === '>>'; }
    return '';
  });
  if (stdout === '') return 'Syntax error';
  const m = /^\s*([^\s/=,;+]+[^\s/=,;+"]*|[^\s]+)(.*)$/.exec(rest);
  let cmd = m ? m[1]! : '', tail = m ? m[2]! : '';
  // "ECHO." and "CD.." style: the first word ends at a dot only for these internal commands.
  const dotCmd = /^(echo|cd|chdir|md|rd|type|dir)([.\\].*)$/i.exec(cmd);
  if (dotCmd) { cmd = dotCmd[1]!; tail = dotCmd[2]! + tail; if (/^echo$/i.test(cmd) && tail.startsWith('.')) cmd = 'ECHO.'; }
  return { words: { cmd, tail }, stdin, stdout, append };
}
