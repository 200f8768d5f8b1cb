; Amalgam's PC/XT demo: CGA 320x200 graphics and a PC speaker tune, on a boot floppy.
; Assembled with nasm by roms/ibm-pc-xt/build.ts. Two parts in one file:
;  - the boot sector (loaded by any BIOS at 0000:7C00): loads the demo from the sectors after it
;    to 1000:0000 through INT 13h and jumps there;
;  - the demo: mode 4, a pattern drawn straight into video memory, text through INT 10h, a tune on
;    PIT counter 2 timed by the BIOS tick count, then the background colour cycles for ever.

cpu 8086
bits 16

DEMO_SEG     equ 0x1000
DEMO_SECTORS equ 8

; =====================================================================================
; Boot sector
; =====================================================================================
        org 0x7c00
boot:
        cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7c00
        mov ds, ax
        sti
        cld
        mov [drive], dl
        mov ax, DEMO_SEG
        mov es, ax
        xor bx, bx
        mov cx, 0x0002          ; cylinder 0, sector 2 (9 sectors a track: all on track 0, head 0)
        mov si, DEMO_SECTORS
.next:  mov di, 4               ; tries
.try:   mov ax, 0x0201
        mov dh, 0
        mov dl, [drive]
        int 0x13
        jnc .ok
        xor ah, ah
        int 0x13
        dec di
        jnz .try
        mov si, failed
.msg:   lodsb
        or al, al
        jz .halt
        mov ah, 0x0e
        mov bx, 7
        int 0x10
        jmp .msg
.halt:  hlt
        jmp .halt
.ok:    add bx, 512
        inc cl
        dec si
        jnz .next
        mov dl, [drive]
        jmp DEMO_SEG:0

drive:  db 0
failed: db 'Amalgam demo: disk read failed.', 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0xaa55

; =====================================================================================
; The demo, at 1000:0000
; =====================================================================================
        section demo vstart=0
demo:
        mov ax, cs
        mov ds, ax
        mov ax, 0x0004          ; 320x200, 4 colours
        int 0x10
        mov ax, 0x0b00          ; background / border: blue
        mov bx, 0x0001
        int 0x10
        mov ax, 0x0b00          ; palette 1 (cyan, magenta, white)
        mov bx, 0x0101
        int 0x10

        ; ---- the pattern: diagonal bands in colours 1-3, a frame, a checkered floor ----
        mov ax, 0xb800
        mov es, ax
        xor dx, dx              ; y
.row:   mov di, dx
        shr di, 1
        mov ax, 80
        push dx
        mul di
        pop dx
        mov di, ax
        test dl, 1
        jz .even
        add di, 0x2000
.even:  xor cx, cx              ; x in 4-pixel bytes
.byte:  xor bl, bl              ; build the byte from 4 pixels
        mov bh, 4
.pix:   shl bl, 1
        shl bl, 1
        ; x = cx*4 + (4 - bh)
        mov ax, cx
        shl ax, 1
        shl ax, 1
        push bx
        mov bl, 4
        sub bl, bh
        xor bh, bh
        add ax, bx
        pop bx
        call colour_at
        or bl, al
        dec bh
        jnz .pix
        mov [es:di], bl
        inc di
        inc cx
        cmp cx, 80
        jb .byte
        inc dx
        cmp dx, 200
        jb .row

        ; ---- text ----
        mov dx, 0x030b
        mov si, title
        mov bl, 3
        call text
        mov dx, 0x050a
        mov si, subtitle
        mov bl, 1
        call text
        mov dx, 0x1502
        mov si, hint
        mov bl, 3
        call text

        ; ---- the tune ----
        mov si, tune
.note:  lodsw                   ; divisor (0: rest, FFFFh: end)
        cmp ax, 0xffff
        je .tuned
        mov cx, ax
        lodsb                   ; length in ticks
        mov ah, al
        call play
        jmp .note
.tuned:
        ; ---- for ever: the background colour cycles once a second ----
        mov bl, 1
.cycle: mov cx, 18
.w:     call tick
        loop .w
        inc bl
        and bl, 7
        mov ax, 0x0b00
        xor bh, bh
        push bx
        int 0x10
        pop bx
        jmp .cycle

; AL = colour of pixel (AX = x, DX = y): bands, a frame and a floor
colour_at:
        push bx
        push cx
        cmp dx, 4
        jb .frame
        cmp dx, 195
        ja .frame
        cmp ax, 4
        jb .frame
        cmp ax, 315
        ja .frame
        cmp dx, 150
        jae .floor
        cmp dx, 20
        jb .bg
        cmp dx, 60
        jb .bg
        mov bx, ax
        add bx, dx
        mov cl, 4
        shr bx, cl
        mov al, bl
        and al, 3
        jmp .r
.floor: mov bx, ax
        mov cl, 4
        shr bx, cl
        mov cx, dx
        shr cx, 1
        shr cx, 1
        shr cx, 1
        xor bx, cx
        mov al, bl
        and al, 1
        shl al, 1               ; 0 or 2 (magenta)
        jmp .r
.frame: mov al, 3
        jmp .r
.bg:    xor al, al
.r:     pop cx
        pop bx
        ret

; write the zero-terminated string at DS:SI at row DH, column DL in colour BL
text:
        push ax
        push bx
        mov ah, 0x02
        mov bh, 0
        int 0x10
        pop bx
.c:     lodsb
        or al, al
        jz .d
        mov ah, 0x0e
        int 0x10
        jmp .c
.d:     pop ax
        ret

; play divisor CX (0: silence) for AH ticks
play:
        push ax
        jcxz .rest
        mov al, 0xb6            ; counter 2, LSB then MSB, square wave
        out 0x43, al
        mov al, cl
        out 0x42, al
        mov al, ch
        out 0x42, al
        in al, 0x61
        or al, 3                ; gate and speaker on
        out 0x61, al
        jmp .wait
.rest:  in al, 0x61
        and al, 0xfc
        out 0x61, al
.wait:  pop ax
        push ax
        mov cl, ah
        xor ch, ch
.t:     call tick
        loop .t
        in al, 0x61             ; a short gap between notes
        and al, 0xfc
        out 0x61, al
        pop ax
        ret

; wait for the next BIOS timer tick (18.2 a second)
tick:
        push ax
        push ds
        mov ax, 0x40
        mov ds, ax
        mov ax, [0x6c]
.w:     sti
        hlt
        cmp ax, [0x6c]
        je .w
        pop ds
        pop ax
        ret

title:    db 'A M A L G A M', 0
subtitle: db 'IBM PC/XT  CGA  speaker', 0
hint:     db 'Insert a DOS disk in A: and reset', 0

; notes: PIT divisor (1193182 / Hz), ticks. A small tune in C major, written for this demo.
%define N(hz) (1193182 / hz)
tune:
        dw N(523)
        db 4
        dw N(659)
        db 4
        dw N(784)
        db 4
        dw N(1047)
        db 8
        dw 0
        db 2
        dw N(880)
        db 4
        dw N(784)
        db 4
        dw N(659)
        db 4
        dw N(698)
        db 8
        dw 0
        db 2
        dw N(587)
        db 4
        dw N(659)
        db 4
        dw N(523)
        db 12
        dw 0xffff

        times DEMO_SECTORS * 512 - ($ - $$) db 0
