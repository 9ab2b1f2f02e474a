#!/usr/bin/perl
# kmirror: let the trace show what a mirrored function returns while its
# source keeps the kernel's own `return err;` (docs/architecture.md, "Return
# values"). C gives a cleanup function no view of the value being returned,
# so the build hands the compiler a copy of each mirrored file in which
# every `return EXPR;` of a function with a KM_FUNC becomes
# `return KM_RET(EXPR);`. Nothing else changes: no line is added or
# removed, and a #line marker keeps the file's own name, so __FILE__,
# compiler messages and gdb all point at the file in the tree.
#
#   km-returns.pl IN.c OUT.c
#
# Left as written: `return;`, returns in a function declared void, returns
# before the function's KM_FUNC, returns whose expression already starts
# with KM_RET, and everything in comments, strings and preprocessor lines
# (macros such as SYSCALL_DEFINE carry their own KM_RET).
# Only perl-base is needed (it is Essential on Debian).
use strict;
use warnings;

die "usage: km-returns.pl IN.c OUT.c\n" unless @ARGV == 2;

sub slurp {
	open(my $f, '<', $_[0]) or die "$_[0]: $!\n";
	local $/;
	my $s = <$f>;
	close($f);
	return $s;
}

# Split C source into tokens: [kind, text]. Kinds: ws (whitespace and
# comments), pp (a preprocessor line with its continuations), str (string
# or character literal), id (identifier or number), p (punctuation).
sub tokens {
	my ($s) = @_;
	my @t;
	my $bol = 1;		# only whitespace since the last newline
	pos($s) = 0;
	while (pos($s) < length($s)) {
		if ($s =~ /\G(\s+)/gc) {
			push @t, ['ws', $1];
			$bol = 1 if $1 =~ /\n/;
		} elsif ($s =~ m{\G(/\*.*?\*/)}gcs) {
			push @t, ['ws', $1];
		} elsif ($s =~ m{\G(//[^\n]*)}gc) {
			push @t, ['ws', $1];
		} elsif ($bol && $s =~ /\G(#(?:[^\n\\]|\\.)*)/gcs) {
			push @t, ['pp', $1];
		} elsif ($s =~ /\G("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/gcs) {
			push @t, ['str', $1];
			$bol = 0;
		} elsif ($s =~ /\G([A-Za-z_0-9]\w*)/gc) {
			push @t, ['id', $1];
			$bol = 0;
		} elsif ($s =~ /\G(.)/gcs) {
			push @t, ['p', $1];
			$bol = 0;
		}
	}
	return @t;
}

# What the function whose body opens here is: its name, and whether it is
# declared void. Undef when the braces open something else (a struct, an
# initializer).
sub function_of {
	my (@h) = grep { $_->[0] ne 'ws' && $_->[0] ne 'pp' } @_;
	return undef if grep { $_->[0] eq 'p' && $_->[1] eq '=' } @h;
	for my $i (0 .. $#h) {
		next unless $h[$i][0] eq 'p' && $h[$i][1] eq '(';
		return undef if $i == 0 || $h[$i - 1][0] ne 'id';
		my @type = map { $_->[1] } @h[0 .. $i - 2];
		my $void = (grep { $_ eq 'void' } @type) && !(grep { $_ eq '*' } @type);
		return { name => $h[$i - 1][1], void => $void ? 1 : 0 };
	}
	return undef;
}

sub rewrite {
	my ($file, $src, $out) = @_;
	my @t = tokens($src);
	my @o;
	my ($depth, $fn, $traced, $line) = (0, undef, 0, 1);
	my @header;
	my $i = 0;
	while ($i < @t) {
		my ($k, $x) = @{$t[$i]};
		if ($depth == 0) {
			if ($k eq 'p' && $x eq '{') {
				$fn = function_of(@header);
				$traced = 0;
				@header = ();
				$depth = 1;
			} elsif ($k eq 'p' && $x eq ';') {
				@header = ();
			} else {
				push @header, $t[$i];
			}
		} elsif ($k eq 'p' && ($x eq '{' || $x eq '}')) {
			$depth += $x eq '{' ? 1 : -1;
			$fn = undef if $depth == 0;
		} elsif ($k eq 'id' && $x eq 'KM_FUNC' && $fn) {
			$traced = 1;
		} elsif ($k eq 'id' && $x eq 'return' && $fn && $traced &&
			 !$fn->{void}) {
			# The expression runs to the ';' outside any bracket.
			my ($j, $nest) = ($i + 1, 0);
			while ($j < @t) {
				my ($kk, $xx) = @{$t[$j]};
				if ($kk eq 'p') {
					$nest++ if $xx =~ /[({[]/;
					$nest-- if $xx =~ /[)}\]]/;
					last if $xx eq ';' && $nest == 0;
				}
				$j++;
			}
			die "$file:$line: return without ';'\n" if $j >= @t;
			my @e = @t[$i + 1 .. $j - 1];
			my @sig = grep { $_->[0] ne 'ws' } @e;
			if (@sig && $sig[0][1] !~ /^KM_RET/) {
				# Whitespace before the expression stays outside.
				my $lead = '';
				$lead .= (shift @e)->[1] while @e && $e[0][0] eq 'ws';
				push @o, "return$lead" . 'KM_RET(' .
					join('', map { $_->[1] } @e) . ')';
				$line += () = join('', $lead, map { $_->[1] } @e) =~ /\n/g;
				$i = $j;
				next;
			}
		}
		push @o, $x;
		$line += () = $x =~ /\n/g;
		$i++;
	}
	open(my $f, '>', $out) or die "$out: $!\n";
	print $f "#line 1 \"$file\"\n", @o;
	close($f) or die "$out: $!\n";
}

rewrite($ARGV[0], slurp($ARGV[0]), $ARGV[1]);
