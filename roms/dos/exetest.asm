; EXETEST.EXE -- an MZ executable with two relocations (a segment immediate in code and a far
; pointer in data), its own stack segment, and a far call through the relocated pointer.
; Prints: "EXE ok", then SS-PSP, SP, CS-PSP, DS-PSP (all hex), and exits with code 7.
        cpu 8086
        bits 16
section hdr start=0
        db 'MZ'
        dw filesize % 512
        dw (filesize + 511) / 512
        dw 2                            ; relocations
        dw 3                            ; header paragraphs (48 bytes)
        dw 20h                          ; min extra paragraphs (the stack)
        dw 0ffffh                       ; max extra paragraphs
        dw imageparas                   ; SS, relative to the load segment
        dw 200h                         ; SP
        dw 0                            ; checksum
        dw start                        ; IP
        dw 0                            ; CS
        dw 1ch                          ; relocation table offset
        dw 0                            ; overlay
        dw fix1 + 1, 0                  ; code: the immediate of "mov ax, DATASEG"
        dw fptr - datastart + 2, dataparas ; data: segment half of fptr (relative to the image)
        times 48 - ($ - $$) db 0

section img follows=hdr vstart=0
start:  mov [cs:pspv], ds
fix1:   mov ax, dataparas
        mov ds, ax
        mov si, msg - datastart
        call puts
        call crlf
        mov ax, ss
        sub ax, [cs:pspv]
        call hex16
        call space
        mov ax, sp
        call hex16
        call space
        call far [fptr - datastart]
        call space
        mov ax, ds
        sub ax, [cs:pspv]
        call hex16
        call crlf
        mov ax, 4c07h
        int 21h
showcs: mov ax, cs
        sub ax, [cs:pspv]
        call hex16
        retf
pspv:   dw 0
%include "lib.inc"
        align 16, db 0
datastart:
msg:    db 'EXE ok', 0
fptr:   dw showcs, 0
        align 16, db 0
imgend:
filesize equ 48 + imgend - start
dataparas equ (datastart - start) / 16
imageparas equ (imgend - start) / 16
