/**
 * A small two-pass 6502 assembler for the project's own NES programs (ca65 is not in Debian).
 * The opcode table is the CPU core's own map (cores/cpu/m6502/decode.ts), read backwards.
 *
 * Syntax: one statement per line, `;` comments.
 *   label:            a label (global)
 *   NAME = expr       a constant
 *   .org expr         set the location counter (no fill; the caller places segments)
 *   .byte e, e, "s"   bytes and strings      .word e, e   little-endian words
 *   .res n[, fill]    reserve n bytes
 *   lda #expr / lda expr / lda expr,x / lda (expr,x) / lda (expr),y / jmp (expr) / asl a / asl
 * Expressions: decimal, $hex, %binary, 'c', labels, + - * / & |, <lo >hi prefixes, parentheses
 * only inside operands that are not indirect. Zero-page forms are used when the value is known
 * in pass 1 and below $100; branches are checked for range.
 */
import { MNEMONICS, MODES, Mode } from '../../cores/cpu/m6502/decode.ts';

const OPCODE = new Map<string, number>();
for (let op = 0; op < 256; op++) {
  const key = `${MNEMONICS[op]} ${MODES[op]}`;
  // The first opcode in the map for each pair is the documented one, except NOP (fixed below).
  if (!OPCODE.has(key)) OPCODE.set(key, op);
}
OPCODE.set(`nop ${Mode.Imp}`, 0xea);

export class AsmError extends Error {}

interface Segment { org: number; bytes: number[] }

export interface Assembled {
  /** Bytes by address, as segments in source order. */
  segments: Segment[];
  labels: Map<string, number>;
}

