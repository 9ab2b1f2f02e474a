# kmirror — a faithful, steppable user-space mirror of Linux 5.0's
# socket()/connect() paths. See README.md.
#
#   make            build the library and the kmirror binary (gcc)
#   make test       install missing dependencies (on Debian, as root), then
#                   run every test suite: gcc build, then an ASan+UBSan build
#                   with clang; ends with one total line
#   make demo       the visualizer on the default scenario
#   make bench      benchmarks (never part of the tests)
#   make CC=clang   the same with clang
#   make grade LAB=N  grade a programming lab (labs/README.md); lab-tree,
#                   gradescope, lab-mutants, lab-golden: docs/instructor-labs.md

# make's built-in default is `cc`; the project's default compiler is gcc.
ifeq ($(origin CC),default)
CC        := gcc
endif
BUILD     ?= build/$(notdir $(CC))$(if $(SAN),-san)
OPT       ?= -O2
SAN       ?=
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
BASE      := -std=gnu11 -g $(OPT) $(WARN) $(SANFLAGS) $(EXTRA_CFLAGS)

# The mirrored kernel code is compiled like the kernel: no C library headers.
COMPILER_INC := $(shell $(CC) -print-file-name=include)
# km_cpu (the only process-wide variable) is thread-local and the library
# is linked into executables only: local-exec TLS makes each tracer check
# a single instruction.
KCFLAGS   := $(BASE) -nostdinc -isystem $(COMPILER_INC) -Ikernel_mirror/include \
             -fno-strict-aliasing -fno-common -ftls-model=local-exec
# Code that talks to the host OS (platform layer, CLI, tests).
UCFLAGS   := $(BASE) -D_GNU_SOURCE -Ikernel_mirror/include

KSRC := $(wildcard kernel_mirror/net/*.c kernel_mirror/net/core/*.c \
          kernel_mirror/net/ipv4/*.c kernel_mirror/lib/*.c \
          kernel_mirror/arch/x86/entry/*.c kernel_mirror/drivers/net/*.c \
          kernel_mirror/runtime/*.c kernel_mirror/trace/*.c)
USRC := $(wildcard kernel_mirror/runtime/platform/*.c kernel_mirror/sim/*.c)

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

VIZ_SRC := $(wildcard viz/*.c)
VIZ_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(VIZ_SRC))
NCURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
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

.PHONY: all lib test test-suites test-san demo bench deps clean format docs-check

all: $(BIN)

lib: $(LIB)

$(BUILD)/kernel_mirror/%.o: kernel_mirror/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/notrace/kernel_mirror/%.o: kernel_mirror/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -DKM_NO_TRACE -MMD -MP -c $< -o $@

# The twin build's two copies, as assembly, then side by side.
$(BUILD)/twin/%.u.s: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (untraced)"
	$(Q)$(CC) $(KCFLAGS) $(TWINFLAGS) -DKM_NO_TRACE -fpatchable-function-entry=5 -MMD -MP -S $< -o $@

$(BUILD)/twin/%.t.s: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (traced)"
	$(Q)$(CC) $(KCFLAGS) $(TWINFLAGS) -MMD -MP -S $< -o $@

$(BUILD)/twin/%.tab: $(BUILD)/twin/%.u.s $(BUILD)/twin/%.t.s scripts/twin-asm.pl
	$(Q)perl scripts/twin-asm.pl $(subst /,_,$(subst -,_,$*)) $(word 1,$^) $(word 2,$^) \
		$(BUILD)/twin/$*.u2.s $(BUILD)/twin/$*.t2.s $@

$(BUILD)/twin/%.u.o: $(BUILD)/twin/%.tab
	$(Q)$(CC) -c $(SANFLAGS) $(BUILD)/twin/$*.u2.s -o $@

$(BUILD)/twin/%.t.o: $(BUILD)/twin/%.tab
	$(Q)$(CC) -c $(SANFLAGS) $(BUILD)/twin/$*.t2.s -o $@

$(BUILD)/twin/ftrace_table.c: $(TWIN_TAB) scripts/twin-table.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/twin-table.sh $@ $(TWIN_TAB)

$(BUILD)/notrace/ftrace_table.c: scripts/twin-table.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/twin-table.sh $@

$(BUILD)/twin/ftrace_table.o $(BUILD)/notrace/ftrace_table.o: %.o: %.c
	$(Q)$(CC) $(UCFLAGS) -Ikernel_mirror/include -c $< -o $@

# platform + sim: compiled against the C library
$(BUILD)/kernel_mirror/runtime/platform/%.o: kernel_mirror/runtime/platform/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

# The TUN backend needs the system's <linux/...> headers (if_tun, netlink),
# not the mirror's: kernel_mirror/include is searched after them.
$(BUILD)/kernel_mirror/runtime/platform/tun%.o: kernel_mirror/runtime/platform/tun%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(BASE) -D_GNU_SOURCE -idirafter kernel_mirror/include -MMD -MP -c $< -o $@

$(BUILD)/kernel_mirror/sim/%.o: kernel_mirror/sim/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(KOBJ) $(UOBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_NOTRACE): $(KOBJ_NOTRACE) $(UOBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/viz/%.o: viz/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(NCURSES_CFLAGS) -MMD -MP -c $< -o $@

$(BIN): $(VIZ_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) -o $@ $(VIZ_OBJ) $(LIB) $(NCURSES_LIBS)

# The same binary with the tracer compiled out, for benchmarks.
$(BIN)-notrace: $(VIZ_OBJ) $(LIB_NOTRACE)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) -o $@ $(VIZ_OBJ) $(LIB_NOTRACE) $(NCURSES_LIBS)

$(BUILD)/tests/kern/%.o: tests/kern/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -Itests/kern -MMD -MP -c $< -o $@

$(BUILD)/tests/lib/%.o: tests/lib/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -Itests/kern -DKM_TWIN=$(TWIN) -DKMT_BUILD_DIR='"$(BUILD)"' -MMD -MP -c $< -o $@

$(BUILD)/tests/check_%: $(BUILD)/tests/check_%.o $(TEST_LIB_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) -o $@ $< $(TEST_LIB_OBJ) $(LIB) $(CHECK_LIBS)

# The visualizer's suites (tests/check_viz*.c) link the viz code too, with
# kmirror.c's main() renamed so the tests can call the whole CLI.
VIZ_TEST_OBJ := $(filter-out $(BUILD)/viz/kmirror.o,$(VIZ_OBJ)) $(BUILD)/viz/kmirror-nomain.o
$(BUILD)/viz/kmirror-nomain.o: viz/kmirror.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(NCURSES_CFLAGS) -Dmain=kmirror_main -MMD -MP -c $< -o $@
$(BUILD)/tests/check_viz%: $(BUILD)/tests/check_viz%.o $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) -o $@ $< $(TEST_LIB_OBJ) $(VIZ_TEST_OBJ) $(LIB) $(NCURSES_LIBS) $(CHECK_LIBS)

# ---- labs (labs/README.md, docs/instructor-labs.md) ----
# Each lab's graded suite (labs/labN-*/grade/check_*.c) builds like a test
# suite and runs in `make test` with the others.
LAB_SUITE_SRC := $(wildcard labs/lab*-*/grade/check_*.c)
LAB_SUITE_BIN := $(patsubst %.c,$(BUILD)/%,$(LAB_SUITE_SRC))
TEST_BIN += $(LAB_SUITE_BIN)

