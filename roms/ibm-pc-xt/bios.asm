; Amalgam BIOS for the IBM PC/XT: an 8 KB system ROM at F000:E000, written for this project.
; Assembled with nasm by roms/ibm-pc-xt/build.ts (which also writes font.inc).
;
; POST: PPI, PIC (vectors 08h-0Fh), PIT (18.2 Hz tick, DRAM refresh), DMA channel 0 refresh,
; memory size (16 KB steps), interrupt vectors, BIOS data area, video mode, banner, INT 19h.
; Services: INT 08h timer, 09h keyboard, 10h video (CGA modes 0-6, MDA/Hercules mode 7), 11h, 12h,
; 13h disks, 14h serial (no ports: timeout), 15h (cassette/AT functions: unsupported), 16h,
; 17h printer (none), 18h (no ROM BASIC), 19h bootstrap, 1Ah time of day, 1Ch user tick.
;
; Disks: floppy reads, writes, verifies and resets go through the uPD765 and DMA channel 2
; (fdc.inc). The rest of INT 13h (parameters, types, change line) and the hard disk are answered
; by Amalgam's paravirtual disk port, 0E0h: OUT 0E0h performs the INT 13h function in AH on the
; registers (AX, BX, CX, DX, ES, DI as INT 13h defines them) at once, and IN 0E0h returns the
; carry (bit 0). machines/ibm-pc-xt/pv-disk.ts is the other side.
;
; References: IBM PC/XT Technical Reference (BIOS interface, data area, port map), Ralf Brown's
; Interrupt List (function numbers and register conventions). No code from any other BIOS.

cpu 8086
bits 16
org 0xe000

PV_DISK   equ 0xe0
BDA       equ 0x40

; ---- BIOS data area (segment 40h) ----
equip     equ 0x10
memsize   equ 0x13
kbflag    equ 0x17
kbflag1   equ 0x18
kbhead    equ 0x1a
kbtail    equ 0x1c
kbbuf     equ 0x1e
kbbufend  equ 0x3e
vmode     equ 0x49
vcols     equ 0x4a
vpagesize equ 0x4c
vpageoff  equ 0x4e
vcursor   equ 0x50
vcurtype  equ 0x60
vpage     equ 0x62
vcrtc     equ 0x63
vmodereg  equ 0x65
vpalette  equ 0x66
ticks     equ 0x6c
midnight  equ 0x70
resetflag equ 0x72
hdcount   equ 0x75
kbstart   equ 0x80
kbend     equ 0x82
vrows     equ 0x84
kbflag3   equ 0x96

start:
; =====================================================================================
; POST
; =====================================================================================
post:
        cli
        cld
        mov al, 0x99            ; PPI: A in, B out, C in
        out 0x63, al
        mov al, 0x80            ; port B: keyboard clock held low and register cleared, speaker off
        out 0x61, al
        ; 8259A: edge triggered, single, ICW4; vectors 08h-0Fh; 8086 mode, buffered
        mov al, 0x13
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x09
        out 0x21, al
        mov al, 0xff
        out 0x21, al
        ; 8253: counter 1 = refresh (mode 2, 18 clocks = 15 us); counter 0 = tick (mode 3, 65536)
        mov al, 0x54
        out 0x43, al
        mov al, 18
        out 0x41, al
        mov al, 0x36
        out 0x43, al
        xor al, al
        out 0x40, al
        out 0x40, al
        ; 8237: master clear, channel 0 refresh (single, auto-init, read), 64 KB, unmasked
        out 0x0d, al
        mov al, 0x58
        out 0x0b, al
        mov al, 0xff
        out 0x01, al
        out 0x01, al
        xor al, al
        out 0x08, al
        out 0x0a, al
        out 0x81, al            ; page registers
        out 0x82, al
        out 0x83, al
        out 0xa0, al            ; NMI off
        ; stack below the boot sector
        xor ax, ax
        mov ss, ax
        mov sp, 0x7c00
        mov ds, ax
        mov es, ax
        ; clear the vector table and the BIOS data area (0000-04FF)
        xor di, di
        mov cx, 0x280
        rep stosw
        ; all vectors 00h-1Fh to a plain IRET, then the services
        xor di, di
        mov cx, 0x20
