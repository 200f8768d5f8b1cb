; Amalgam VGA BIOS: an 8 KB option ROM at C000:0000 for the VGA card (machines/ibm-pc-xt/video/vga.ts),
; written for this project. Assembled with nasm by roms/ibm-pc-xt/build.ts (font16.inc is written
; there from font8.ts).
;
; The system BIOS calls C000:0003 during POST (option ROM scan). We take over INT 10h (the old
; vector is kept in INT 42h, as VGA BIOSes do) and set mode 03h. Our handler does what differs on
; a VGA: mode set (00h: 03h text 80x25 in 9x16 cells, 12h 640x480x16, 13h 320x200x256; other
; modes give 03h), pixels in 12h/13h (0Ch/0Dh), the palette and DAC (10h: 00h, 02h, 10h, 12h,
; 15h, 17h), font information (11h/30h), alternate select (12h/10h), display combination (1Ah).
; Everything else goes to the system BIOS, whose text services work unchanged on the VGA in text
; mode (the cursor and start address registers have the 6845's numbers); setting mode 03h calls
; the system BIOS's mode set first, so that its own variables match. In modes 12h/13h the
; text functions are not supported yet (TODO: 09h/0Ah/0Eh in graphics).
;
; References: IBM VGA Technical Reference (register values of the BIOS modes), Ralf Brown's
; Interrupt List (INT 10h function numbers). No code from any other BIOS.

cpu 8086
bits 16
org 0

        db 0x55, 0xaa, 16       ; option ROM: 16 x 512 bytes
        jmp init

BDA equ 0x40

; ---- register sets: misc, sequencer 0-4, CRTC 0-24, GC 0-8, AC 0-20 ----
mode03: db 0x67
        db 0x03, 0x00, 0x03, 0x00, 0x02
        db 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00
        db 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f
        db 0x0c, 0x00, 0x0f, 0x08, 0x00
mode12: db 0xe3
        db 0x03, 0x01, 0x0f, 0x00, 0x06
        db 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f
        db 0x01, 0x00, 0x0f, 0x00, 0x00
mode13: db 0x63
        db 0x03, 0x01, 0x0f, 0x00, 0x0e
        db 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
        db 0x41, 0x00, 0x0f, 0x00, 0x00

; ---- initialisation (far call from the system BIOS's POST) ----
init:
        pushf
        push ax
        push ds
        xor ax, ax
        mov ds, ax
        cli
        mov ax, [0x10 * 4]
        mov [0x42 * 4], ax
        mov ax, [0x10 * 4 + 2]
        mov [0x42 * 4 + 2], ax
        mov word [0x10 * 4], int10
        mov [0x10 * 4 + 2], cs
        mov word [0x43 * 4], font16     ; INT 43h: the graphics font (8x16 here)
        mov [0x43 * 4 + 2], cs
        mov ax, 0x0003
        int 0x10
        pop ds
        pop ax
        popf                            ; interrupts as the caller had them
        retf

; ---- INT 10h ----
int10:
        cmp ah, 0x00
        je set_mode
        cmp ah, 0x10
        je palette
        cmp ah, 0x11
        je font_info
        cmp ah, 0x12
        je alt_select
        cmp ah, 0x1a
        je display_combination
        cmp ah, 0x0c
        je wpixel
        cmp ah, 0x0d
        je rpixel
chain:  int 0x42
        iret

; 00h: set mode AL
set_mode:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        push ds
        push es
        cld
        and al, 0x7f
        mov si, mode13
        cmp al, 0x13
        je .go
        mov si, mode12
        cmp al, 0x12
        je .go
        mov al, 0x03
        mov si, mode03
.go:    cmp al, 0x03
        jne .own
        ; a text mode: let the system BIOS set it first, so its own variables (video segment,
        ; page size...) are right for its text services; then the VGA registers are ours
        int 0x42
        mov al, 0x03
.own:   mov bx, BDA
        mov ds, bx
        mov [0x49], al
        push ax
        call program                    ; DS:SI in CS: program reads with cs:
        pop ax
        call dac_default
        ; data area
        mov word [0x4a], 80
        mov word [0x4c], 0x1000
        mov word [0x4e], 0
        mov byte [0x62], 0
        mov word [0x63], 0x3d4
        mov byte [0x84], 24
        mov word [0x85], 16
        push ds
        pop es
        mov di, 0x50
        xor ax, ax
        mov cx, 8
        rep stosw
        mov word [0x60], 0x0d0e
        mov al, [0x49]
        cmp al, 0x03
        jne .gfx
        call load_font
        mov ax, 0xb800
        mov es, ax
        xor di, di
        mov ax, 0x0720
        mov cx, 0x4000
        rep stosw
        jmp .done
.gfx:   cmp al, 0x13
        jne .g12
        mov word [0x4a], 40
.g12:   mov word [0x4c], 0
        mov ax, 0xa000
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 0x8000
        rep stosw
.done:  pop es
        pop ds
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        iret

; program the card from the register set at CS:SI
program:
        mov dx, 0x3c2
        cs lodsb
        out dx, al
        mov dx, 0x3c4                   ; sequencer
        xor cl, cl
.s:     mov al, cl
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc cl
        cmp cl, 5
        jb .s
        mov dx, 0x3d4                   ; CRTC: unprotect 00h-07h first
        mov al, 0x11
        out dx, al
        inc dx
        mov al, 0x0e
        out dx, al
        dec dx
        xor cl, cl
.c:     mov al, cl
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc cl
        cmp cl, 25
        jb .c
        mov dx, 0x3ce                   ; graphics controller
        xor cl, cl
.g:     mov al, cl
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc cl
        cmp cl, 9
        jb .g
        mov dx, 0x3da                   ; attribute controller: reset the flip-flop
        in al, dx
        mov dx, 0x3c0
        xor cl, cl
.a:     mov al, cl
        out dx, al
        cs lodsb
        out dx, al
        inc cl
        cmp cl, 21
        jb .a
        mov al, 0x20                    ; screen on
        out dx, al
        ret

; the default DAC: 16 EGA colours, then a grey ramp
dac_default:
        mov dx, 0x3c8
        xor al, al
        out dx, al
        inc dx
        mov si, ega_colours
        mov cx, 16 * 3
.e:     cs lodsb
        out dx, al
        loop .e
        mov cx, 240
        xor bx, bx
.g:     mov ax, bx
        shr ax, 1
        shr ax, 1
        out dx, al
        out dx, al
        out dx, al
        inc bx
        loop .g
        ret

ega_colours:
        db 0,0,0, 0,0,42, 0,42,0, 0,42,42, 42,0,0, 42,0,42, 42,21,0, 42,42,42
        db 21,21,21, 21,21,63, 21,63,21, 21,63,63, 63,21,21, 63,21,63, 63,63,21, 63,63,63

; copy the 8x16 font into plane 2 (32 bytes a character)
load_font:
        push ds
        mov dx, 0x3c4
        mov ax, 0x0402                  ; map mask: plane 2
        out dx, ax
        mov ax, 0x0604                  ; memory mode: sequential
        out dx, ax
        mov dx, 0x3ce
        mov ax, 0x0005                  ; write mode 0
        out dx, ax
        mov ax, 0x0406                  ; A0000h, no odd/even
        out dx, ax
        mov ax, 0xa000
        mov es, ax
        push cs
        pop ds
        mov si, font16
        xor di, di
        mov bx, 256
.c:     mov cx, 16
        rep movsb
        add di, 16
        dec bx
        jnz .c
        mov dx, 0x3c4
        mov ax, 0x0302
        out dx, ax
        mov ax, 0x0204
        out dx, ax
        mov dx, 0x3ce
        mov ax, 0x1005
        out dx, ax
        mov ax, 0x0e06
        out dx, ax
        pop ds
        ret

; 10h: palette registers and the DAC
palette:
        cmp al, 0x15                    ; read DAC register BX into DH, CH, CL
        jne .w
        push ax
        push bx
        mov al, bl
        mov dx, 0x3c7
        out dx, al
        mov dx, 0x3c9
        in al, dx
        mov bh, al
        in al, dx
        mov ch, al
        in al, dx
        mov cl, al
        mov dh, bh
        pop bx
        pop ax
        iret
.w:     push ax
        push bx
        push cx
        push dx
        push si
        cmp al, 0x00                    ; set palette register BL to BH
        jne .p2
        mov dx, 0x3da
        in al, dx
        mov dx, 0x3c0
        mov al, bl
        out dx, al
        mov al, bh
        out dx, al
        mov al, 0x20
        out dx, al
        jmp .r
.p2:    cmp al, 0x10                    ; set DAC register BX to DH, CH, CL
        jne .p3
        mov al, bl
        mov bx, dx
        mov dx, 0x3c8
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        mov al, ch
        out dx, al
        mov al, cl
        out dx, al
        jmp .r
.p3:    cmp al, 0x12                    ; set CX DAC registers from BX, table at ES:DX
        jne .r
        mov si, dx
        mov al, bl
        mov dx, 0x3c8
        out dx, al
        inc dx
        mov ax, cx
        mov cx, 3
        mul cx
        mov cx, ax
        mov dx, 0x3c9
.b:     es lodsb
        out dx, al
        loop .b
.r:     pop si
        pop dx
        pop cx
        pop bx
        pop ax
        iret

; 11h/30h: font information (CX = bytes a character, DL = rows - 1, ES:BP = the font)
font_info:
        cmp al, 0x30
        jne .r
        push ax
        mov ax, cs
        mov es, ax
        mov bp, font16
        mov cx, 16
        mov dl, 24
        pop ax
.r:     iret

; 12h/10h: EGA/VGA information (colour, 256 KB)
alt_select:
        cmp bl, 0x10
        jne .r
        mov bx, 0x0003
        xor cx, cx
.r:     iret

; 1Ah: display combination: a VGA with a colour monitor
display_combination:
        cmp al, 0
        jne .r
        mov al, 0x1a
        mov bx, 0x0008
.r:     iret

; 0Ch / 0Dh in modes 12h and 13h: pixel AL at CX, DX; others go to the system BIOS
wpixel:
        push bx
        push ds
        mov bx, BDA
        mov ds, bx
        mov bh, [0x49]
        pop ds
        cmp bh, 0x13
        je .m13
        cmp bh, 0x12
        je .m12
        pop bx
        jmp chain
.m13:   pop bx
        push di
        push es
        push ax
        push dx
        mov ax, 320
        mul dx
        add ax, cx
        mov di, ax
        mov ax, 0xa000
        mov es, ax
        pop dx
        pop ax
        mov [es:di], al
        pop es
        pop di
        iret
.m12:   pop bx
        push ax
        push cx
        push dx
        push di
        push es
        push ax                         ; the colour
        mov ax, 80
        mul dx
        mov di, cx
        shr di, 1
        shr di, 1
        shr di, 1
        add di, ax                      ; DI = the byte
        mov dx, 0x3ce
        mov ax, 0x0205                  ; write mode 2
        out dx, ax
        and cl, 7
        mov ah, 0x80
        shr ah, cl
        mov al, 0x08                    ; bit mask: the pixel
        out dx, ax
        mov ax, 0xa000
        mov es, ax
        pop ax
        mov ah, [es:di]                 ; load the latches
        mov [es:di], al
        mov ax, 0xff08
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        pop es
        pop di
        pop dx
        pop cx
        pop ax
        iret

rpixel:
        push bx
        push ds
        mov bx, BDA
        mov ds, bx
        mov bh, [0x49]
        pop ds
        cmp bh, 0x13
        pop bx
        je .m13
        jmp chain
.m13:   push di
        push es
        push dx
        mov ax, 320
        mul dx
        add ax, cx
        mov di, ax
        mov ax, 0xa000
        mov es, ax
        mov al, [es:di]
        pop dx
        pop es
        pop di
        iret

%include "font16.inc"

        times 16 * 512 - 1 - ($ - $$) db 0xff
        db 0                            ; checksum (set by build.ts)
