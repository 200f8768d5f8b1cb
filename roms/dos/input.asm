; INPUT.COM -- console input: buffered line input (0Ah) with its length byte, read with echo (01h),
; read without echo (08h), input status (0Bh), direct console input (06h, DL=FFh) when no key waits.
        cpu 8086
        org 100h
        mov dx, prompt
        mov ah, 9
        int 21h
        mov dx, line
        mov ah, 0ah
        int 21h                         ; the line, echoed; CR is stored but not counted
        call crlf
        mov al, [line+1]
        call hex8
        call space
        mov si, line+2
        xor bx, bx
        mov bl, [line+1]
        mov byte [si+bx], 0
        call puts
        call crlf
        mov ah, 1
        int 21h                         ; one key, echoed
        call hex8
        mov ah, 8
        int 21h                         ; one key, not echoed
        call hex8
        mov ah, 0bh
        int 21h                         ; nothing waiting: AL=00h
        call hex8
        mov ah, 6
        mov dl, 0ffh
        int 21h                         ; no key: ZF set, AL=00h
        lahf
        call hex8
        mov al, ah
        and al, 40h
        call hex8
        call crlf
        mov ax, 4c00h
        int 21h
%include "lib.inc"
prompt: db 'Name? $'
line:   db 10, 0
        times 12 db 0