$(BUILD)/labs/%.o: labs/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) $(CHECK_CFLAGS) -Itests/lib -Itests/kern -MMD -MP -c $< -o $@

$(LAB_SUITE_BIN): %: %.o $(TEST_LIB_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE) -o $@ $< $(TEST_LIB_OBJ) $(LIB) $(CHECK_LIBS)

# make grade LAB=N: build the lab's suite (clang, ASan+UBSan when clang is
# installed) and grade it; make lab-bin LAB=N prints that suite's path.
GRADE_CC  ?= $(if $(shell command -v clang 2>/dev/null),clang,gcc)
LAB_DIR    = $(firstword $(wildcard labs/lab$(LAB)-*/lab.conf))
LAB_BIN    = $(BUILD)/$(patsubst %.c,%,$(dir $(LAB_DIR))$(shell sed -n 's/^suite *= *//p' $(LAB_DIR) 2>/dev/null))
OUT       ?=

.PHONY: grade lab-bin lab-tree lab-golden lab-mutants gradescope
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
gradescope:
	$(Q)python3 scripts/lab-gradescope.py "$(LAB)" "$(OUT)"

# ---- tests ----
# `make test` is what the README and CI run.
test: deps
	$(Q)$(MAKE) --no-print-directory test-suites CC=gcc
	$(Q)$(MAKE) --no-print-directory test-suites CC=clang SAN=1
	$(Q)scripts/test-total.sh build/gcc build/clang-san

test-suites: $(TEST_BIN) $(BIN)
	$(Q)scripts/run-tests.sh $(BUILD) $(TEST_BIN)

test-san:
	$(Q)$(MAKE) --no-print-directory test-suites CC=clang SAN=1

deps:
	$(Q)scripts/install-deps.sh

demo: deps $(BIN)
	$(Q)$(BIN) viz

# Benchmark programs (tests/bench/*.c), each also linked against the
# library built without step points, for the tracer's cost.
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
BENCH_BIN_NOTRACE := $(addsuffix -notrace,$(BENCH_BIN))

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(UCFLAGS) -o $@ $< $(LIB) $(NCURSES_LIBS)

$(BUILD)/bench/%-notrace: tests/bench/%.c $(LIB_NOTRACE)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -o $@ $< $(LIB_NOTRACE) $(NCURSES_LIBS)

bench: $(BIN) $(BIN)-notrace $(BENCH_BIN) $(BENCH_BIN_NOTRACE)
	$(Q)scripts/bench-core.sh $(BUILD)
	$(Q)if [ -x scripts/bench.sh ]; then scripts/bench.sh $(BUILD); fi

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
.SECONDARY:
