# kmirror — a faithful, steppable user-space mirror of Linux 5.0's
# socket()/connect() paths. See README.md.
#
#   make            build the library and the kmirror binary (gcc)
#   make test       install missing dependencies (on Debian, as root), then
#                   run every test suite: gcc build, then an ASan+UBSan build
#                   with clang; ends with one total line
#   make demo       the visualizer on the default scenario (asks only for
#                   the run-time dependencies: compiler, make, ncurses)
#   make bench      benchmarks (never part of the tests), and the time to
#                   a first build, a first screen and a first test run
#   make install    PREFIX=/usr/local DESTDIR=...; make uninstall
#   make fuzz       each libFuzzer target of tests/fuzz for FUZZ_SECONDS
#                   (default 15) with clang, ASan and UBSan
#   make CC=clang   the same with clang
#   make grade LAB=N  grade a programming lab (labs/README.md); lab-tree,
#                   gradescope, lab-mutants, lab-golden: docs/instructor-labs.md
#
# Every core is used unless you give -j yourself (make -j1 for a serial
# build: a -j on the command line wins). Sub-makes share the top one's
# job slots.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
# No built-in rules: make's own `.s -> .o` would otherwise assemble a twin
# copy's .u.s directly whenever its rewritten .u2.s is missing (a tree
# seeded with another build's objects), skipping scripts/twin-asm.pl.
MAKEFLAGS += -r
.SUFFIXES:

# make's built-in default is `cc`; the project's default compiler is gcc.
ifeq ($(origin CC),default)
CC        := gcc
endif
OPT       ?= -O2
SAN       ?=
# HARDEN (on by default, except in the sanitizer build): Ubuntu's compiler
# defaults, what Gradescope's image and most students' machines use, so
# that tracing is built and tested where it is patched past an endbr64
# landing pad. HARDEN=0: without them (build/gcc-plain).
HARDEN    ?= $(if $(SAN),0,1)
HARDENED  := $(filter 1,$(HARDEN))
BUILD     ?= build/$(notdir $(CC))$(if $(SAN),-san)$(if $(SAN)$(HARDENED),,-plain)
HARDENFLAGS := $(if $(HARDENED),-fcf-protection=full -fstack-protector-strong \
               -D_FORTIFY_SOURCE=2 -fPIE)
LDFLAGS   += $(if $(HARDENED),-pie)
V         ?= 0

Q := $(if $(filter 1,$(V)),,@)

# Warnings: -Wall -Wextra -Werror. Like the kernel's own W=1 build we do not
# warn about unused parameters, signed/unsigned comparisons or partially
# initialised structures: the mirrored code keeps the kernel's shapes.
WARN      := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
             -Wno-missing-field-initializers
ifeq ($(notdir $(CC)),clang)
WARN      += -Wno-gnu-variable-sized-type-not-at-end -Wno-address-of-packed-member

endif

comma     := ,
SANFLAGS  := $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
BASE      := -std=gnu11 -g $(OPT) $(WARN) $(SANFLAGS) $(HARDENFLAGS) $(EXTRA_CFLAGS)

# The mirrored kernel code is compiled like the kernel: no C library headers.
COMPILER_INC := $(shell $(CC) -print-file-name=include)
# km_cpu (process-wide, like the twin build's patch state) is thread-local
# and the library is linked into executables only: local-exec TLS makes
# each tracer check a single instruction.
# Two include roots (docs/architecture.md, "Include roots"): the kernel's
# headers (kernel_mirror/include: linux/, net/, asm/, uapi/, kmirror/) for
# the mirrored code only, and the library's boundary (include: kmapi/, the
# public API; kmplat/, what the runtime asks of the platform) for everyone.
KCFLAGS   := $(BASE) -nostdinc -isystem $(COMPILER_INC) -Ikernel_mirror/include \
             -Iinclude -fno-strict-aliasing -fno-common -ftls-model=local-exec
