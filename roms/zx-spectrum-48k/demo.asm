; demo.asm: Amalgam's ZX Spectrum 48K demo (written for this project; assembled with pasmo).
; Border stripes that follow a beeper tune, and a title whose colours ripple. It uses IM 2 with its
; own vector table so it runs the same on the Sinclair ROM and on Amalgam's replacement ROM, and it
; leaves character rows 22-23 alone (the replacement ROM writes its notice there).
; Load address and entry point: 8000h.

FONT    equ font_data
TABLE   equ 0xfe00          ; IM 2 vector table: 257 bytes of 0FDh
VECTOR  equ 0xfdfd          ; where every vector points: JP isr
STEP_FRAMES equ 6           ; frames per note

        org 0x8000
start:
        di
        ld sp,0xfd00
        ; IM 2 table and the jump it leads to
        ld hl,TABLE
        ld de,TABLE+1
        ld bc,256
        ld (hl),0xfd
        ldir
        ld a,0xc3
        ld (VECTOR),a
        ld hl,isr
        ld (VECTOR+1),hl
        ld a,TABLE/256
        ld i,a
        im 2
        ; clear character rows 0-21 (pixels and attributes)
        ld d,0
clear_row:
        push de
        ld a,d
        and 0x18
        or 0x40
        ld h,a
        ld a,d
        and 7
        rrca
        rrca
        rrca
        ld l,a
        ld c,8
clear_line:
        push hl
        ld b,32
clear_byte:
        ld (hl),0
        inc hl
        djnz clear_byte
        pop hl
        inc h
        dec c
        jr nz,clear_line
        pop de
        push de
        ld a,0x07               ; white ink on black paper
        call fill_attr_row
        pop de
        inc d
        ld a,d
        cp 22
        jr nz,clear_row
        ; the text
        ld hl,texts
next_text:
        ld d,(hl)
        inc hl
        ld a,d
        cp 0xff
        jr z,texts_done
        ld e,(hl)
        inc hl
        ld a,(hl)               ; attribute for the row
        inc hl
        push hl
        push de
        call fill_attr_row
        pop de
        pop hl
        call print_str
        inc hl                  ; past the 0
        jr next_text
texts_done:
        ei

main_loop:
        halt
        call ripple
        ; advance the tune every STEP_FRAMES frames
        ld hl,step_count
        dec (hl)
        jr nz,same_note
        ld (hl),STEP_FRAMES
        ld hl,(note_ptr)
        inc hl
        inc hl
        ld a,(hl)
        cp 0xff
        jr nz,note_ok
        ld hl,tune
note_ok:
        ld (note_ptr),hl
same_note:
        ld hl,(note_ptr)
        ld d,(hl)               ; D = delay count (0 = rest)
        inc hl
        ld a,(hl)               ; half periods in this frame
        ld l,a
        ld h,0
        ld a,d
        or a
        jr z,rest
        call tone
        jr main_loop
rest:
        xor a
        out (0xfe),a
        jr main_loop

; tone: HL half periods of D*13+60 T-states each; the EAR bit toggles and the border colour steps
; at every half period, so the border shows stripes as tall as the pitch is low.
tone:
        ld a,(colour)
        ld c,a
tone_loop:
        ld a,c                  ; 4
        xor 0x10                ; 7  EAR
        inc a                   ; 4  next border colour
        and 0x17                ; 7  (keep MIC off)
        ld c,a                  ; 4
        out (0xfe),a            ; 11
        ld b,d                  ; 4
tone_delay:
        djnz tone_delay         ; 13 per count, 8 for the last
        dec hl                  ; 6
        ld a,h                  ; 4
        or l                    ; 4
        jp nz,tone_loop         ; 10
        ld a,c
        ld (colour),a
        ret

; ripple: the title row's ink colours run along it, one step per frame.
ripple:
        ld hl,frame
        inc (hl)
        ld a,(hl)
        rrca
        ld c,a
        ld hl,0x5800+2*32
        ld b,32
ripple_loop:
        ld a,b
        add a,c
        and 7
        ld e,a
        ld d,0
        push hl
        ld hl,ripple_inks
        add hl,de
        ld a,(hl)
        pop hl
        ld (hl),a
        inc hl
        djnz ripple_loop
        ret

; bright inks on black paper, light ones only (red to white and back)
ripple_inks:
        defb 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x46, 0x45

isr:
        ei
        reti

; row, column, attribute, text, 0 ... 0FFh
texts:
        defb 2, 12, 0x47
        defm "AMALGAM"
        defb 0
        defb 4, 1, 0x07
        defm "a multi-system retro emulator"
        defb 0
        defb 6, 6, 0x45
        defm "ZX Spectrum 48K demo"
        defb 0
        defb 9, 1, 0x07
        defm "Border stripes and beeper tune"
        defb 0
        defb 10, 1, 0x07
        defm "made by this little program."
        defb 0
        defb 13, 1, 0x06
        defm "Load a .tap, .tzx, .z80 or"
        defb 0
        defb 14, 1, 0x06
        defm ".sna file to run your own."
        defb 0
        defb 18, 3, 0x04
        defm "(c) 2026 the Amalgam project"
        defb 0
        defb 0xff

; notes: delay count, half periods per frame (62,000 T of tone). Pitches from (1750000/f-60)/13.
C5      equ 253*256+19
D5      equ 225*256+21
E5      equ 200*256+23
F5      equ 188*256+25
G5      equ 167*256+28
A5      equ 148*256+31
B5      equ 132*256+35
C6      equ 124*256+37
D6      equ 110*256+42
E6      equ 97*256+47
F6      equ 92*256+49
G6      equ 81*256+56
REST    equ 0

note    macro n
        defb (n)/256, (n) and 255
        endm

tune:
        note C5
        note E5
        note G5
        note C6
        note G5
        note E5
        note D5
        note F5
        note A5
        note D6
        note A5
        note F5
        note E5
        note G5
        note B5
        note E6
        note B5
        note G5
        note F5
        note A5
        note C6
        note F6
        note C6
        note A5
        note G5
        note B5
        note D6
        note G6
        note D6
        note B5
        note C6
        note G5
        note E5
        note C5
        note REST
        note REST
        defb 0xff

note_ptr:   defw tune
step_count: defb STEP_FRAMES
colour:     defb 0
frame:      defb 0

        include "print.asm"

font_data:
        include "font.asm"
demo_end:
