; OVLTEST.COM -- EXEC AX=4B03h (load overlay): EXETEST.EXE's image is loaded into a block we
; allocated, relocated by the factor we give. Prints the call's result, then the relocated
; segment immediate at image offset 6 ("mov ax, dataparas" + factor) minus the factor: 000D.
        cpu 8086
        org 100h
        mov sp, stacktop
        mov bx, (stacktop - $$ + 100h + 15) / 16
        mov ah, 4ah
        int 21h
        mov bx, 100h
        mov ah, 48h
        int 21h
        mov [ovl], ax                   ; load segment
        mov [ovl+2], ax                 ; relocation factor
        push ds
        pop es
        mov bx, ovl
        mov dx, exe
        mov ax, 4b03h
        int 21h
        call result
        call space
        mov es, [ovl]
        mov ax, [es:6]
        sub ax, [ovl+2]
        call hex16
        call crlf
        mov ax, 4c00h
        int 21h
%include "lib.inc"
exe:    db 'EXETEST.EXE', 0
ovl:    dw 0, 0
        times 256 db 0
stacktop:
