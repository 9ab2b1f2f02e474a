#!/usr/bin/perl
# kmirror's twin build (docs/architecture.md, "Step points at no cost"):
# one mirrored file is compiled twice to assembly, once with its step
# points compiled out and 5 patchable NOP bytes at every function entry
# (the "untraced" copy, which runs by default), once with them (the
# "traced" copy). This script makes the two copies live side by side in one
# binary and writes the table the patcher uses to send each untraced entry
# to its traced twin while a trace consumer listens, like ftrace does.
#
#   twin-asm.pl TAG UNTRACED.s TRACED.s OUT_UNTRACED.s OUT_TRACED.s OUT.tab
#
# Rules (names without a dot; dotted names are compiler clones, cold parts
# and function-local statics, private to each copy):
#  - a global symbol G keeps its name in the untraced copy; the traced copy's
#    definition becomes __kmt_TAG__G, so every address taken anywhere is the
#    untraced one (function pointers, ops tables, data identity);
#  - a file-local symbol S of the untraced copy gets a global alias
#    __kmu_TAG__S, and the traced copy uses that alias wherever it takes S's
#    address or reads S (so both copies share one socket_file_ops, say);
#  - direct calls and jumps of the traced copy stay inside the traced copy
#    (a global function of the same file: its __kmt_ name; a local one: as is);
#  - OUT.tab lists "untraced traced" symbol pairs, one function a line;
#  - every __kmt_/__kmu_ name has hidden visibility.
# Only perl-base is needed (it is Essential on Debian).
use strict;
use warnings;

my ($tag, $uin, $tin, $uout, $tout, $tabout) = @ARGV;
die "usage: twin-asm.pl TAG U.s T.s U_OUT.s T_OUT.s OUT.tab\n" unless $tabout;

sub slurp { open(my $f, '<', $_[0]) or die "$_[0]: $!\n"; my @l = <$f>; return @l; }

# Symbols defined in one assembly file: name => { global => 0/1, type => f/o }
sub defined_syms {
	my %d;
	my (%glob, %type);
	for (@_) {
		if (/^([A-Za-z_][\w]*):/) {
			$d{$1} = 1;
		} elsif (/^\s*\.(?:globl|global|weak)\s+([A-Za-z_][\w]*)/) {
			$glob{$1} = 1;
		} elsif (/^\s*\.type\s+([A-Za-z_][\w]*)\s*,\s*[\@%](\w+)/) {
			$type{$1} = $2 eq 'function' ? 'f' : 'o';
		}
	}
	my %s;
	for my $n (keys %d) {
		next if $n =~ /^__(?:kmt|kmu)_/;
		$s{$n} = { global => $glob{$n} ? 1 : 0, type => $type{$n} // 'o' };
	}
	return %s;
}

my @u = slurp($uin);
my @t = slurp($tin);
my %us = defined_syms(@u);
my %ts = defined_syms(@t);

# Untraced: gcc pads each entry with five 1-byte NOPs; one 5-byte NOP
# (what the kernel uses) decodes as one instruction.
for (my $i = 0; $i + 5 < @u; $i++) {
	next unless $u[$i] =~ /^\.LPFE\d+:/;
	next unless join('', @u[$i + 1 .. $i + 5]) =~ /^(?:\s*nop\s*\n){5}\z/;
	splice(@u, $i + 1, 5, "\t.byte\t0x0f, 0x1f, 0x44, 0x00, 0x00\n");
}
# clang's entry NOP is "nopl 8(%rax,%rax)" (0f 1f 44 00 08): the same
# instruction with another displacement; use the one NOP everywhere.
s/^\s*nopl\s+8\(%rax,\s*%rax\)\s*$/\t.byte\t0x0f, 0x1f, 0x44, 0x00, 0x00\n/ for @u;

# Untraced: export the file-local symbols under unique global aliases.
open(my $uo, '>', $uout) or die "$uout: $!\n";
print $uo @u;
print $uo "\n# kmirror twin build: global aliases of file-local symbols\n";
for my $n (sort keys %us) {
	next if $us{$n}{global};
	print $uo "\t.globl\t__kmu_${tag}__$n\n\t.hidden\t__kmu_${tag}__$n\n" .
		  "\t.set\t__kmu_${tag}__$n, $n\n";
}
close($uo) or die;

my $idre = qr/(?<![\w.\$%])([A-Za-z_][\w]*)(?![\w.\$])/;

open(my $to, '>', $tout) or die "$tout: $!\n";
for my $line (@t) {
	# Text, file names and line markers are never symbol references.
	if ($line =~ /^\s*\.(?:string|ascii|asciz|file|loc|ident)\b/) {
		print $to $line;
		next;
	}
	# A global definition: the label and its directives take the twin name.
	if ($line =~ /^([A-Za-z_][\w]*):/ ||
	    $line =~ /^\s*\.(?:globl|global|weak|type|size|hidden)\s+([A-Za-z_][\w]*)/) {
		my $n = $1;
		if ($ts{$n} && $ts{$n}{global}) {
			$line =~ s/$idre/ ($1 eq $n) ? "__kmt_${tag}__$1" : $1 /ge;
			print $to $line;
			next;
		}
		if ($line =~ /^[A-Za-z_][\w]*:/ || $line =~ /^\s*\.(?:type|size)\b/) {
			print $to $line;	# a local definition stays as it is
			next;
		}
	}
	my $call = $line =~ /^\s*(?:call|j[a-z]+)[lq]?\s+[^*\s]/;
	$line =~ s{$idre}{
		my $n = $1;
		my $s = $ts{$n};
		if (!$s) {
			$n;
		} elsif ($call && $s->{type} eq 'f') {
			$s->{global} ? "__kmt_${tag}__$n" : $n;
		} elsif (!$s->{global} && $us{$n} && !$us{$n}{global}) {
			"__kmu_${tag}__$n";
		} else {
			$n;
		}
	}ge;
	print $to $line;
}
print $to "\n# kmirror twin build: global aliases of file-local functions\n";
open(my $tab, '>', $tabout) or die "$tabout: $!\n";
for my $n (sort keys %ts) {
	my $s = $ts{$n};
	next unless $s->{type} eq 'f' && $us{$n} && $us{$n}{type} eq 'f';
	if (!$s->{global}) {
		print $to "\t.globl\t__kmt_${tag}__$n\n\t.hidden\t__kmt_${tag}__$n\n" .
			  "\t.set\t__kmt_${tag}__$n, $n\n";
		print $tab "__kmu_${tag}__$n __kmt_${tag}__$n $n\n";
	} else {
		print $tab "$n __kmt_${tag}__$n $n\n";
	}
}
# The twin names serve the patch table and the traced copy only: hidden, so
# a shared build would never export them.
for my $n (sort keys %ts) {
	print $to "\t.hidden\t__kmt_${tag}__$n\n" if $ts{$n}{global};
}
close($tab) or die;
close($to) or die;
