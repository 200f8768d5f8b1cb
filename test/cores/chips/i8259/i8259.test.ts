import { describe, expect, it } from 'vitest';
import { Pic8259, type PicState } from '../../../../cores/chips/i8259/i8259.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

/** A PIC initialized as the XT BIOS does: edge, single, ICW4 (8086, normal EOI), base 08h. */
function xtPic(icw4 = 0x01, icw1 = 0x13) {
  const pic = new Pic8259();
  const ints: boolean[] = [];
  pic.onIrq = (on) => ints.push(on);
  pic.write(0, icw1);
  pic.write(1, 0x08);
  if (icw1 & 1) pic.write(1, icw4);
  pic.write(1, 0x00); // OCW1: unmask all
  return { pic, ints };
}

const eoi = (pic: Pic8259) => pic.write(0, 0x20);
const readIsr = (pic: Pic8259) => { pic.write(0, 0x0b); const v = pic.read(0); pic.write(0, 0x0a); return v; };

describe('8259A initialization and masks', () => {
  it('is masked at power-on and after ICW1 the mask is clear; OCW1 reads back', () => {
    const pic = new Pic8259();
    pic.setIrq(0, true);
    expect(pic.intAsserted).toBe(false);
    expect(pic.read(1)).toBe(0xff);
    pic.write(0, 0x13); pic.write(1, 0x08); pic.write(1, 0x09);
    expect(pic.read(1)).toBe(0);
    pic.write(1, 0xbc);
    expect(pic.read(1)).toBe(0xbc);
  });

  it('ICW1 resets the edge latch: a line already high must go low and high again', () => {
    const pic = new Pic8259();
    pic.setIrq(3, true);
    pic.write(0, 0x13); pic.write(1, 0x08); pic.write(1, 0x01); pic.write(1, 0);
    expect(pic.intAsserted).toBe(false);
    pic.setIrq(3, false); pic.setIrq(3, true);
    expect(pic.intAsserted).toBe(true);
    expect(pic.acknowledge()).toBe(0x0b);
  });

  it('ICW3 is expected only in cascade mode and ICW4 only with IC4', () => {
    const pic = new Pic8259();
    pic.write(0, 0x12); // single, no ICW4
    pic.write(1, 0x70);
    pic.write(1, 0xfe); // this is OCW1 already
    expect(pic.read(1)).toBe(0xfe);
    pic.write(0, 0x11); pic.write(1, 0x08); pic.write(1, 0x04); pic.write(1, 0x01); // cascade: ICW3, ICW4
    pic.write(1, 0x55);
    expect(pic.read(1)).toBe(0x55);
  });

  it('masked requests wait in the IRR and interrupt when unmasked', () => {
    const { pic, ints } = xtPic();
    pic.write(1, 0x01);
    pic.setIrq(0, true);
    expect(pic.read(0)).toBe(0x01); // IRR
    expect(ints).toEqual([]);
    pic.write(1, 0x00);
    expect(ints).toEqual([true]);
  });
});

describe('8259A priorities, EOI and INTA', () => {
  it('fixed priority: IR0 first, the vector is base | IR; ISR blocks lower levels until EOI', () => {
    const { pic, ints } = xtPic();
    pic.setIrq(4, true); pic.setIrq(1, true);
    expect(pic.acknowledge()).toBe(0x09);
    expect(readIsr(pic)).toBe(0x02);
    expect(pic.intAsserted).toBe(false); // IR4 is lower than IR1 in service
    pic.setIrq(0, true);                  // higher: nests
    expect(pic.intAsserted).toBe(true);
    expect(pic.acknowledge()).toBe(0x08);
    expect(readIsr(pic)).toBe(0x03);
    eoi(pic);                             // clears IR0 (highest in service)
    expect(readIsr(pic)).toBe(0x02);
    eoi(pic);
    expect(pic.acknowledge()).toBe(0x0c);
    expect(ints).toEqual([true, false, true, false, true, false]);
  });

  it('specific EOI clears the named level only', () => {
    const { pic } = xtPic();
    pic.setIrq(2, true); pic.acknowledge();
    pic.setIrq(1, true); pic.acknowledge();
    pic.write(0, 0x62); // specific EOI IR2
    expect(readIsr(pic)).toBe(0x02);
  });

  it('edge mode: the request is taken once per rising edge; level mode: re-requests while high', () => {
    const edge = xtPic();
    edge.pic.setIrq(5, true);
    edge.pic.acknowledge(); eoi(edge.pic);
    expect(edge.pic.intAsserted).toBe(false);
    const level = xtPic(0x01, 0x1b);
    level.pic.setIrq(5, true);
    level.pic.acknowledge(); eoi(level.pic);
    expect(level.pic.intAsserted).toBe(true);
    level.pic.setIrq(5, false);
    expect(level.pic.intAsserted).toBe(false);
  });

  it('a request gone before INTA gives the spurious IR7 vector without setting ISR', () => {
    const { pic } = xtPic();
    pic.setIrq(3, true);
    pic.setIrq(3, false);
    expect(pic.acknowledge()).toBe(0x0f);
    expect(readIsr(pic)).toBe(0);
  });

  it('auto EOI: ISR is never left set; rotate in AEOI makes the served level lowest', () => {
    const { pic } = xtPic(0x03);
    pic.setIrq(1, true); pic.setIrq(2, true);
    expect(pic.acknowledge()).toBe(0x09);
    expect(readIsr(pic)).toBe(0);
    pic.write(0, 0x80); // rotate in AEOI
    pic.setIrq(1, false); pic.setIrq(1, true);
    expect(pic.acknowledge()).toBe(0x09); // IR1 served and made lowest
    pic.setIrq(1, false); pic.setIrq(1, true);
    expect(pic.acknowledge()).toBe(0x0a); // now IR2 beats IR1
  });

  it('rotation: rotate on non-specific EOI and set priority', () => {
    const { pic } = xtPic();
    pic.setIrq(0, true); pic.setIrq(3, true);
    expect(pic.acknowledge()).toBe(0x08);
    pic.write(0, 0xa0); // rotate on non-specific EOI: IR0 becomes lowest
    pic.setIrq(0, false); pic.setIrq(0, true);
    expect(pic.acknowledge()).toBe(0x0b); // IR3 before IR0 now
    pic.write(0, 0x20);
    pic.write(0, 0xc4); // set priority: IR4 lowest, IR5 highest
    pic.setIrq(6, true); pic.setIrq(2, true);
    expect(pic.acknowledge()).toBe(0x0e);
    pic.write(0, 0xe6); // rotate on specific EOI 6: IR6 lowest, IR7 highest
    expect(pic.acknowledge()).toBe(0x08); // IR0 pending still, order 7,0,1,2...
  });

  it('special mask mode: masking the level in service lets lower levels in', () => {
    const { pic } = xtPic();
    pic.setIrq(2, true);
    pic.acknowledge();
    pic.setIrq(5, true);
    expect(pic.intAsserted).toBe(false);
    pic.write(0, 0x68); // set special mask
    pic.write(1, 0x04); // mask IR2 (in service)
    expect(pic.intAsserted).toBe(true);
    expect(pic.acknowledge()).toBe(0x0d);
    pic.write(0, 0x48); // reset special mask
    pic.write(0, 0x65); // EOI IR5
    expect(readIsr(pic)).toBe(0x04);
  });

  it('poll command: the next read returns 80h | level and acknowledges it', () => {
    const { pic } = xtPic();
    pic.write(0, 0x0c);
    expect(pic.read(0)).toBe(0); // nothing pending
    pic.setIrq(6, true);
    pic.write(0, 0x0c);
    expect(pic.read(0)).toBe(0x86);
    expect(readIsr(pic)).toBe(0x40);
    expect(pic.read(0)).toBe(0); // IRR read again, request taken
  });
});

