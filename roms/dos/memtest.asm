; MEMTEST.COM -- memory functions (INT 21h AH=48h, 49h, 4Ah) on the MCB chain.
; Each line: what was called, then c<CF><AX> (see lib.inc "result"), segments shown relative to
; the PSP so the output does not depend on where DOS loaded us.
        cpu 8086
        org 100h
        mov sp, 0fffeh
        mov [psp], ds
        ; 4Ah: shrink ourselves to 1000h paragraphs (64 KB)
        mov bx, 1000h
        mov ah, 4ah
        int 21h
        call result
        call crlf
        ; 48h: allocate 100h paragraphs -> segment PSP+1001h
        mov bx, 100h
        mov ah, 48h
        int 21h
        mov [blk], ax
        jc .f1
        sub ax, [psp]
.f1:    call result
        call crlf
        ; 48h: too much -> CF, AX=8, BX = largest free block; print BX+PSP (top of memory based)
        mov bx, 0ffffh
        mov ah, 48h
        int 21h
        call result
        call space
        mov ax, bx
        add ax, [psp]
        call hex16
        call crlf
        ; 49h: free the block, then something that is not a block -> error 9 (invalid block)
        mov es, [blk]
        mov ah, 49h
        int 21h
        call result
        call space
        mov ax, [psp]
        add ax, 5
        mov es, ax
        mov ah, 49h
        int 21h
        call result
        call crlf
        ; 4Ah: grow ourselves beyond memory -> error 8, BX = most we can have (+PSP)
        mov es, [psp]
        mov bx, 0ffffh
        mov ah, 4ah
        int 21h
        call result
        call space
        mov ax, bx
        add ax, [psp]
        call hex16
        call crlf
        mov ax, 4c00h
        int 21h
%include "lib.inc"
psp:    dw 0
blk:    dw 0
