; ADLIBDET.COM -- the standard AdLib detection (Ad Lib programmer's guide): reset both timers
; and the IRQ flags, read the status (expect 00h in bits 7-5), start timer 1 with preset FFh,
; wait over 80 us, read the status again (expect C0h), reset. Prints the two masked values and
; the verdict; exit code 0 when an AdLib-compatible OPL2 answers, 1 when not.
; Expected output with a card: "AdLib status 00 C0: found"; without one: "... not found".
        cpu 8086
        org 100h
start:  mov ax, 6004h           ; mask timers 1 and 2
        call oplw
        mov ax, 8004h           ; reset the IRQ flags
        call oplw
        call oplstat
        and al, 0e0h
        mov [s1], al
        mov ax, 0ff02h          ; timer 1 preset FFh
        call oplw
        mov ax, 2104h           ; start timer 1 (timer 2 masked)
        call oplw
        mov cx, 200             ; wait: 200 status reads, well over 80 us on any PC
.w:     call oplstat
        loop .w
        call oplstat
        and al, 0e0h
        mov [s2], al
        mov ax, 6004h
        call oplw
        mov ax, 8004h
        call oplw
        mov dx, msg
        call print
        mov al, [s1]
        call hex2
        mov dl, ' '
        mov ah, 2
        int 21h
        mov al, [s2]
        call hex2
        cmp byte [s1], 0
        jne .no
        cmp byte [s2], 0c0h
        jne .no
        mov dx, found
        call print
        mov ax, 4c00h
        int 21h
.no:    mov dx, notfound
        call print
        mov ax, 4c01h
        int 21h

%include "sndlib.inc"
msg:      db 'AdLib status $'
found:    db ': found', 13, 10, '$'
notfound: db ': not found', 13, 10, '$'
s1:       db 0
s2:       db 0
