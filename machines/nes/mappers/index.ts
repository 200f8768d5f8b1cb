/** The board for a cartridge's mapper number (cartridge.ts checked it is one we emulate). */
import type { Cartridge } from '../cartridge.ts';
import type { Mapper } from './mapper.ts';
import { Mmc1 } from './mmc1.ts';
import { Mmc2 } from './mmc2.ts';
import { Mmc3 } from './mmc3.ts';
import { LatchBoard, Nrom } from './simple.ts';

export function createMapper(cart: Cartridge): Mapper {
  let m: Mapper;
  switch (cart.mapper) {
    case 0: m = new Nrom(cart); break;
    case 1: m = new Mmc1(cart); break;
    case 4: m = new Mmc3(cart); break;
    case 9: case 10: m = new Mmc2(cart); break;
    default: m = new LatchBoard(cart); break;
  }
  m.reset();
  return m;
}
