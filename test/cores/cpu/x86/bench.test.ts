/**
 * The bench's .COM harness: SIEVE0.COM (no passes) must print E0000 and exit with code 0, and a
 * short custom .COM exercises the INT 21h traps. (SIEVE10K itself is timed by `npm run bench`.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCom } from '../../../../cores/cpu/x86/bench.ts';
import { UsageError } from '../../../../cores/kernel/errors.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

describe('x86 .COM harness', () => {
  it('traps INT 21h AH=02h (print DL) and AH=4Ch (exit with AL)', () => {
    // mov dl,'H' ; mov ah,2 ; int 21h ; mov ax,4C07h ; int 21h
    const r = runCom(new Uint8Array([0xb2, 0x48, 0xb4, 0x02, 0xcd, 0x21, 0xb8, 0x07, 0x4c, 0xcd, 0x21]), 1_000_000);
    expect(r).toMatchObject({ output: 'H', exitCode: 7, exited: true });
    // 5 of the program, OUT + IRET of the stub for the first INT, OUT for the last (the run stops there).
    expect(r.instructions).toBe(5 + 2 + 1);
  });

  it('ends at a RET to the PSP (INT 20h) and reports a program that never exits', () => {
    expect(runCom(new Uint8Array([0xc3]), 1_000_000)).toMatchObject({ exitCode: 0, exited: true });
    expect(runCom(new Uint8Array([0xeb, 0xfe]), 10_000)).toMatchObject({ exited: false });
  });

  it('rejects an empty or oversized image with a typed error', () => {
    expect(() => runCom(new Uint8Array(0), 1000)).toThrow(UsageError);
    expect(() => runCom(new Uint8Array(0x10000), 1000)).toThrow(UsageError);
  });
});

describeWithShared('x86 bench workload', ['bench-kernels/SIEVE0.COM'], () => {
  it('SIEVE0.COM prints E0000 CR LF and exits with 0', () => {
    const r = runCom(readFileSync(shared('bench-kernels/SIEVE0.COM')!), 10_000_000);
    expect(r).toMatchObject({ output: 'E0000\r\n', exitCode: 0, exited: true });
  });

});