# Code that talks to the host OS (platform, sim, scenarios, CLI, tests): the
# C library's headers and the system's <linux/...>, never the mirror's.
UCFLAGS   := $(BASE) -D_GNU_SOURCE -Iinclude
# What the compiler flags were for this build's objects (UCFLAGS for the
# user side, KCFLAGS for the mirror): they are rebuilt when they change (a
# header that moved between include roots would otherwise leave them and
# their dependency files naming the old place, and a build made before
# HARDEN became the default would keep its unhardened objects).
UCFLAGS_STAMP := $(BUILD)/ucflags.stamp

KSRC := $(wildcard kernel_mirror/net/*.c kernel_mirror/net/core/*.c \
          kernel_mirror/net/ipv4/*.c kernel_mirror/lib/*.c \
          kernel_mirror/arch/x86/entry/*.c kernel_mirror/drivers/net/*.c \
          kernel_mirror/runtime/*.c kernel_mirror/trace/*.c)
# Library code outside the kernel tree: the platform layer and the test
# equipment (sim), compiled against the C library.
USRC := $(wildcard platform/*.c sim/*.c)

UOBJ := $(patsubst %.c,$(BUILD)/%.o,$(USRC))
KOBJ_NOTRACE := $(patsubst %.c,$(BUILD)/notrace/%.o,$(KSRC)) \
                $(BUILD)/notrace/ftrace_table.o

# The twin build (docs/architecture.md, "Step points at no cost"): every
# file with mirrored functions is compiled twice, an untraced copy with 5
# patchable NOP bytes at each entry and a traced twin, and the first trace
# consumer patches the entries into jumps to the twins (ftrace's way).
# TWIN=0 builds one traced copy whose step points test a flag instead; the
# sanitizer build does that, so ASan sees one ordinary copy of each global.
TWIN      ?= $(if $(SAN),0,1)
ifeq ($(TWIN),1)
TWIN_SRC  := $(filter-out kernel_mirror/trace/%,$(shell grep -l KM_FUNC $(KSRC)))
else
TWIN_SRC  :=
endif
# No interprocedural register allocation or identical-code folding: a call
# must obey the ABI whichever copy answers it.
TWINFLAGS := -fno-ipa-ra -fno-ipa-icf
ifeq ($(notdir $(CC)),clang)
TWINFLAGS :=
endif
TWIN_TAB  := $(patsubst %.c,$(BUILD)/twin/%.tab,$(TWIN_SRC))
TWIN_OBJ  := $(patsubst %.c,$(BUILD)/twin/%.u.o,$(TWIN_SRC)) \
             $(patsubst %.c,$(BUILD)/twin/%.t.o,$(TWIN_SRC)) \
             $(BUILD)/twin/ftrace_table.o
KOBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(TWIN_SRC),$(KSRC))) \
        $(if $(TWIN_SRC),$(TWIN_OBJ),$(BUILD)/twin/ftrace_table.o)

LIB  := $(BUILD)/libkmirror.a
LIB_NOTRACE := $(BUILD)/libkmirror-notrace.a
BIN  := $(BUILD)/kmirror

# The CLI's benchmarks (tests/bench/cli: viz --bench, net bench) are
# linked into kmirror, whose commands run them.
VIZ_SRC := $(wildcard viz/*.c) $(wildcard tests/bench/cli/*.c)
VIZ_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(VIZ_SRC))
# The scenario library (scenarios/*.c: the built-in scenarios, their
# registry, the Linux peer; scenarios/packetdrill: the packetdrill runner),
# compiled like the CLI and linked into kmirror and the suites that call it.
SCN_SRC := $(wildcard scenarios/*.c scenarios/*/*.c)
SCN_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(SCN_SRC))
NCURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
# What the library itself links against: libmnl (the TUN set-up's netlink).
LIB_LIBS := $(shell pkg-config --libs libmnl 2>/dev/null || echo -lmnl)
NCURSES_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)

