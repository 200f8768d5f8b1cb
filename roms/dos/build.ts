/**
 * Builds Amalgam's DOS test programs with nasm (Debian package `nasm`): each `*.asm` here becomes
 * a `.COM` (or, for `exe*.asm`, an MZ `.EXE` whose header the source writes itself). The built
 * bytes are committed so tests need no assembler. Run: `npx tsx roms/dos/build.ts`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
for (const f of readdirSync(dir).filter((n) => n.endsWith('.asm')).sort()) {
  const base = f.slice(0, -4).toUpperCase();
  const out = base + (base.startsWith('EXE') ? '.EXE' : '.COM');
  execFileSync('nasm', ['-f', 'bin', '-o', out, f], { cwd: dir, stdio: 'inherit' });
  console.log(`${f} -> ${out}`);
}
