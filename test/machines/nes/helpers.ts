/** Shared helpers for the NES tests: build the machine headless with a cartridge inserted. */
import { readFileSync } from 'node:fs';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { nes, type NesMachine } from '../../../machines/nes/definition.ts';
import { shared } from '../../helpers/testdata.ts';

export function nesSession(romRel?: string, bytes?: Uint8Array): { session: Session; m: NesMachine; host: NullHost } {
  const host = new NullHost();
  const session = new Session(nes, { host });
  if (romRel !== undefined || bytes !== undefined) {
    const b = bytes ?? new Uint8Array(readFileSync(shared(romRel!)!));
    session.insertMedia(romRel?.split('/').pop() ?? 'test.nes', b);
  }
  return { session, m: session.machine as NesMachine, host };
}