describe('8259A cascade (PC/AT)', () => {
  function atPair() {
    const master = new Pic8259();
    const slave = new Pic8259();
    master.setSlave(2, slave);
    slave.onIrq = (on) => master.setIrq(2, on);
    master.write(0, 0x11); master.write(1, 0x08); master.write(1, 0x04); master.write(1, 0x01); master.write(1, 0);
    slave.write(0, 0x11); slave.write(1, 0x70); slave.write(1, 0x02); slave.write(1, 0x01); slave.write(1, 0);
    return { master, slave };
  }

  it('a slave request reaches the CPU through the master and returns the slave vector', () => {
    const { master, slave } = atPair();
    slave.setIrq(6, true); // IRQ 14
    expect(master.intAsserted).toBe(true);
    expect(master.acknowledge()).toBe(0x76);
    expect(readIsr(master)).toBe(0x04);
    expect(readIsr(slave)).toBe(0x40);
    slave.write(0, 0x20); master.write(0, 0x20);
    expect(readIsr(master) | readIsr(slave)).toBe(0);
  });

  it('a slave INT held high across the INTA keeps the master request (no new edge needed)', () => {
    const { master, slave } = atPair();
    slave.write(0, 0x11); slave.write(1, 0x70); slave.write(1, 0x02); slave.write(1, 0x03); slave.write(1, 0); // AEOI
    slave.setIrq(0, true);
    slave.setIrq(1, true);
    expect(master.acknowledge()).toBe(0x70); // the slave's INT stays high: IR1 is next, nothing in service
    master.write(0, 0x20);
    expect(master.intAsserted).toBe(true);
    expect(master.acknowledge()).toBe(0x71);
  });

  it('without SFNM a second slave request waits; with SFNM a higher one nests', () => {
    const a = atPair();
    a.slave.setIrq(6, true); a.master.acknowledge();
    a.slave.setIrq(0, true); // higher on the slave; slave INT rises... but master IR2 is in service
    expect(a.master.intAsserted).toBe(false);
    a.master.write(0, 0x20); // master EOI: the slave's INT is still high, so IR2 is requested again
    expect(a.master.intAsserted).toBe(true);
    expect(a.master.acknowledge()).toBe(0x70);
    const b = atPair();
    b.master.write(0, 0x11); b.master.write(1, 0x08); b.master.write(1, 0x04); b.master.write(1, 0x11); b.master.write(1, 0);
    b.slave.setIrq(6, true); b.master.acknowledge();
    b.slave.setIrq(0, true);
    expect(b.master.intAsserted).toBe(true);
    expect(b.master.acknowledge()).toBe(0x70);
  });
});

describe('8259A state', () => {
  it('round-trips and refuses damaged states', () => {
    const { pic } = xtPic();
    pic.setIrq(3, true); pic.acknowledge();
    const saved = JSON.parse(JSON.stringify(pic.getState())) as PicState;
    const other = new Pic8259();
    other.setState(saved);
    expect(other.getState()).toEqual(pic.getState());
    for (const bad of [{ ...saved, isr: 256 }, { ...saved, lowest: 8 }, { ...saved, initStep: 1 }, { ...saved, imr: 'x' }, null])
      expect(() => other.setState(bad as unknown as PicState)).toThrow(CorruptStateError);
    expect(other.getState()).toEqual(saved);
  });
});
