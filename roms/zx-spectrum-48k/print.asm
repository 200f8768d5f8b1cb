; print.asm: text output shared by the replacement ROM and the demo (Amalgam, written for it).
; Needs FONT (equ): address of the 96-glyph character set for codes 32-127.

; print_str: print the 0-terminated string at HL at character row D (0-23), column E (0-31).
print_str:
        ld a,(hl)
        or a
        ret z
        push hl
        push de
        call print_char
        pop de
        pop hl
        inc hl
        inc e
        jr print_str

; print_char: print character A at row D, column E. Destroys AF, BC, DE, HL.
print_char:
        sub 32
        ld l,a
        ld h,0
        add hl,hl
        add hl,hl
        add hl,hl
        ld bc,FONT
        add hl,bc               ; HL = glyph
        ld a,d
        and 0x18
        or 0x40
        ld b,a                  ; screen high byte: third of the screen
        ld a,d
        and 7
        rrca
        rrca
        rrca
        or e
        ld c,a                  ; BC = first pixel line of the cell
        ld d,8
print_char_loop:
        ld a,(hl)
        ld (bc),a
        inc hl
        inc b                   ; next pixel line of the cell is 256 bytes on
        dec d
        jr nz,print_char_loop
        ret

; fill_attr_row: set the 32 attributes of character row D to A.
fill_attr_row:
        push af
        ld l,d
        ld h,0
        add hl,hl
        add hl,hl
        add hl,hl
        add hl,hl
        add hl,hl
        ld bc,0x5800
        add hl,bc
        pop af
        ld b,32
fill_attr_loop:
        ld (hl),a
        inc hl
        djnz fill_attr_loop
        ret
