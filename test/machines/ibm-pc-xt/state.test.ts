/**
 * Save states of the PC/XT are exact: run A (boot until the floppy controller is in the middle of
 * a DMA read, save, run on) equals run B (a new machine loads the state and runs on), frame by
 * frame and sample by sample, with GLaBIOS booting FreeDOS at real floppy timing.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { InputState, type VideoFrame } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const GLABIOS = 'testdata/pc/bios/GLABIOS_0.2.5_8T.ROM';
const FREEDOS_360K = 'testdata/pc/freedos/freedos.boot.disk.360K.img';

class HashingHost {
  readonly input = new InputState();
  frames: string[] = [];
  audio: string[] = [];
  video(frame: VideoFrame): void {
    this.frames.push(sha1Hex(new Uint8Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength)));
  }
  audioOut(samples: Float32Array, frames: number): void {
    this.audio.push(sha1Hex(new Uint8Array(samples.buffer, samples.byteOffset, frames * 8)));
  }
}

function start(host: HashingHost): Session {
  const roms = new Map([['bios', new Uint8Array(readFileSync(shared(GLABIOS)!))]]);
  const s = new Session(ibmPcXt, {
    host: { input: host.input, video: (f) => host.video(f), audio: (a, n) => host.audioOut(a, n) }, roms,
    config: { 'floppy.timing': 'real' },
  });
  s.insertMedia('freedos.img', new Uint8Array(readFileSync(shared(FREEDOS_360K)!)), 'A:');
  return s;
}

describeWithShared('PC/XT save states', [GLABIOS, FREEDOS_360K], () => {
  it('run A = run B across a save in the middle of a floppy DMA read', () => {
    const ha = new HashingHost();
    const a = start(ha);
    const fdc = (a.machine as PcMachine).board.fdc;
    // Run frame by frame until the controller is executing a READ DATA with DMA.
    while (!(fdc.getState().phase === 1 && fdc.getState().op === 1)) {
      a.runFrames(1);
      if (a.seconds > 30) throw new Error('no floppy read in 30 s');
    }
    console.log(`saved at ${a.seconds.toFixed(2)} s, sector C${fdc.getState().c} H${fdc.getState().h} R${fdc.getState().r}`);
    const state = a.saveStateBytes();
    ha.frames = []; ha.audio = [];
    a.runFrames(90);
    const hb = new HashingHost();
    const b = start(hb);
    b.loadState(state);
    hb.frames = []; hb.audio = [];
    b.runFrames(90);
    expect(hb.frames.length).toBe(90);
    expect(hb.frames).toEqual(ha.frames);
    expect(hb.audio).toEqual(ha.audio);
    expect(b.machine.screenText!()).toBe(a.machine.screenText!());
  });
});
