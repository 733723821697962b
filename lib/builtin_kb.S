/* builtin_kb.S: data/microneedling.yaml inside the library, so that the command needs no
 * data path at run time. AC_KB_PATH is set by the Makefile. */
	.section .rodata
	.global ac_builtin_kb
	.global ac_builtin_kb_end
	.type ac_builtin_kb, @object
	.balign 16
ac_builtin_kb:
	.incbin AC_KB_PATH
ac_builtin_kb_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