TEST_SRC := $(wildcard tests/check_*.c)
TEST_LIB_SRC := $(wildcard tests/lib/*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TEST_LIB_SRC))
# Kernel-side test helpers, compiled like the mirror.
TEST_KERN_SRC := $(wildcard tests/kern/*.c)
TEST_LIB_OBJ += $(patsubst %.c,$(BUILD)/%.o,$(TEST_KERN_SRC))
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -pthread)

.PHONY: all lib test test-suites test-san demo bench bench-overhead deps deps-run clean \
	format docs-check install uninstall fuzz fuzz-bins FORCE

all: $(BIN)

lib: $(LIB)

# Return values (docs/architecture.md, "Return values"): a traced copy is
# compiled from a copy of its file, and of the headers with mirrored inline
# functions, in which scripts/km-returns.pl made every `return EXPR;` after
# a KM_FUNC report its value (same lines, same file name). The untraced
# copies have no step points to report with and compile the tree as it is.
KRET      := $(BUILD)/kret
KRET_HDR  := $(patsubst kernel_mirror/include/%,$(KRET)/include/%,$(shell grep -rlE \
               '^[[:space:]]*KM_FUNC' kernel_mirror/include --include='*.h'))
KRET_INC  := -I$(KRET)/include

# Static pattern rules: the copies are named targets, so a rule that needs
# them (tests/kern/ includes the headers) never loses to a looser pattern.
$(patsubst %,$(KRET)/%,$(KSRC)): $(KRET)/%.c: %.c scripts/km-returns.pl
	@mkdir -p $(dir $@)
	$(Q)perl scripts/km-returns.pl $< $@

$(KRET_HDR): $(KRET)/include/%.h: kernel_mirror/include/%.h scripts/km-returns.pl
	@mkdir -p $(dir $@)
	$(Q)perl scripts/km-returns.pl $< $@

$(BUILD)/kernel_mirror/%.o: $(KRET)/kernel_mirror/%.c $(KRET_HDR) $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      kernel_mirror/$*.c"
	$(Q)$(CC) $(KRET_INC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/notrace/kernel_mirror/%.o: kernel_mirror/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -DKM_NO_TRACE -MMD -MP -c $< -o $@

# The twin build's two copies, as assembly, then side by side.
$(BUILD)/twin/%.u.s: %.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (untraced)"
	$(Q)$(CC) $(KCFLAGS) $(TWINFLAGS) -DKM_NO_TRACE -fpatchable-function-entry=5 -MMD -MP -S $< -o $@

$(BUILD)/twin/%.t.s: $(KRET)/%.c $(KRET_HDR) $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c (traced)"
	$(Q)$(CC) $(KRET_INC) $(KCFLAGS) $(TWINFLAGS) -MMD -MP -S $< -o $@

# One run of twin-asm.pl writes the pair table and both rewritten copies
# (a pattern rule with several targets makes them together).
$(BUILD)/twin/%.tab $(BUILD)/twin/%.u2.s $(BUILD)/twin/%.t2.s: \
		$(BUILD)/twin/%.u.s $(BUILD)/twin/%.t.s scripts/twin-asm.pl
	$(Q)perl scripts/twin-asm.pl $(subst /,_,$(subst -,_,$*)) $(word 1,$^) $(word 2,$^) \
		$(BUILD)/twin/$*.u2.s $(BUILD)/twin/$*.t2.s $(BUILD)/twin/$*.tab

$(BUILD)/twin/%.u.o: $(BUILD)/twin/%.u2.s
	$(Q)$(CC) -c $(SANFLAGS) $< -o $@

$(BUILD)/twin/%.t.o: $(BUILD)/twin/%.t2.s
	$(Q)$(CC) -c $(SANFLAGS) $< -o $@

$(BUILD)/twin/ftrace_table.c: $(TWIN_TAB) scripts/twin-table.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/twin-table.sh $@ $(TWIN_TAB)

$(BUILD)/notrace/ftrace_table.c: scripts/twin-table.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/twin-table.sh $@

$(BUILD)/twin/ftrace_table.o $(BUILD)/notrace/ftrace_table.o: %.o: %.c
	$(Q)$(CC) $(UCFLAGS) -Ikernel_mirror/include -c $< -o $@

# platform + sim: compiled against the C library (the TUN backend uses the
# system's <linux/if_tun.h> and netlink headers)
$(UOBJ): $(BUILD)/%.o: %.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(UCFLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	$(Q)echo '$(UCFLAGS) | $(KCFLAGS) $(TWINFLAGS) | $(LDFLAGS)' | cmp -s - $@ 2>/dev/null || \
		echo '$(UCFLAGS) | $(KCFLAGS) $(TWINFLAGS) | $(LDFLAGS)' > $@

$(LIB): $(KOBJ) $(UOBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_NOTRACE): $(KOBJ_NOTRACE) $(UOBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/viz/%.o: viz/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(NCURSES_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/bench/cli/%.o: tests/bench/cli/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(NCURSES_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/scenarios/%.o: scenarios/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(BIN): $(VIZ_OBJ) $(SCN_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $(VIZ_OBJ) $(SCN_OBJ) $(LIB) $(LIB_LIBS) $(NCURSES_LIBS)

# The same binary with the tracer compiled out, for benchmarks.
$(BIN)-notrace: $(VIZ_OBJ) $(SCN_OBJ) $(LIB_NOTRACE)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $(VIZ_OBJ) $(SCN_OBJ) $(LIB_NOTRACE) $(LIB_LIBS) $(NCURSES_LIBS)

$(BUILD)/tests/kern/%.o: tests/kern/%.c $(KRET_HDR) $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KRET_INC) $(KCFLAGS) -Itests/kern -MMD -MP -c $< -o $@

$(BUILD)/tests/lib/%.o: tests/lib/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -Itests/kern -DKM_TWIN=$(TWIN) -DKM_HARDEN=$(if $(HARDENED),1,0) -DKMT_BUILD_DIR='"$(BUILD)"' -MMD -MP -c $< -o $@

$(BUILD)/tests/check_%: $(BUILD)/tests/check_%.o $(TEST_LIB_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJ) $(LIB) $(LIB_LIBS) $(CHECK_LIBS)

# The visualizer's suites (tests/check_viz*.c) link the viz code too, with
# kmirror.c's main() renamed so the tests can call the whole CLI.
VIZ_TEST_OBJ := $(filter-out $(BUILD)/viz/kmirror.o,$(VIZ_OBJ)) $(BUILD)/viz/kmirror-nomain.o \
                $(SCN_OBJ)
$(BUILD)/viz/kmirror-nomain.o: viz/kmirror.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(NCURSES_CFLAGS) -Dmain=kmirror_main -MMD -MP -c $< -o $@
$(BUILD)/tests/check_viz%: $(BUILD)/tests/check_viz%.o $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB) $(LIB_LIBS) $(NCURSES_LIBS) $(CHECK_LIBS)
# The packetdrill suite runs scripts through the same code as `kmirror pkt`.
$(BUILD)/tests/check_pkt: $(BUILD)/tests/check_pkt.o $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB) $(LIB_LIBS) $(NCURSES_LIBS) $(CHECK_LIBS)

# ---- labs (labs/README.md, docs/instructor-labs.md) ----
# Each lab's graded suite (labs/labN-*/grade/check_*.c) builds like a test
# suite and runs in `make test` with the others.
LAB_SUITE_SRC := $(wildcard labs/lab*-*/grade/check_*.c)
LAB_SUITE_BIN := $(patsubst %.c,$(BUILD)/%,$(LAB_SUITE_SRC))
TEST_BIN += $(LAB_SUITE_BIN)

