; rom.asm: Amalgam's replacement 16 KB ROM for the ZX Spectrum 48K (written for this project from
; scratch; no Sinclair code or data). It is what runs when the user has no Sinclair ROM: it clears
; the screen, says on the bottom two lines that BASIC and tape loading need the original ROM, keeps
; the IM 1 interrupt doing what snapshots expect of it (count FRAMES at 5C78h, scan the keyboard
; into LAST_K at 5C08h and set bit 5 of FLAGS at 5C3Bh on a new key), and starts the demo.
; Our character set sits at 3D00h, where the Sinclair ROM keeps its own, so programs that print
; through CHARS (3C00h + 8 * code) and our screen reader find it.

FONT    equ 0x3d00
DEMO    equ 0x8000
FRAMES  equ 0x5c78
LAST_K  equ 0x5c08
FLAGS   equ 0x5c3b
KEY_PREV equ 0x5c04         ; the key seen at the last interrupt (part of KSTATE in the real ROM)

        org 0x0000
        di
        xor a
        ld de,0xffff
        jp start

        defs 0x0008-$, 0xff
rst08:  jp no_basic             ; error restart: BASIC is not here
        defs 0x0010-$, 0xff
        ret                     ; RST 10h and the others: nothing behind them
        defs 0x0018-$, 0xff
        ret
        defs 0x0020-$, 0xff
        ret
        defs 0x0028-$, 0xff
        jp no_basic             ; the calculator: BASIC is not here
        defs 0x0030-$, 0xff
        ret
        defs 0x0038-$, 0xff

; IM 1 interrupt
im1:
        push af
        push bc
        push de
        push hl
        ld hl,FRAMES
        inc (hl)
        jr nz,im1_keys
        inc hl
        inc (hl)
        jr nz,im1_keys
        inc hl
        inc (hl)
im1_keys:
        call scan_keys
        ld hl,KEY_PREV
        cp (hl)
        jr z,im1_done
        ld (hl),a
        or a
        jr z,im1_done
        ld (LAST_K),a
        ld hl,FLAGS
        set 5,(hl)
im1_done:
        pop hl
        pop de
        pop bc
        pop af
        ei
        ret

        defs 0x0066-$, 0xff
nmi:    retn

; scan_keys: A = code of the first key held (ASCII for letters and digits, 13 ENTER, 32 SPACE), or 0.
; CAPS SHIFT and SYMBOL SHIFT alone give 0.
scan_keys:
        ld hl,key_table
        ld bc,0xfefe
scan_row:
        in a,(c)
        cpl
        and 0x1f
        jr nz,scan_found
        ld de,5
        add hl,de
        rlc b
        jr c,scan_row
        xor a
        ret
scan_found:
        ld e,a
scan_bit:
        ld a,(hl)
        srl e
        jr c,scan_hit
        inc hl
        jr scan_bit
scan_hit:
        or a
        ret nz
        ld a,e                  ; a shift key: look at the rest of this half-row
        or a
        ret z
        inc hl
        jr scan_bit

key_table:
        defb 0, "ZXCV"
        defb "ASDFG"
        defb "QWERT"
        defb "12345"
        defb "09876"
        defb "POIUY"
        defb 13, "LKJH"
        defb 32, 0, "MNB"

start:
        ld sp,0x0000
        ld hl,0x4000            ; clear all RAM
        ld de,0x4001
        ld bc,0xbfff
        ld (hl),0
        ldir
        ld hl,0x5800
        ld de,0x5801
        ld bc,767
        ld (hl),0x07            ; white on black
        ldir
        xor a
        out (0xfe),a
        ld d,22
        ld a,0x46               ; bright yellow on black
        call fill_attr_row
        ld d,23
        ld a,0x46
        call fill_attr_row
        ld hl,notice1
        ld de,22*256+0
        call print_str
        ld hl,notice2
        ld de,23*256+0
        call print_str
        im 1
        ld hl,demo_data         ; start the demo
        ld de,DEMO
        ld bc,demo_data_end-demo_data
        ldir
        jp DEMO

no_basic:
        di
        ld sp,0x0000
        ld hl,notice3
        ld de,21*256+0
        call print_str
        halt

notice1: defm "Amalgam ROM: BASIC and tape"
        defb 0
notice2: defm "loading need the original ROM."
        defb 0
notice3: defm "This program needs BASIC."
        defb 0

        include "print.asm"

demo_data:
        incbin "demo.bin"
demo_data_end:

        defs FONT-$, 0xff
        include "font.asm"
        defs 0x4000-$, 0xff
