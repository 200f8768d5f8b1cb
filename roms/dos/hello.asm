; HELLO.COM -- console output (INT 21h AH=02h, 09h, 40h on handle 1), the command tail at
; PSP:80h, the program's own path after the environment, and exit with a code (AH=4Ch, AL=3).
; Expected output: see test/machines/dos/programs.test.ts.
        cpu 8086
        org 100h
        mov dl, 'A'
        mov ah, 2
        int 21h
        mov dx, msg
        mov ah, 9
        int 21h
        mov bx, 1
        mov cx, msg2len
        mov dx, msg2
        mov ah, 40h
        int 21h
        ; command tail: length byte, then the text
        mov al, '['
        call putc
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
.t:     jcxz .te
        lodsb
        call putc
        loop .t
.te:    mov al, ']'
        call putc
        call crlf
        ; program path: skip the environment strings, then the word 1, then the name
        mov es, [2ch]
        xor di, di
        xor al, al
        mov cx, 8000h
.e:     repne scasb
        cmp byte [es:di], 0
        jne .e
        add di, 3
        push ds
        push es
        pop ds
        mov si, di
        call puts
        pop ds
        call crlf
        mov ax, 4c03h
        int 21h
putc:   push dx
        mov dl, al
        mov ah, 2
        int 21h
        pop dx
        ret
%include "lib.inc"
msg:    db 'B$'
msg2:   db 'C', 13, 10
msg2len equ $ - msg2