.vec:   mov ax, dummy_iret
        stosw
        mov ax, cs
        stosw
        loop .vec
        mov si, vector_table
.vset:  cs lodsb
        cmp al, 0xff
        je .vdone
        xor ah, ah
        shl ax, 1
        shl ax, 1
        mov di, ax
        cs lodsw
        stosw
        mov ax, cs
        stosw
        jmp .vset
.vdone:
        mov word [0x1f*4], font_upper
        mov word [0x1f*4+2], cs
        mov word [0x1d*4], video_params
        mov word [0x1d*4+2], cs

        ; ---- data area ----
        mov ax, BDA
        mov ds, ax
        ; memory size: 16 KB blocks from 64 KB that keep what is written
        mov bx, 0x1000          ; segment of 64 KB
.mem:   mov es, bx
        mov word [es:0], 0xa55a
        cmp word [es:0], 0xa55a
        jne .memdone
        mov word [es:0], 0x5aa5
        cmp word [es:0], 0x5aa5
        jne .memdone
        mov word [es:0], 0
        add bx, 0x400
        cmp bx, 0xa000
        jb .mem
.memdone:
        mov cl, 6
        shr bx, cl              ; KB
        mov [memsize], bx
        ; equipment from SW1: port B bit 3 selects the nibble of port C
        mov al, 0x80
        out 0x61, al
        in al, 0x62
        and al, 0x0f
        mov ah, al
        mov al, 0x88
        out 0x61, al
        in al, 0x62
        and al, 0x0f
        mov cl, 4
        shl al, cl
        or al, ah
        or al, 0x01             ; IPL diskette present
        and al, 0xfd            ; no 8087
        xor ah, ah
        mov [equip], ax
        ; a serial port at 3F8h? (an 8250's interrupt identification reads 0000 0xx1)
        mov dx, 0x3fa
        in al, dx
        test al, 0xf8
        jnz .nocom
        mov word [0x00], 0x3f8
        or byte [equip + 1], 0x02       ; one serial port (bits 9-11)
.nocom:
        ; keyboard buffer
        mov word [kbhead], kbbuf
        mov word [kbtail], kbbuf
        mov word [kbstart], kbbuf
        mov word [kbend], kbbufend
        ; keyboard: let the clock run, release the clear line
        mov al, 0x48
        out 0x61, al
        mov al, 0xc8
        out 0x61, al
        mov al, 0x48
        out 0x61, al
        ; interrupts: timer, keyboard, floppy
        mov al, 0xbc
        out 0x21, al
        ; the floppy controller
        call fd_reset
        ; hard disks through the disk port
        mov ah, 0x08
        mov dl, 0x80
        int 0x13
        jc .nohd
        mov [hdcount], dl
.nohd:
        ; option ROMs from C0000h to C7FFFh (a VGA card's BIOS), in 2 KB steps
        mov bx, 0xc000
.rom:   mov es, bx
        cmp word [es:0], 0xaa55
        jne .nrom
        push bx
        push ds
        push cs                         ; far call to bx:0003
        mov ax, .back
        push ax
        push es
        mov ax, 3
        push ax
        retf
.back:  pop ds
        pop bx
.nrom:  add bx, 0x80
        cmp bx, 0xc800
        jb .rom
        ; video: mode 7 on a monochrome card, mode 3 otherwise
        mov ax, [equip]
        and al, 0x30
        cmp al, 0x30
        mov ax, 0x0003
        jne .col
        mov al, 0x07
.col:   int 0x10
        mov si, banner
        call print
        mov ax, [memsize]
        call print_dec
        mov si, banner_kb
        call print
        sti
        int 0x19

; ---- POST helpers ----

; print the zero-terminated string at CS:SI through INT 10h teletype
print:
        push ax
        push bx
.l:     cs lodsb
        or al, al
        jz .done
        mov ah, 0x0e
        mov bx, 0x0007
        int 0x10
        jmp .l
.done:  pop bx
        pop ax
        ret

; print AX in decimal
print_dec:
        push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.d:     xor dx, dx
        div bx
        push dx
        inc cx
        or ax, ax
        jnz .d
.p:     pop ax
        add al, '0'
        mov ah, 0x0e
        mov bx, 0x0007
        int 0x10
        loop .p
        pop dx
        pop cx
        pop bx
        pop ax
        ret

banner:    db 'Amalgam BIOS for the IBM PC/XT', 13, 10, 'Memory: ', 0
banner_kb: db ' KB', 13, 10, 13, 10, 0
noboot:    db 'No bootable disk: insert one and press a key.', 13, 10, 0
nobasic:   db 'No ROM BASIC in this PC.', 13, 10, 0

vector_table:
        db 0x08
        dw int08
        db 0x09
        dw int09
        db 0x10
        dw int10
        db 0x11
        dw int11
        db 0x12
        dw int12
        db 0x13
        dw int13
        db 0x14
        dw int14
        db 0x15
        dw int15
        db 0x16
        dw int16
        db 0x17
        dw int17
        db 0x18
        dw int18
        db 0x19
        dw int19
        db 0x1a
        dw int1a
        db 0x1e
        dw diskette_params
        db 0x0e
        dw int0e
        db 0xff

dummy_iret:
        iret

; =====================================================================================
; INT 08h: timer tick (IRQ 0)
; =====================================================================================
int08:
        push ax
        push ds
        mov ax, BDA
        mov ds, ax
        add word [ticks], 1
        adc word [ticks+2], 0
        cmp word [ticks+2], 0x18        ; 1800B0h ticks a day
        jne .t
        cmp word [ticks], 0xb0
        jne .t
        mov word [ticks], 0
        mov word [ticks+2], 0
        mov byte [midnight], 1
.t:     cmp byte [motorcnt], 0    ; floppy motors off 2 s after the last access
        je .m
        dec byte [motorcnt]
        jnz .m
        and byte [motorst], 0xf0
        push dx
        mov dx, 0x3f2
        mov al, 0x0c
        out dx, al
        pop dx
.m:     int 0x1c
        mov al, 0x20
        out 0x20, al
        pop ds
        pop ax
        iret

; =====================================================================================
; INT 11h, 12h, 14h, 15h, 17h, 18h
; =====================================================================================
int11:
        push ds
        mov ax, BDA
        mov ds, ax
        mov ax, [equip]
        pop ds
        iret

int12:
        push ds
        mov ax, BDA
        mov ds, ax
        mov ax, [memsize]
        pop ds
        iret

int14:                          ; no serial ports fitted: time-out
        mov ah, 0x80
        iret

int15:                          ; cassette and AT services: not on this PC
        mov ah, 0x86
        stc
        retf 2

int17:                          ; no printer: time-out, not selected
        mov ah, 0x01
        iret

int18:
        sti
        mov si, nobasic
        call print
        int 0x19

; =====================================================================================
; INT 13h: floppy reads, writes, verifies and resets through the uPD765 (fdc.inc); everything
; else, and the hard disk, through the paravirtual disk port
; =====================================================================================
int13:
        sti
        test dl, 0x80
        jnz int13_pv
        cmp ah, 0x00
        jne .rw
        jmp fd_int_reset
.rw:    cmp ah, 0x02
        jb int13_pv
        cmp ah, 0x04
        ja int13_pv
        jmp fd_rw
int13_pv:
        out PV_DISK, al
        push ax
        in al, PV_DISK
        shr al, 1               ; CF = bit 0: the function failed
        pop ax
        retf 2

; =====================================================================================
; INT 19h: bootstrap from A:, then C:
; =====================================================================================
int19:
        sti
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
.again: mov dl, 0x00
        call try_boot
        mov dl, 0x80
        call try_boot
        push cs
        pop ds
        mov si, noboot
        call print
        xor ah, ah
        int 0x16
        jmp .again

; try to boot from drive DL; returns only when it cannot
try_boot:
        mov di, 3               ; tries
.r:     xor ah, ah
        int 0x13
        mov ax, 0x0201
        mov bx, 0x7c00
        mov cx, 0x0001
        xor dh, dh
        int 0x13
        jnc .ok
        dec di
        jnz .r
        ret
.ok:    test dl, 0x80
        jz .go                  ; floppies boot without a signature (DOS 1.x disks have none)
        cmp word [es:0x7dfe], 0xaa55
        jne .no
.go:    jmp 0x0000:0x7c00
.no:    ret

; =====================================================================================
; INT 1Ah: time of day (no real-time clock on the XT)
; =====================================================================================
int1a:
        push ds
        push bx
        mov bx, BDA
        mov ds, bx
        pop bx
        cmp ah, 0
        je .get
        cmp ah, 1
        je .set
        stc                     ; RTC functions: no clock
        pop ds
        retf 2
.get:   cli
        mov dx, [ticks]
        mov cx, [ticks+2]
        mov al, [midnight]
        mov byte [midnight], 0
        sti
        pop ds
        iret
.set:   cli
        mov [ticks], dx
        mov [ticks+2], cx
        mov byte [midnight], 0
        sti
        pop ds
        iret

; =====================================================================================
; INT 09h: keyboard (IRQ 1): scan code set 1 to the BIOS's key codes
; =====================================================================================
int09:
        sti
        push ax
        push bx
        push cx
        push di
        push ds
        mov ax, BDA
        mov ds, ax
        in al, 0x60
        mov ah, al
        in al, 0x61             ; acknowledge: pulse port B bit 7
        or al, 0x80
        out 0x61, al
        and al, 0x7f
        out 0x61, al
        mov al, ah
        cmp al, 0xe0            ; 101-key prefix: remember it
        jne .noe0
        or byte [kbflag3], 0x02
        jmp .eoi
.noe0:  mov cl, [kbflag3]
        and byte [kbflag3], 0xfc
        test cl, 0x02
        jz .plain
        or byte [kbflag3], 0x01 ; this key came after E0 (a gray key of the 101-key keyboard)
        and ah, 0x7f            ; after E0: the 101-key keyboard's fake shifts are ignored
        cmp ah, 0x2a
        je .eoi
        cmp ah, 0x36
        je .eoi
        mov ah, al
.plain: test al, 0x80
        jnz .break
        ; ---- make ----
        cmp al, 0x2a
        je .lshift
        cmp al, 0x36
        je .rshift
        cmp al, 0x1d
        je .ctrl
        cmp al, 0x38
        je .alt
        cmp al, 0x3a
        je .caps
        cmp al, 0x45
        je .num
        cmp al, 0x46
        je .scroll
        cmp al, 0x53            ; Ctrl+Alt+Del
        jne .key
        mov bl, [kbflag]
        and bl, 0x0c
        cmp bl, 0x0c
        jne .key
        mov word [resetflag], 0x1234
        jmp 0xf000:0xfff0
.lshift: or byte [kbflag], 0x02
        jmp .eoi
.rshift: or byte [kbflag], 0x01
        jmp .eoi
.ctrl:  or byte [kbflag], 0x04
        jmp .eoi
.alt:   or byte [kbflag], 0x08
        jmp .eoi
.caps:  test byte [kbflag1], 0x40
        jnz .eoi
        or byte [kbflag1], 0x40
        xor byte [kbflag], 0x40
        jmp .eoi
.num:   test byte [kbflag1], 0x20
        jnz .eoi
        or byte [kbflag1], 0x20
        xor byte [kbflag], 0x20
        jmp .eoi
.scroll: test byte [kbflag1], 0x10
        jnz .eoi
        or byte [kbflag1], 0x10
        xor byte [kbflag], 0x10
        jmp .eoi
        ; ---- break ----
.break: and al, 0x7f
        cmp al, 0x2a
        jne .b1
        and byte [kbflag], 0xfd
.b1:    cmp al, 0x36
        jne .b2
        and byte [kbflag], 0xfe
.b2:    cmp al, 0x1d
        jne .b3
        and byte [kbflag], 0xfb
.b3:    cmp al, 0x38
        jne .b4
        and byte [kbflag], 0xf7
.b4:    cmp al, 0x3a
        jne .b5
        and byte [kbflag1], 0xbf
.b5:    cmp al, 0x45
        jne .b6
        and byte [kbflag1], 0xdf
.b6:    cmp al, 0x46
        jne .eoi
        and byte [kbflag1], 0xef
        jmp .eoi
        ; ---- a key: AL = scan code ----
.key:   cmp al, 0x58
        ja .eoi
        mov bl, al
        xor bh, bh
        mov ah, al              ; AH = scan code
        mov cl, [kbflag]
        test cl, 0x08
        jnz .altk
        test cl, 0x04
        jnz .ctrlk
        ; keypad 47h-53h: digits with Num Lock (xor Shift), else cursor keys (ASCII 0)
        cmp bl, 0x47
        jb .norm
        cmp bl, 0x53
        ja .norm
        cmp bl, 0x4a
        je .norm
        cmp bl, 0x4e
        je .norm
        test byte [kbflag3], 0x01
        jnz .zero               ; gray cursor keys are never digits
        mov ch, cl
        and ch, 0x03
        jz .kn
        mov ch, 0x20
.kn:    xor ch, cl
        test ch, 0x20
        jz .zero
        mov al, [cs:bx + keys_shift - 1]
        jmp .store
.norm:  test cl, 0x03
        jz .unsh
        mov al, [cs:bx + keys_shift - 1]
        call capsfix
        jmp .fkey
.unsh:  mov al, [cs:bx + keys_normal - 1]
        call capsfix
.fkey:  or al, al
        jnz .store
        ; function keys: Shift moves F1-F10 (3Bh-44h) to 54h-5Dh
        cmp ah, 0x3b
        jb .store
        cmp ah, 0x44
        ja .store
        test cl, 0x03
        jz .store
        add ah, 0x19
        jmp .store
.ctrlk: mov al, [cs:bx + keys_normal - 1]
        cmp al, 'a'
        jb .c2
        cmp al, 'z'
        ja .c2
        sub al, 0x60            ; Ctrl+letter: 01h-1Ah
        jmp .store
.c2:    cmp ah, 0x3b
        jb .c3
        cmp ah, 0x44
        ja .c3
        add ah, 0x23            ; Ctrl+F1-F10: 5Eh-67h
        jmp .zero
.c3:    cmp al, 13
        jne .c4
        mov al, 10
        jmp .store
.c4:    cmp al, 8
        jne .c5
        mov al, 0x7f
        jmp .store
.c5:    cmp al, '['
        jne .c6
        mov al, 0x1b
        jmp .store
.c6:    cmp al, 0x1b
        je .store
        jmp .eoi
.altk:  cmp ah, 0x3b
        jb .a2
        cmp ah, 0x44
        ja .a2
        add ah, 0x2d            ; Alt+F1-F10: 68h-71h
        jmp .zero
.a2:    cmp ah, 0x02            ; Alt+1..= : 78h-83h
        jb .zero
        cmp ah, 0x0d
        ja .zero
        add ah, 0x76
.zero:  xor al, al
        ; ---- put AX in the buffer ----
.store: mov bx, [kbtail]
        mov di, bx
        add bx, 2
        cmp bx, [kbend]
        jb .nw
        mov bx, [kbstart]
.nw:    cmp bx, [kbhead]
        je .eoi                 ; full: the key is lost
        mov [di], ax
        mov [kbtail], bx
.eoi:   cli
        mov al, 0x20
        out 0x20, al
        pop ds
        pop di
        pop cx
        pop bx
        pop ax
        iret

; AL = ASCII, CL = shift flags: Caps Lock swaps the case of letters
capsfix:
        test cl, 0x40
        jz .r
        cmp al, 'a'
        jb .u
        cmp al, 'z'
        ja .r
        sub al, 0x20
        ret
.u:     cmp al, 'A'
        jb .r
        cmp al, 'Z'
        ja .r
        add al, 0x20
.r:     ret

; ASCII by scan code 01h-58h (0: no character; the key gives its scan code)
keys_normal:
        db 27, '1234567890-=', 8, 9
        db 'qwertyuiop[]', 13, 0, 'asdfghjkl;', 39, '`', 0, '\'
        db 'zxcvbnm,./', 0, '*', 0, ' ', 0
        db 0,0,0,0,0,0,0,0,0,0, 0, 0
        db 0,0,0,'-',0,0,0,'+',0,0,0,0,0
        db 0,0,0, 0,0
keys_shift:
        db 27, '!@#$%^&*()_+', 8, 0
        db 'QWERTYUIOP{}', 13, 0, 'ASDFGHJKL:"~', 0, '|'
        db 'ZXCVBNM<>?', 0, '*', 0, ' ', 0
        db 0,0,0,0,0,0,0,0,0,0, 0, 0
        db '789-456+1230.'
        db 0,0,0, 0,0

; =====================================================================================
; INT 16h: keyboard services
; =====================================================================================
int16:
        push bx
        push ds
        mov bx, BDA
        mov ds, bx
        cmp ah, 0x10
        jb .f
        sub ah, 0x10            ; 10h-12h: the same as 00h-02h
.f:     cmp ah, 0
        je .read
        cmp ah, 1
        je .peek
        cmp ah, 2
        je .shift
        cmp ah, 5
        je .put
        pop ds
        pop bx
        iret
.read:  sti
        mov bx, [kbhead]
        cmp bx, [kbtail]
        jne .got
        hlt                     ; wait for the next interrupt
        jmp .read
.got:   cli
        mov ax, [bx]
        add bx, 2
        cmp bx, [kbend]
        jb .h
        mov bx, [kbstart]
.h:     mov [kbhead], bx
        sti
        pop ds
        pop bx
        iret
.peek:  cli
        mov bx, [kbhead]
        cmp bx, [kbtail]
        mov ax, [bx]
        sti
        pop ds
        pop bx
        retf 2                  ; ZF = 1: nothing waiting
.shift: mov al, [kbflag]
        pop ds
        pop bx
        iret
.put:   cli
        mov bx, [kbtail]
        push bx
        add bx, 2
        cmp bx, [kbend]
        jb .p1
        mov bx, [kbstart]
.p1:    cmp bx, [kbhead]
        je .full
        mov [kbtail], bx
        pop bx
        mov [bx], cx
        xor al, al
        jmp .pd
.full:  pop bx
        mov al, 1
.pd:    sti
        pop ds
        pop bx
        iret

%include "video.inc"
%include "fdc.inc"

; =====================================================================================
; Tables
; =====================================================================================

; INT 1Eh: diskette parameters (step rate/head unload, head load/DMA, motor off, 512-byte
; sectors, 9 sectors a track, gap, data length, format gap, filler, head settle, motor start)
diskette_params:
        db 0xdf, 0x02, 0x25, 0x02, 0x09, 0x2a, 0xff, 0x50, 0xf6, 0x0f, 0x02

%include "font.inc"

        times 0x1ff0 - ($ - $$) db 0xff
; ---- reset vector at F000:FFF0 ----
        jmp 0xf000:post
        db '12/03/26'           ; BIOS date
        db 0xff
        db 0xfe                 ; model: PC/XT
        db 0xff                 ; checksum byte (set by build.ts)