function evalExpr(text: string, labels: Map<string, number>, strict: boolean): number | null {
  const src = text.trim();
  let i = 0;
  const peek = () => src[i];
  const skip = () => { while (src[i] === ' ') i++; };
  function atom(): number | null {
    skip();
    const c = peek();
    if (c === '<' || c === '>') { i++; const v = atom(); return v === null ? null : c === '<' ? v & 0xff : (v >> 8) & 0xff; }
    if (c === '-') { i++; const v = atom(); return v === null ? null : -v; }
    if (c === '(') { i++; const v = expr(); skip(); if (src[i] !== ')') throw new AsmError(`missing ) in ${src}`); i++; return v; }
    if (c === '$') { const m = /^\$[0-9a-fA-F]+/.exec(src.slice(i))!; i += m[0].length; return parseInt(m[0].slice(1), 16); }
    if (c === '%') { const m = /^%[01]+/.exec(src.slice(i))!; i += m[0].length; return parseInt(m[0].slice(1), 2); }
    if (c === "'") { const v = src.charCodeAt(i + 1); i += 3; return v; }
    const m = /^[0-9]+/.exec(src.slice(i));
    if (m) { i += m[0].length; return parseInt(m[0], 10); }
    const id = /^[A-Za-z_.][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (!id) throw new AsmError(`bad expression: ${src}`);
    i += id[0].length;
    const v = labels.get(id[0]);
    if (v === undefined) { if (strict) throw new AsmError(`unknown symbol ${id[0]}`); return null; }
    return v;
  }
  function expr(): number | null {
    let v = atom();
    for (;;) {
      skip();
      const op = peek();
      if (op === undefined || !'+-*/&|'.includes(op)) return v;
      i++;
      const r = atom();
      if (v === null || r === null) { v = null; continue; }
      v = op === '+' ? v + r : op === '-' ? v - r : op === '*' ? v * r : op === '/' ? Math.floor(v / r) : op === '&' ? v & r : v | r;
    }
  }
  const v = expr();
  skip();
  if (i !== src.length) throw new AsmError(`bad expression: ${src}`);
  return v;
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    if (ch === ',' && !q) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function assemble(source: string): Assembled {
  const lines = source.split('\n').map((l) => l.replace(/;.*$/, '').trim());
  const labels = new Map<string, number>();
  const sizes: number[] = [];
  const zpChoice: boolean[] = [];
  let segments: Segment[] = [];
  for (let pass = 1; pass <= 2; pass++) {
    let pc = 0;
    segments = [];
    let seg: Segment | null = null;
    const emit = (b: number) => { if (seg === null) throw new AsmError('code before .org'); seg.bytes.push(b & 0xff); };
    const strict = pass === 2;
    lines.forEach((raw, ln) => {
      try {
        let line = raw;
        const lab = /^([A-Za-z_][A-Za-z0-9_]*):\s*/.exec(line);
        if (lab) {
          if (pass === 1 && labels.has(lab[1]!)) throw new AsmError(`label ${lab[1]} defined twice`);
          labels.set(lab[1]!, pc);
          line = line.slice(lab[0].length);
        }
        if (line === '') return;
        const eq = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(line);
        if (eq) {
          const v = evalExpr(eq[2]!, labels, strict);
          if (v !== null) labels.set(eq[1]!, v);
          return;
        }
        const [word, ...rest] = line.split(/\s+/);
        const arg = rest.join(' ').trim();
        const w = word!.toLowerCase();
        if (w === '.org') {
          pc = evalExpr(arg, labels, true)!;
          seg = { org: pc, bytes: [] };
          segments.push(seg);
          return;
        }
        if (w === '.byte') {
          for (const a of splitArgs(arg)) {
            if (a.startsWith('"')) { for (const ch of a.slice(1, -1)) { emit(ch.charCodeAt(0)); pc++; } }
            else { emit(evalExpr(a, labels, strict) ?? 0); pc++; }
          }
          return;
        }
        if (w === '.word') {
          for (const a of splitArgs(arg)) { const v = evalExpr(a, labels, strict) ?? 0; emit(v); emit(v >> 8); pc += 2; }
          return;
        }
        if (w === '.res') {
          const [n, fill] = splitArgs(arg);
          const count = evalExpr(n!, labels, true)!;
          const f = fill === undefined ? 0 : evalExpr(fill, labels, true)!;
          for (let k = 0; k < count; k++) emit(f);
          pc += count;
          return;
        }
        // An instruction.
        const mn = w;
        let mode: Mode, operand = '';
        const a = arg;
        const isBranch = OPCODE.has(`${mn} ${Mode.Rel}`);
        if (a === '') mode = OPCODE.has(`${mn} ${Mode.Imp}`) ? Mode.Imp : Mode.Acc;
        else if (a.toLowerCase() === 'a' && OPCODE.has(`${mn} ${Mode.Acc}`)) mode = Mode.Acc;
        else if (a.startsWith('#')) { mode = Mode.Imm; operand = a.slice(1); }
        else if (/^\(.*,\s*x\)$/i.test(a)) { mode = Mode.Izx; operand = a.slice(1, a.lastIndexOf(',')); }
        else if (/^\(.*\)\s*,\s*y$/i.test(a)) { mode = Mode.Izy; operand = a.slice(1, a.lastIndexOf(')')); }
        else if (/^\(.*\)$/.test(a) && mn === 'jmp') { mode = Mode.Ind; operand = a.slice(1, -1); }
        else if (isBranch) { mode = Mode.Rel; operand = a; }
        else {
          const idx = /,\s*([xy])$/i.exec(a);
          operand = idx ? a.slice(0, idx.index) : a;
          const reg = idx?.[1]!.toLowerCase();
          let zp: boolean;
          if (pass === 1) {
            const v = evalExpr(operand, labels, false);
            const zpMode = reg === 'x' ? Mode.Zpx : reg === 'y' ? Mode.Zpy : Mode.Zp;
            zp = v !== null && v >= 0 && v < 0x100 && OPCODE.has(`${mn} ${zpMode}`);
            zpChoice[ln] = zp;
          } else zp = zpChoice[ln]!;
          mode = reg === 'x' ? (zp ? Mode.Zpx : Mode.Abx) : reg === 'y' ? (zp ? Mode.Zpy : Mode.Aby) : zp ? Mode.Zp : Mode.Abs;
        }
        const op = OPCODE.get(`${mn} ${mode}`);
        if (op === undefined) throw new AsmError(`no ${mn} with that addressing mode`);
        emit(op);
        const len = [1, 1, 2, 2, 2, 2, 3, 3, 3, 2, 2, 3, 2][mode]!;
        if (len > 1) {
          const v = evalExpr(operand, labels, strict) ?? 0;
          if (mode === Mode.Rel) {
            const d = v - (pc + 2);
            if (strict && (d < -128 || d > 127)) throw new AsmError(`branch out of range (${d})`);
            emit(d);
          } else {
            if (strict && len === 2 && (v < -128 || v > 0xff)) throw new AsmError(`value ${v} does not fit a byte`);
            emit(v);
            if (len === 3) emit(v >> 8);
          }
        }
        pc += len;
        sizes[ln] = len;
      } catch (e) {
        if (e instanceof AsmError) throw new AsmError(`line ${ln + 1}: ${e.message} (${raw})`);
        throw e;
      }
    });
  }
  return { segments, labels };
}
