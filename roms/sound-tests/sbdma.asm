; SBDMA.COM -- Sound Blaster 8-bit DMA playback with interrupts counted.
; Settings from the BLASTER variable (A base hex, I irq, D 8-bit DMA channel); defaults A220 I7 D1.
;  1. DSP reset (1 then 0 to base+6, wait for bit 7 of base+Eh, read AAh from base+Ah), version
;     (E1h: two bytes), speaker on (D1h), time constant 40h A5h (91 us: 10,989 Hz).
;  2. single-cycle DMA (14h) of 2,048 samples of a 440 Hz sine: waits for its one IRQ.
;  3. auto-init DMA (48h block size 512, 1Ch) over a 1,024-byte buffer (two blocks), 8237 in
;     auto-init mode; after 8 IRQs, DAh (exit auto-init): one more IRQ ends it.
; The IRQ handler acknowledges the DSP (reads base+Eh), counts, and sends EOI to the 8259.
; Prints "DSP 2.01", "single-cycle IRQs 1", "auto-init IRQs 9" (or "timeout"); exit code 0 on
; success, 1 when the DSP does not reset, 2 on a timeout.
; 440 Hz: the phase steps by 2624/65536 of a cycle per sample, so 1,024 samples hold exactly 41
; cycles and the auto-init loop has no phase jump: 41 x 10,989 / 1,024 = 440.0 Hz.
        cpu 8086
        org 100h
TC      equ 0a5h                ; 256 - 91
STEP    equ 2624
SINGLE  equ 2048
BLOCK   equ 512

start:  call blaster
        ; --- the DMA buffer: 4 KB area, use the 2 KB half that does not cross a 64 KB page ---
        mov ax, ds
        mov cl, 4
        rol ax, cl              ; AX = segment << 4 (low 16 bits), low nibble = bits 16-19
        mov bl, al
        and bl, 0fh
        and al, 0f0h
        add ax, area
        adc bl, 0               ; BL:AX = physical address of area
        mov cx, ax
        add cx, SINGLE
        jnc .ok                 ; no carry: area .. area+2047 stays in one page
        add ax, SINGLE          ; else the second half starts in the next page
        adc bl, 0
        mov word [bufoff], area + SINGLE
.ok:    mov [phys], ax
        mov [page], bl
        ; --- fill the buffer with the sine ---
        mov di, [bufoff]
        xor dx, dx              ; phase
        mov cx, SINGLE
.fill:  mov bl, dh
        xor bh, bh
        mov al, [sine + bx]
        mov [di], al
        inc di
        add dx, STEP
        loop .fill
        ; --- DSP reset ---
        mov dx, [base]
        add dx, 6
        mov al, 1
        out dx, al
        mov cx, 10
.rw:    in al, dx
        loop .rw
        xor al, al
        out dx, al
        add dx, 8               ; base+Eh
        mov cx, 1000
.rp:    in al, dx
        test al, 80h
        jnz .rd
        loop .rp
        jmp .noreset
.rd:    sub dx, 4               ; base+Ah
        in al, dx
        cmp al, 0aah
        je .reset
.noreset: mov dx, m_nodsp
        call print
        mov ax, 4c01h
        int 21h
.reset: mov al, 0e1h
        call dspw
        mov dx, m_dsp
        call print
        call dspr
        add al, '0'
        mov dl, al
        mov ah, 2
        int 21h
        mov dl, '.'
        int 21h
        call dspr
        call hex2
        call crlf
        ; --- interrupt vector and PIC mask ---
        mov al, [irq]
        add al, 8
        mov [vec], al
        mov ah, 35h
        int 21h
        mov [oldvec], bx
        mov [oldvec + 2], es
        mov al, [vec]
        mov dx, isr
        mov ah, 25h
        int 21h
        mov cl, [irq]
        mov ah, 1
        shl ah, cl
        not ah
        in al, 21h
        mov [oldmask], al
        and al, ah
        out 21h, al
        sti
        mov al, 0d1h            ; speaker on
        call dspw
        mov al, 40h
        call dspw
        mov al, TC
        call dspw
        ; --- 1. single-cycle ---
        mov word [count], 0
        mov al, 48h             ; 8237: single mode, read (memory -> device), no auto-init
        mov cx, SINGLE
        call dmaset
        mov al, 14h
        call dspw
        mov al, (SINGLE - 1) & 0ffh
        call dspw
        mov al, (SINGLE - 1) >> 8
        call dspw
        mov ax, 1
        call waitirq
        jc .timeout
        mov dx, m_single
        call print
        mov ax, [count]
        call dec16
        call crlf
        ; --- 2. auto-init ---
        mov word [count], 0
        mov al, 58h             ; 8237: single mode, read, auto-init
        mov cx, 2 * BLOCK
        call dmaset
        mov al, 48h
        call dspw
        mov al, (BLOCK - 1) & 0ffh
        call dspw
        mov al, (BLOCK - 1) >> 8
        call dspw
        mov al, 1ch
        call dspw
        mov ax, 8
        call waitirq
        jc .timeout
        mov al, 0dah            ; exit auto-init at the end of this block
        call dspw
        mov ax, 9
        call waitirq
        jc .timeout
        mov dx, m_auto
        call print
        mov ax, [count]
        call dec16
        call crlf
        xor bl, bl
        jmp .done
