; FMNOTE.COM -- plays on the OPL2 at 388h/389h: a 440 Hz FM note for about 1 s (channel 0, a
; lightly modulated 1:1 voice, sine-like), then, in rhythm mode, a bass drum + snare hit and a
; hi-hat for about 0.5 s. Times come from the OPL2's own timer 2, so no BIOS timer is needed.
; Prints "FM 440 Hz", "drums", "done"; exit code 0.
; F-number for 440 Hz at block 4: 440 * 2^(20-4) / 49716 = 580 (datasheet "Frequency").
        cpu 8086
        org 100h
start:  ; silence: clear every register from 01h to F5h
        mov al, 1
.clr:   xor ah, ah
        call oplw
        inc al
        cmp al, 0f6h
        jb .clr
        mov ax, 2001h           ; WSE on
        call oplw
        mov si, voice
        call regs
        mov dx, m1
        call print
        mov ax, 32b0h           ; key on, block 4, F-number bits 9-8 = 2
        call oplw
        mov cx, 12              ; 12 x 80 ms
        call oplwait
        mov ax, 12b0h           ; key off
        call oplw
        mov cx, 4
        call oplwait
        mov si, drums
        call regs
        mov dx, m2
        call print
        mov ax, 20bdh           ; rhythm mode, no keys
        call oplw
        mov ax, 39bdh           ; bass drum + snare + hi-hat
        call oplw
        mov cx, 6
        call oplwait
        mov ax, 20bdh           ; keys off
        call oplw
        mov cx, 2
        call oplwait
        mov ax, 00bdh
        call oplw
        mov dx, m3
        call print
        mov ax, 4c00h
        int 21h

; write the (register, value) byte pairs at SI up to a 0 register
regs:   lodsb
        or al, al
        jz .e
        mov ah, [si]
        inc si
        call oplw
        jmp regs
.e:     ret

%include "sndlib.inc"

voice:  db 20h, 21h             ; modulator: sustained, MULT 1
        db 40h, 24h             ; TL 27 dB: a small modulation index
        db 60h, 0f4h            ; AR 15, DR 4
        db 80h, 27h             ; SL 6 dB, RR 7
        db 23h, 21h             ; carrier: sustained, MULT 1
        db 43h, 00h             ; full level
        db 63h, 0f2h            ; AR 15, DR 2
        db 83h, 17h             ; SL 3 dB, RR 7
        db 0c0h, 02h            ; feedback 1, FM
        db 0a0h, 44h            ; F-number low 8 bits (580 = 244h)
        db 0

drums:  db 30h, 01h, 50h, 00h, 70h, 0f6h, 90h, 06h  ; bass drum modulator (op 13)
        db 33h, 01h, 53h, 00h, 73h, 0f6h, 93h, 06h  ; bass drum carrier (op 16)
        db 31h, 01h, 51h, 00h, 71h, 0f7h, 91h, 07h  ; hi-hat (op 14)
        db 34h, 01h, 54h, 00h, 74h, 0f7h, 94h, 07h  ; snare (op 17)
        db 32h, 01h, 52h, 00h, 72h, 0f7h, 92h, 07h  ; tom-tom (op 15)
        db 35h, 01h, 55h, 00h, 75h, 0f7h, 95h, 07h  ; cymbal (op 18)
        db 0a6h, 57h, 0b6h, 09h                     ; channel 7 frequency (bass drum)
        db 0a7h, 57h, 0b7h, 09h                     ; channel 8 (hi-hat, snare)
        db 0a8h, 57h, 0b8h, 09h                     ; channel 9 (tom-tom, cymbal)
        db 0

m1:     db 'FM 440 Hz', 13, 10, '$'
m2:     db 'drums', 13, 10, '$'
m3:     db 'done', 13, 10, '$'