$(BUILD)/labs/%.o: labs/%.c $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -Itests/kern -MMD -MP -c $< -o $@

$(LAB_SUITE_BIN): %: %.o $(TEST_LIB_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJ) $(LIB) $(LIB_LIBS) $(CHECK_LIBS)

# make grade LAB=N: build the lab's suite (clang, ASan+UBSan when clang is
# installed) and grade it; make lab-bin LAB=N prints that suite's path.
GRADE_CC  ?= $(if $(shell command -v clang 2>/dev/null),clang,gcc)
LAB_DIR    = $(firstword $(wildcard labs/lab$(LAB)-*/lab.conf))
LAB_BIN    = $(BUILD)/$(patsubst %.c,%,$(dir $(LAB_DIR))$(shell sed -n 's/^suite *= *//p' $(LAB_DIR) 2>/dev/null))
OUT       ?=

.PHONY: grade lab-bin lab-tree lab-golden lab-mutants lab-check course-status gradescope
grade:
	$(Q)LAB_MAKEARGS="$${LAB_MAKEARGS:-CC=$(GRADE_CC) SAN=1}" scripts/lab-grade.sh "$(LAB)"
lab-bin:
	@echo $(LAB_BIN)
lab-tree:
	$(Q)python3 scripts/lab-tree.py "$(LAB)" "$(OUT)"