.timeout: mov dx, m_timeout
        call print
        mov bl, 2
.done:  mov al, 0d3h            ; speaker off
        call dspw
        cli
        mov al, [oldmask]
        out 21h, al
        sti
        push ds
        mov al, [vec]
        lds dx, [oldvec]
        mov ah, 25h
        int 21h
        pop ds
        mov al, bl
        mov ah, 4ch
        int 21h

; program the 8237 channel [dma] for CX bytes from the buffer; AL = mode bits (channel added)
dmaset: push ax
        push bx
        push dx
        mov ah, al
        mov bl, [dma]
        xor bh, bh
        mov al, bl
        or al, 4
        out 0ah, al             ; mask the channel
        out 0ch, al             ; clear the byte flip-flop
        mov al, ah
        or al, bl
        out 0bh, al             ; mode
        mov dx, bx
        shl dx, 1               ; address port = 2 x channel
        mov ax, [phys]
        out dx, al
        mov al, ah
        out dx, al
        inc dx                  ; count port
        dec cx
        mov al, cl
        out dx, al
        mov al, ch
        out dx, al
        mov dl, [pageport + bx]
        xor dh, dh
        mov al, [page]
        out dx, al
        mov al, bl
        out 0ah, al             ; unmask
        pop dx
        pop bx
        pop ax
        ret

; wait until [count] >= AX; CF set on timeout
waitirq: push bx
        push cx
        mov bx, 40
.o:     xor cx, cx
.i:     cmp [count], ax
        jae .y
        loop .i
        dec bx
        jnz .o
        stc
        jmp .x
.y:     clc
.x:     pop cx
        pop bx
        ret

; write AL to the DSP when it is ready
dspw:   push dx
        push ax
        mov dx, [base]
        add dx, 0ch
.b:     in al, dx
        test al, 80h
        jnz .b
        pop ax
        out dx, al
        pop dx
        ret

; read a DSP byte into AL (waits for data)
dspr:   push dx
        mov dx, [base]
        add dx, 0eh
.b:     in al, dx
        test al, 80h
        jz .b
        sub dx, 4
        in al, dx
        pop dx
        ret

isr:    push ax
        push dx
        push ds
        push cs
        pop ds
        mov dx, [base]
        add dx, 0eh
        in al, dx               ; acknowledge the DSP's 8-bit interrupt
        inc word [count]
        mov al, 20h
        out 20h, al             ; EOI
        pop ds
        pop dx
        pop ax
        iret

; parse BLASTER=A220 I7 D1 from the environment (PSP:2Ch)
blaster: push ds
        mov es, [2ch]
        xor di, di
.var:   cmp byte [es:di], 0
        je .none
        mov si, bname
        mov cx, 8
        push di
        repe cmpsb
        je .found
        pop di
.skip:  inc di                  ; to the next string
        cmp byte [es:di - 1], 0
        jne .skip
        jmp .var
.found: add sp, 2
.tok:   mov al, [es:di]
        inc di
        or al, al
        jz .none
        and al, 0dfh            ; upper case
        cmp al, 'A'
        je .a
        cmp al, 'I'
        je .i
        cmp al, 'D'
        je .d
        jmp .tok
.a:     mov bx, 16
        call .num
        mov [base], ax
        jmp .tok
.i:     mov bx, 10
        call .num
        mov [irq], al
        jmp .tok
.d:     mov bx, 10
        call .num
        and al, 3
        mov [dma], al
        jmp .tok
.none:  pop ds
        ret
; number in base BX at ES:DI -> AX
.num:   xor ax, ax
.n:     mov cl, [es:di]
        sub cl, '0'
        cmp cl, 9
        jbe .dig
        sub cl, 7               ; 'A'-'F'
        cmp cl, 10
        jb .end
        cmp cl, 15
        ja .end
.dig:   xor ch, ch
        cmp cx, bx
        jae .end
        mul bx
        add ax, cx
        inc di
        jmp .n
.end:   ret

%include "sndlib.inc"
%include "sine.inc"

bname:    db 'BLASTER='
base:     dw 220h
irq:      db 7
dma:      db 1
vec:      db 0
pageport: db 87h, 83h, 81h, 82h
phys:     dw 0
page:     db 0
bufoff:   dw area
count:    dw 0
oldvec:   dd 0
oldmask:  db 0
m_nodsp:  db 'no DSP at the BLASTER address', 13, 10, '$'
m_dsp:    db 'DSP $'
m_single: db 'single-cycle IRQs $'
m_auto:   db 'auto-init IRQs $'
m_timeout: db 'timeout', 13, 10, '$'
area:     ; 4 KB of buffer space follow the program (a .COM owns its whole segment)
