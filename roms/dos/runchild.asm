; RUNCHILD.COM -- EXEC (INT 21h AX=4B00h) of HELLO.COM with a command tail, the child's return
; code (AH=4Dh), EXEC of a missing file (error 2), and EXEC of EXETEST.EXE.
        cpu 8086
        org 100h
        mov sp, stacktop
        mov bx, (stacktop - $$ + 100h + 15) / 16  ; keep only what we use, so the child has memory
        mov ah, 4ah
        int 21h
        call result
        call crlf
        mov [pb_tail+2], ds
        mov [pb_fcb1+2], ds
        mov [pb_fcb2+2], ds
        mov dx, hello
        call run
        mov dx, nope
        call run
        mov dx, exe
        call run
        mov ax, 4c00h
        int 21h
run:    push ds
        pop es
        mov bx, pb
        mov ax, 4b00h
        int 21h
        mov bx, cs                      ; we must be back in our own segment with our stack
        mov ds, bx
        mov ss, bx
        mov sp, stacktop - 2
        call result
        call space
        mov ah, 4dh
        int 21h
        call result
        call crlf
        ret
%include "lib.inc"
hello:  db 'HELLO.COM', 0
nope:   db 'NOPE.COM', 0
exe:    db 'EXETEST.EXE', 0
tail:   db 10, ' from exec', 13
pb:     dw 0                            ; environment: a copy of ours
pb_tail: dw tail, 0
pb_fcb1: dw fcb, 0
pb_fcb2: dw fcb, 0
fcb:    db 0, '           ', 0, 0, 0, 0
        times 256 db 0
stacktop:
