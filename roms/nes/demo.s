; Amalgam NES demo: a horizontally scrolling play-field across two name tables, eight bouncing
; sprites and a two-voice tune on the APU (pulse 1 melody, triangle bass).
; NROM-128 (16 KiB PRG at $C000, mirrored at $8000), 8 KiB CHR ROM, vertical mirroring.
; Built by build.ts with our own assembler (asm6502.ts); tables.generated.s is appended.

PPUCTRL   = $2000
PPUMASK   = $2001
PPUSTATUS = $2002
OAMADDR   = $2003
PPUSCROLL = $2005
PPUADDR   = $2006
PPUDATA   = $2007
OAMDMA    = $4014
OAM       = $0200

frame  = $00
scroll = $01
ctrl   = $02
row    = $03
tmp    = $04
tmp2   = $05
mtimer = $06
mpos   = $07

.org $c000
reset:
  sei
  cld
  ldx #$40
  stx $4017          ; no frame-counter IRQ
  ldx #$ff
  txs
  inx
  stx PPUCTRL
  stx PPUMASK
  stx $4010
vwait1:
  bit PPUSTATUS
  bpl vwait1
  lda #0
clear:
  sta $00,x
  sta $0100,x
  sta $0300,x
  sta $0400,x
  sta $0500,x
  sta $0600,x
  sta $0700,x
  inx
  bne clear
  lda #$ff           ; every sprite off-screen
hide:
  sta OAM,x
  inx
  bne hide
vwait2:
  bit PPUSTATUS
  bpl vwait2

  lda #$3f           ; palette
  sta PPUADDR
  lda #$00
  sta PPUADDR
  ldx #0
pal:
  lda palette,x
  sta PPUDATA
  inx
  cpx #32
  bne pal

  lda #$20
  jsr fill_nt
  lda #$24
  jsr fill_nt

  ldy #0             ; texts: address high, low, characters, 0; a 0 address ends the list
text_next:
  lda texts,y
  beq text_done
  sta PPUADDR
  iny
  lda texts,y
  sta PPUADDR
  iny
text_ch:
  lda texts,y
  iny
  cmp #0
  beq text_next
  sta PPUDATA
  jmp text_ch
text_done:

  lda #$80           ; sound: pulse 1 and triangle on
  sta ctrl
  lda #%00000101
  sta $4015
  lda #$86           ; pulse 1: duty 50 %, envelope decay
  sta $4000
  lda #$00
  sta $4001
  lda #$ff           ; triangle: linear counter held
  sta $4008

vwait3:
  bit PPUSTATUS
  bpl vwait3
  lda #0
  sta PPUSCROLL
  sta PPUSCROLL
  lda ctrl
  sta PPUCTRL        ; NMI on
  lda #%00011110
  sta PPUMASK        ; background and sprites, no clipping
forever:
  jmp forever

; Fill the name table at A*256 with diagonal stripes and its attribute table with bands.
fill_nt:
  sta PPUADDR
  lda #0
  sta PPUADDR
  sta row
frow:
  ldx #0
fcol:
  txa
  clc
  adc row
  lsr a
  and #3
  clc
  adc #1
  sta PPUDATA
  inx
  cpx #32
  bne fcol
  inc row
  lda row
  cmp #30
  bne frow
  ldx #0
fat:
  txa
  lsr a
  lsr a
  lsr a
  and #3
  tay
  lda attrs,y
  sta PPUDATA
  inx
  cpx #64
  bne fat
  rts

nmi:
  pha
  txa
  pha
  tya
  pha
  lda #0
  sta OAMADDR
  lda #>OAM
  sta OAMDMA
  lda scroll
  sta PPUSCROLL
  lda #0
  sta PPUSCROLL
  lda ctrl
  sta PPUCTRL
  inc frame
  inc scroll
  bne noflip
  lda ctrl
  eor #1
  sta ctrl
noflip:
  jsr sprites
  jsr music
  pla
  tay
  pla
  tax
  pla
irq:
  rti

; Eight balls: sprite i at X = 32 i + frame, Y from the sine table, palette i & 3.
sprites:
  ldx #0
  ldy #0
spr:
  tya
  asl a
  asl a
  asl a
  sta tmp
  lda frame
  asl a
  clc
  adc tmp
  and #63
  sty tmp2
  tay
  lda sine,y
  ldy tmp2
  sta OAM,x
  lda #5
  sta OAM+1,x
  tya
  and #3
  sta OAM+2,x
  tya
  asl a
  asl a
  asl a
  asl a
  asl a
  clc
  adc frame
  sta OAM+3,x
  txa
  clc
  adc #4
  tax
  iny
  cpy #8
  bne spr
  rts

; One melody step every 8 frames, a bass note every other step.
music:
  dec mtimer
  bpl mdone
  lda #7
  sta mtimer
  ldx mpos
  lda melody,x
  beq nobass_check
  sec
  sbc #36
  tay
  lda pulse_lo,y
  sta $4002
  lda pulse_hi,y
  ora #8
  sta $4003
nobass_check:
  lda mpos
  and #1
  bne nobass
  lda mpos
  lsr a
  tax
  lda bass,x
  sec
  sbc #36
  tay
  lda tri_lo,y
  sta $400a
  lda tri_hi,y
  ora #8
  sta $400b
nobass:
  inc mpos
  lda mpos
  cmp #MELODY_LEN
  bne mdone
  lda #0
  sta mpos
mdone:
  rts

palette:
  .byte $0f, $30, $01, $11,  $0f, $30, $06, $16,  $0f, $30, $09, $19,  $0f, $30, $04, $14
  .byte $0f, $27, $17, $07,  $0f, $2a, $1a, $0a,  $0f, $21, $11, $01,  $0f, $25, $15, $05
attrs:
  .byte $00, $55, $aa, $ff

texts:
  .byte $20, $8c, "AMALGAM", 0
  .byte $20, $e6, "NES DEMO IN 6502", 0
  .byte $21, $44, "SCROLLING  SPRITES  MUSIC", 0
  .byte $25, $88, "WRITTEN FOR AMALGAM", 0
  .byte $26, $06, "NO THIRD-PARTY CODE", 0
  .byte 0

; MIDI note numbers (0 = rest): a four-chord loop, C - Am - F - G.
melody:
  .byte 60, 64, 67, 72, 67, 64, 60, 0,  57, 60, 64, 69, 64, 60, 57, 0
  .byte 53, 57, 60, 65, 60, 57, 53, 0,  55, 59, 62, 67, 62, 59, 55, 0
MELODY_LEN = 32
bass:
  .byte 36, 36, 43, 36,  45, 45, 40, 45,  41, 41, 48, 41,  43, 43, 38, 43
