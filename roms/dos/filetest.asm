; FILETEST.COM -- file handles and directories: create/write/close (3Ch/40h/3Eh), open/read (3Dh/3Fh),
; seek (42h), rename (56h), attributes (43h), mkdir/chdir/getcwd/rmdir (39h/3Bh/47h/3Ah),
; find first/next with the DTA (1Ah/4Eh/4Fh), delete (41h), duplicate handles (45h/46h),
; create new (5Bh), extended open (6Ch), and the errors DOS gives for each misuse.
        cpu 8086
        org 100h
%macro  dos 1
        mov ah, %1
        int 21h
        call result
        call space
%endmacro
        mov dx, fname
        xor cx, cx
        dos 3ch                         ; create TEST.TXT -> handle 5
        mov [h], ax
        mov bx, ax
        mov cx, 11
        mov dx, text
        dos 40h                         ; write 11 bytes
        mov bx, [h]
        dos 3eh
        call crlf
        mov dx, fname
        mov al, 0
        dos 3dh                         ; open for reading
        mov [h], ax
        mov bx, ax
        mov cx, 5
        mov dx, buf
        dos 3fh                         ; read 5
        mov si, buf
        mov byte [buf+5], 0
        call puts
        call space
        mov bx, [h]
        mov ax, 4202h                   ; seek to end: size
        xor cx, cx
        xor dx, dx
        int 21h
        call result
        call space
        mov bx, [h]
        mov ax, 4200h
        xor cx, cx
        mov dx, 6
        int 21h
        mov bx, [h]
        mov cx, 20
        mov dx, buf
        dos 3fh                         ; read the rest: 5 bytes "world"
        mov si, buf
        mov byte [buf+5], 0
        call puts
        call space
        mov bx, [h]
        mov cx, 1
        mov dx, buf
        dos 40h                         ; write to a read-only handle: error 5
        mov bx, [h]
        dos 3eh
        mov bx, [h]
        dos 3eh                         ; close it again: error 6
        call crlf
        mov dx, fname
        push ds
        pop es
        mov di, fname2
        dos 56h                         ; rename TEST.TXT -> NEW.TXT
        mov dx, fname
        mov al, 0
        dos 3dh                         ; the old name is gone: error 2
        mov dx, nodir
        mov al, 0
        dos 3dh                         ; no such directory: error 3
        mov dx, fname2
        mov ax, 4300h
        int 21h                         ; attributes: archive (20h) in CX
        mov ax, cx
        call result
        call crlf
        mov dx, dname
        dos 39h                         ; mkdir SUB
        mov dx, dname
        dos 39h                         ; again: error 5
        mov dx, dname
        dos 3bh                         ; chdir SUB
        mov dl, 0
        mov si, buf
        dos 47h                         ; getcwd -> "SUB"
        mov si, buf
        call puts
        call space
        mov dx, inner
        xor cx, cx
        dos 5bh                         ; create new INNER.DAT
        mov bx, ax
        dos 3eh
        mov dx, inner
        xor cx, cx
        dos 5bh                         ; create new again: error 50h
        mov dx, dotdot
        dos 3bh
        call crlf
        mov dx, dta
        mov ah, 1ah                     ; DTA
        int 21h
        mov dx, star
        mov cx, 10h
        dos 4eh                         ; find first *.* with directories
.next:  jc .done
        mov si, dta + 1eh
        call puts
        mov al, [dta + 15h]
        call hex8
        call space
        mov ah, 4fh
        int 21h
        jmp .next
.done:  call result
        call crlf
        mov dx, dname
        dos 3ah                         ; rmdir SUB: not empty, error 5
        mov dx, inpath
        dos 41h                         ; delete SUB\INNER.DAT
        mov dx, dname
        dos 3ah                         ; rmdir SUB
        mov dx, fname2
        dos 41h                         ; delete NEW.TXT
        mov dx, fname2
        dos 41h                         ; again: error 2
        call crlf
        mov bx, 1
        dos 45h                         ; dup stdout -> handle 5
        mov bx, ax
        mov cx, 3
        mov dx, okmsg
        dos 40h                         ; write through the duplicate
        mov bx, 5
        dos 3eh
        mov si, fname
        mov bx, 2                       ; read/write
        xor cx, cx
        mov dx, 11h                     ; create if missing, open if present
        mov ax, 6c00h
        int 21h
        call result
        mov ax, cx                      ; action: 2 = created
        call hex16
        call crlf
        mov ax, 4c00h
        int 21h
%include "lib.inc"
fname:  db 'TEST.TXT', 0
fname2: db 'NEW.TXT', 0
nodir:  db 'NODIR\X.TXT', 0
dname:  db 'SUB', 0
inner:  db 'INNER.DAT', 0
inpath: db 'SUB\INNER.DAT', 0
dotdot: db '..', 0
star:   db '*.*', 0
text:   db 'hello world'
okmsg:  db 'ok', 10
h:      dw 0
buf:    times 80 db 0
dta:    times 128 db 0
