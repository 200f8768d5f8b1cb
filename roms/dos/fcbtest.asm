; FCBTEST.COM -- file control block functions: parse a name (29h), create (16h), sequential write
; and read (15h/14h), close/open (10h/0Fh), file size (23h), random read (21h), set random
; record (24h), random block read (27h), rename (17h), find first (11h) and delete (13h).
; Prints AL after each call (and a few FCB fields), hex.
        cpu 8086
        org 100h
%macro  fcbcall 1
        mov dx, fcb
        mov ah, %1
        int 21h
        call hex8
        call space
%endmacro
        mov si, name1
        mov di, fcb
        mov ax, 2901h                   ; skip leading separators
        int 21h
        call hex8                       ; 00: no wildcards
        call space
        mov dx, dta
        mov ah, 1ah
        int 21h
        fcbcall 16h                     ; create TEST.DAT
        mov word [fcb+0eh], 16          ; 16-byte records
        mov di, dta
        mov cx, 16
        mov al, 'a'
        rep stosb
        fcbcall 15h                     ; write record 0 (aaaa...)
        mov di, dta
        mov cx, 16
        mov al, 'b'
        rep stosb
        fcbcall 15h                     ; write record 1 (bbbb...)
        fcbcall 10h                     ; close
        call crlf
        fcbcall 0fh                     ; open: record size back to 128, size 32
        mov ax, [fcb+10h]
        call hex16
        call space
        mov word [fcb+0eh], 16
        fcbcall 23h                     ; size in 16-byte records -> random record 2
        mov ax, [fcb+21h]
        call hex16
        call space
        mov word [fcb+21h], 1
        fcbcall 21h                     ; random read record 1 -> "b"
        mov al, [dta]
        call putc
        call space
        mov word [fcb+0ch], 0
        mov byte [fcb+20h], 0
        fcbcall 14h                     ; sequential read record 0 -> "a"
        mov al, [dta]
        call putc
        call space
        fcbcall 24h                     ; random record from current position: 1
        mov ax, [fcb+21h]
        call hex16
        call space
        mov word [fcb+21h], 0
        mov cx, 5
        fcbcall 27h                     ; block read 5 records: 2 read, end of file (AL=01)
        mov ax, cx
        call hex16
        call space
        fcbcall 14h                     ; past the end: 01
        fcbcall 10h
        call crlf
        mov si, name2                   ; rename TEST.DAT -> NEW.DAT (new name at FCB+11h)
        mov di, fcb+10h
        mov ax, 2900h
        int 21h
        mov si, name1
        mov di, fcb
        mov ax, 2900h
        int 21h
        fcbcall 17h
        mov si, star
        mov di, fcb
        mov ax, 2900h
        int 21h
        call hex8                       ; 01: wildcards
        call space
        fcbcall 11h                     ; find *.DAT -> NEW     DAT in the DTA
        mov si, dta+1
        mov byte [dta+12], 0
        call puts
        call space
        fcbcall 12h                     ; no more: FF
        fcbcall 13h                     ; delete *.DAT
        mov si, name2
        mov di, fcb
        mov ax, 2900h
        int 21h
        fcbcall 0fh                     ; gone: FF
        call crlf
        mov ax, 4c00h
        int 21h
putc:   push dx
        push ax
        mov dl, al
        mov ah, 2
        int 21h
        pop ax
        pop dx
        ret
%include "lib.inc"
name1:  db ' test.dat', 0
name2:  db 'new.dat', 0
star:   db '*.dat', 0
fcb:    times 37 db 0
dta:    times 128 db 0
