/**
 * Amiga 500 (OCS, PAL) clocks and frame geometry, and the custom chip register offsets.
 *
 * Master clock 28.37516 MHz (PAL; NTSC 28.63636 MHz). The 68000 runs at master/4, a colour clock
 * (CCK, one DMA slot) is master/8, the 8520 E clock master/40. A PAL line is 227 CCKs; a frame is
 * 313 lines (long frame) or 312 (short frame, every other frame in interlace).
 *
 * Sources: Amiga Hardware Reference Manual, 3rd ed. (HRM), chapter 6 "Blitter" and 7 "System
 * Control Hardware" (DMA time slot allocation, figure 6-9 in the 2nd ed.), appendix A (register
 * summary) and appendix F (8520); vAmiga's Agnus documentation for the slot layout.
 */

export const PAL_MASTER_HZ = 28_375_160;
export const NTSC_MASTER_HZ = 28_636_360;
export const CPU_DIVIDER = 4;
/** Master ticks per colour clock (one DMA slot). */
export const CCK_TICKS = 8;
/** Master ticks per 8520 E-clock cycle. */
export const E_TICKS = 40;
/** Colour clocks per line (PAL; NTSC alternates 227/228, not modelled). */
export const LINE_CCKS = 227;
export const LINE_TICKS = LINE_CCKS * CCK_TICKS;
export const PAL_LINES_LONG = 313;
export const PAL_LINES_SHORT = 312;
/** Lines 0..25 are vertical blank on PAL (HRM: the display starts at line $1A at the earliest). */
export const VBLANK_LINES = 26;

/** Output picture: lores coordinates FRAME_X0 .. FRAME_X0+FRAME_LORES, lines FRAME_TOP.. (the TV's overscan). */
export const FRAME_X0 = 0x5c;
export const FRAME_LORES = 384;
export const FRAME_WIDTH = FRAME_LORES * 2;
export const FRAME_TOP = 26;
/** Lines shown, and rows in the frame (two per line, for interlace). */
export const FRAME_LINES = 286;
export const FRAME_HEIGHT = 2 * FRAME_LINES;

/** Interrupt bits (INTENA / INTREQ). */
export const INT_TBE = 0x0001;
export const INT_DSKBLK = 0x0002;
export const INT_SOFT = 0x0004;
export const INT_PORTS = 0x0008;
export const INT_COPER = 0x0010;
export const INT_VERTB = 0x0020;
export const INT_BLIT = 0x0040;
export const INT_AUD0 = 0x0080;
export const INT_RBF = 0x0800;
export const INT_DSKSYN = 0x1000;
export const INT_EXTER = 0x2000;
export const INT_INTEN = 0x4000;

/** DMACON bits. */
export const DMA_AUD0 = 0x0001;
export const DMA_DSK = 0x0010;
export const DMA_SPR = 0x0020;
export const DMA_BLT = 0x0040;
export const DMA_COP = 0x0080;
export const DMA_BPL = 0x0100;
export const DMA_EN = 0x0200;
export const DMA_BLTPRI = 0x0400;
export const DMA_BZERO = 0x2000;
export const DMA_BBUSY = 0x4000;

/** Custom register offsets from $DFF000 (HRM appendix A). */
export const enum Reg {
  BLTDDAT = 0x000, DMACONR = 0x002, VPOSR = 0x004, VHPOSR = 0x006, DSKDATR = 0x008,
  JOY0DAT = 0x00a, JOY1DAT = 0x00c, CLXDAT = 0x00e, ADKCONR = 0x010, POT0DAT = 0x012,
  POT1DAT = 0x014, POTGOR = 0x016, SERDATR = 0x018, DSKBYTR = 0x01a, INTENAR = 0x01c,
  INTREQR = 0x01e, DSKPTH = 0x020, DSKPTL = 0x022, DSKLEN = 0x024, DSKDAT = 0x026,
  REFPTR = 0x028, VPOSW = 0x02a, VHPOSW = 0x02c, COPCON = 0x02e, SERDAT = 0x030, SERPER = 0x032,
  POTGO = 0x034, JOYTEST = 0x036,
  BLTCON0 = 0x040, BLTCON1 = 0x042, BLTAFWM = 0x044, BLTALWM = 0x046, BLTCPTH = 0x048,
  BLTCPTL = 0x04a, BLTBPTH = 0x04c, BLTBPTL = 0x04e, BLTAPTH = 0x050, BLTAPTL = 0x052,
  BLTDPTH = 0x054, BLTDPTL = 0x056, BLTSIZE = 0x058, BLTCMOD = 0x060, BLTBMOD = 0x062,
  BLTAMOD = 0x064, BLTDMOD = 0x066, BLTCDAT = 0x070, BLTBDAT = 0x072, BLTADAT = 0x074,
  DSKSYNC = 0x07e, COP1LCH = 0x080, COP1LCL = 0x082, COP2LCH = 0x084, COP2LCL = 0x086,
  COPJMP1 = 0x088, COPJMP2 = 0x08a, COPINS = 0x08c, DIWSTRT = 0x08e, DIWSTOP = 0x090,
  DDFSTRT = 0x092, DDFSTOP = 0x094, DMACON = 0x096, CLXCON = 0x098, INTENA = 0x09a,
  INTREQ = 0x09c, ADKCON = 0x09e,
  AUD0LCH = 0x0a0, AUD0LCL = 0x0a2, AUD0LEN = 0x0a4, AUD0PER = 0x0a6, AUD0VOL = 0x0a8, AUD0DAT = 0x0aa,
  AUD3DAT = 0x0da,
  BPL1PTH = 0x0e0, BPL6PTL = 0x0f6, BPLCON0 = 0x100, BPLCON1 = 0x102, BPLCON2 = 0x104,
  BPL1MOD = 0x108, BPL2MOD = 0x10a, BPL1DAT = 0x110, BPL6DAT = 0x11a,
  SPR0PTH = 0x120, SPR7PTL = 0x13e, SPR0POS = 0x140, SPR7DATB = 0x17e,
  COLOR00 = 0x180, COLOR31 = 0x1be,
}