lab-golden:
	$(Q)scripts/lab-golden.sh "$(LAB)"
lab-mutants:
	$(Q)LAB_MAKEARGS="$${LAB_MAKEARGS:-CC=$(GRADE_CC) SAN=1}" python3 scripts/lab-mutants.py $(LAB)
# The whole course in one table: each lab's reference score, a fresh
# student tree's score and the mutant kill rate (every mutant graded).
course-status:
	$(Q)LAB_MAKEARGS="$${LAB_MAKEARGS:-CC=$(GRADE_CC) SAN=1}" python3 scripts/lab-mutants.py --status $(LAB)
gradescope:
	$(Q)python3 scripts/lab-gradescope.py "$(LAB)" "$(OUT)"
# Every lab's student tree (scores 0, no reference left) and Gradescope
# rehearsal: four builds per lab, so CI runs it beside make test; its
# results count in CI's closing TOTAL (build/lab-check).
lab-check:
	$(Q)$(MAKE) --no-print-directory CC=gcc SAN= build/gcc/tests/check_labs build/gcc/kmirror
	$(Q)KMT_LAB_TREES=1 CK_RUN_CASE=lab-trees KMT_LABS="$(LAB)" \
		scripts/run-tests.sh build/lab-check build/gcc/tests/check_labs

# ---- tests ----
# `make test` is what the README and CI run.
# The builds side by side, sharing the job slots (one compiles while
# the other's suites wait on timers and tmux); each one's output is shown
# whole when it is done (--output-sync=recurse), then the total.
# The gcc build has Ubuntu's compiler defaults (HARDEN, above), so
# tracing is tested where it is patched past endbr64 landing pads.
test: deps
	@echo "  TEST    gcc (Ubuntu's hardening defaults) and clang+ASan/UBSan builds side by side (each shown when done)"
	$(Q)$(MAKE) --no-print-directory --output-sync=recurse test-gcc test-clang-san; \
		scripts/test-total.sh build/gcc build/clang-san

.PHONY: test-gcc test-clang-san
test-gcc:
	$(Q)$(MAKE) --no-print-directory test-suites CC=gcc
test-clang-san:
	$(Q)$(MAKE) --no-print-directory test-suites CC=clang SAN=1

test-suites: $(TEST_BIN) $(BIN)
	$(Q)scripts/run-tests.sh $(BUILD) $(TEST_BIN)

test-san:
	$(Q)$(MAKE) --no-print-directory test-suites CC=clang SAN=1

# deps: everything the tests need; deps-run: only what building and
# running kmirror needs.
deps:
	$(Q)scripts/install-deps.sh --test

deps-run:
	$(Q)scripts/install-deps.sh --run

# The dependencies first, then the build (not side by side under -j).
demo: deps-run
	$(Q)$(MAKE) --no-print-directory $(BIN)
	$(Q)$(BIN) viz

# Benchmark programs (tests/bench/*.c), each also linked against the
# library built without step points, for the tracer's cost.
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
BENCH_BIN_NOTRACE := $(addsuffix -notrace,$(BENCH_BIN))

$(BUILD)/bench/%: tests/bench/%.c $(LIB) $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(UCFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LIB_LIBS) $(NCURSES_LIBS)

