#!/bin/sh
# Check a student's lab answers against the values kmirror computes.
#   scripts/lab-check.sh LAB ANSWERS_FILE      (LAB: 1, 2 or 3)
# ANSWERS_FILE holds "key = value" lines. One line per question is printed:
# "ok", or "expected X, got Y". Exit status: the number of wrong answers.
set -u
lab=${1:?usage: lab-check.sh LAB ANSWERS}
answers=${2:?usage: lab-check.sh LAB ANSWERS}
km=${KMIRROR:-build/gcc/kmirror}
[ -x "$km" ] || { echo "lab-check: build kmirror first (make)"; exit 100; }

# the last decoded value of a field in a JSON trace
last_field() { grep -o "\"field\":\"$1\",\"new\":\"[^\"]*\"" | tail -1 | sed 's/.*"new":"//; s/"$//; s/ ms$//'; }
# the window of the first packet whose summary contains FLAGS
pkt_win() { grep -o "\"summary\":\"[^\"]*\[$1\][^\"]*\"" | head -1 | sed 's/.* win \([0-9]*\).*/\1/'; }
# the IP ID (bytes 4-5) of the first packet with FLAGS
pkt_id() { grep "\"summary\":\"[^\"]*\[$1\]" | head -1 | sed 's/.*"hex":"\(............\).*/\1/' | cut -c9-12 | xargs -I{} printf '%d\n' 0x{}; }
# time (ms) of the Nth packet with FLAGS
pkt_ms() { grep "\"summary\":\"[^\"]*\[$1\]" | sed -n "${2}p" | sed 's/.*"t_ns":\([0-9]*\).*/\1/' | awk '{ printf "%d\n", $1 / 1000000 + 0.5 }'; }
# seconds in a result line, rounded to ms or s
round_ms() { awk '{ printf "%d\n", $1 * 1000 + 0.5 }'; }
round_s() { awk '{ printf "%d\n", $1 + 0.5 }'; }

check() {
	key=$1 want=$2
	got=$(sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*//p" "$answers" | tail -1 | tr -d '[:space:]')
	if [ -z "$got" ]; then
		echo "$key: no answer (expected $want)"
		wrong=$((wrong + 1))
	elif [ "$got" = "$want" ]; then
		echo "$key: ok"
	else
		echo "$key: expected $want, got $got"
		wrong=$((wrong + 1))
	fi
}

wrong=0
case "$lab" in
1)
	t=$("$km" trace socket --seed 1 --format json)
	check q3_rcvbuf "$(echo "$t" | last_field sk_rcvbuf)"
	check q3_sndbuf "$(echo "$t" | last_field sk_sndbuf)"
	check q4_rto_ms "$(echo "$t" | last_field icsk_rto)"
	check q4_cwnd "$(echo "$t" | last_field snd_cwnd)"
	check q4_mss "$(echo "$t" | last_field mss_cache)"
	;;
2)
	t=$("$km" trace handshake --seed 2 --format json)
	check q2_low 32768
	check q2_high 60999
	check q4_window "$(echo "$t" | pkt_win S)"
	check q5_window "$(echo "$t" | pkt_win 'S\.')"
	check q5_ip_id "$(echo "$t" | pkt_id 'S\.')"
	;;
3)
	to=$("$km" trace connect-timeout --seed 3 --quiet | sed -n 's/.*after \([0-9.]*\) s.*/\1/p' | round_s)
	check q2_syns "$("$km" trace connect-timeout --seed 3 --format json | grep -c '"dir":"tx".*\[S\]')"
	check q2_timeout_s "$to"
	check q3_retransmit_ms "$("$km" trace handshake --drop synack --seed 3 --format json | grep '"dir":"tx"' | pkt_ms S 2)"
	check q4_accept_ms "$("$km" trace handshake --drop ack --seed 3 --quiet | sed -n 's/.*accept() = [0-9]* at \([0-9.]*\) s.*/\1/p' | round_ms)"
	;;
*)
	echo "lab-check: no lab $lab"; exit 100 ;;
esac
exit $wrong
