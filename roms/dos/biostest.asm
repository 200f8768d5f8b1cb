; BIOSTEST.COM -- BIOS and mouse services: INT 11h equipment, 12h memory, 10h AH=0Fh mode and
; AH=03h cursor, 16h AH=01h (no key: ZF), 1Ah AH=00h ticks, 13h AH=08h and AH=02h (read the
; first sector of A:), 33h reset / set and get position / version. Prints each answer in hex.
        cpu 8086
        org 100h
        int 11h
        call hex16
        call space
        int 12h
        call hex16
        call space
        mov ah, 0fh
        int 10h
        call hex16                      ; AH columns, AL mode
        call space
        mov ah, 3
        mov bh, 0
        int 10h
        mov ax, dx                      ; row, column
        call hex16
        call space
        mov ah, 1
        int 16h
        lahf
        mov al, ah
        and al, 40h
        call hex8                       ; 40: no key
        call crlf
        mov ah, 8
        mov dl, 0
        int 13h
        mov ax, cx
        call hex16                      ; CH max cylinder, CL sectors per track
        call space
        mov ax, dx
        call hex16                      ; DH max head, DL drives
        call space
        mov ax, 0201h                   ; read 1 sector
        mov cx, 0001h                   ; cylinder 0, sector 1
        mov dx, 0000h                   ; head 0, drive A:
        mov bx, buf
        int 13h
        call result
        call space
        mov ax, [buf+510]
        call hex16
        call space
        mov ax, 0201h
        mov cx, 0003h                   ; sector 3 of cylinder 0, head 1
        mov dx, 0100h
        mov bx, buf
        int 13h
        mov al, [buf]
        call hex8                       ; its first byte (the test put the sector number there)
        call crlf
        xor ax, ax
        int 33h
        call hex16
        call space
        mov ax, bx
        call hex16
        call space
        mov ax, 4
        mov cx, 100
        mov dx, 50
        int 33h
        mov ax, 3
        int 33h
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        mov ax, 24h
        int 33h
        mov ax, bx
        call hex16
        call crlf
        mov ax, 4c00h
        int 21h
%include "lib.inc"
buf:    times 512 db 0