$(BUILD)/bench/%-notrace: tests/bench/%.c $(LIB_NOTRACE) $(UCFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(LDFLAGS) -o $@ $< $(LIB_NOTRACE) $(LIB_LIBS) $(NCURSES_LIBS)

bench: $(BIN) $(BIN)-notrace $(BENCH_BIN) $(BENCH_BIN_NOTRACE)
	$(Q)scripts/bench-core.sh $(BUILD)
	$(Q)$(MAKE) --no-print-directory HARDEN=0 bench-overhead
	$(Q)if [ -x scripts/bench.sh ]; then scripts/bench.sh $(BUILD); fi
	$(Q)scripts/bench-build.sh

# ---- install ----
# make install PREFIX=/usr/local DESTDIR=/tmp/stage: the binary, its man
# page, the bash completion, the docs and labs, and the mirrored sources
# the visualizer shows (found next to the binary: PREFIX/share/kmirror).
PREFIX    ?= /usr/local
BINDIR    := $(PREFIX)/bin
MANDIR    := $(PREFIX)/share/man/man1
DATADIR   := $(PREFIX)/share/kmirror
DOCDIR    := $(PREFIX)/share/doc/kmirror
COMPDIR   := $(PREFIX)/share/bash-completion/completions
INST_SRC  := $(sort $(wildcard $(addsuffix /*.[ch],$(shell find kernel_mirror -type d))))
INST_DOCS := README.md $(filter-out docs/kmirror.1,$(wildcard docs/*))

# INSTALL_BIN: the binary to install (tests install another build's).
INSTALL_BIN ?= $(BIN)

install: $(INSTALL_BIN)
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR) \
		$(DESTDIR)$(DOCDIR)/labs
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/kmirror
	install -m 644 docs/kmirror.1 $(DESTDIR)$(MANDIR)/kmirror.1
	install -m 644 scripts/kmirror-completion.bash $(DESTDIR)$(COMPDIR)/kmirror
	install -m 644 $(INST_DOCS) $(DESTDIR)$(DOCDIR)
	$(Q)for f in $$(find labs -type f); do \
		install -D -m 644 $$f $(DESTDIR)$(DOCDIR)/$$f || exit 1; done
	$(Q)for f in $(INST_SRC); do \
		install -D -m 644 $$f $(DESTDIR)$(DATADIR)/$$f || exit 1; done
	@echo "  installed kmirror in $(DESTDIR)$(PREFIX) ($(words $(INST_SRC)) source files in $(DATADIR))"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kmirror $(DESTDIR)$(MANDIR)/kmirror.1 \
		$(DESTDIR)$(COMPDIR)/kmirror
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# The step points' cost alone, in this configuration (bench runs it with
# HARDEN=0 too: without Ubuntu's compiler defaults).
bench-overhead: $(BENCH_BIN) $(BENCH_BIN_NOTRACE)
	$(Q)scripts/bench-core.sh --overhead-only $(BUILD) $(if $(HARDENED),hardened,plain)

# ---- fuzzing (tests/fuzz, docs/testing.md) ----
# The library and the viz code built with clang, ASan, UBSan and libFuzzer's
# coverage; each target runs FUZZ_SECONDS from the seeds in
# tests/fuzz/corpus/<target>/ and fails on any finding.
FUZZ_SECONDS ?= 15
FUZZ_BUILD   := build/clang-fuzz
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz:
	$(Q)$(MAKE) --no-print-directory fuzz-bins CC=clang SAN=1 BUILD=$(FUZZ_BUILD) \
		EXTRA_CFLAGS=-fsanitize=fuzzer-no-link
	$(Q)scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-bins: $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_TARGETS))

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(VIZ_TEST_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(UCFLAGS) -fsanitize=fuzzer -o $@ $< $(VIZ_TEST_OBJ) $(LIB) $(LIB_LIBS) $(NCURSES_LIBS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# docs/mapping.md against the KM_FUNC annotations (check_repo runs it too).
docs-check:
	$(Q)scripts/gen-mapping.sh --check

clean:
	rm -rf build

FORCE:

# Dependencies of this configuration only: another one's may be stale.
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
