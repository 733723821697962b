# goal.sh: the benchmark scripts' goal lines (sourced by bench.sh and bench-http.sh).
#   goal TEXT DETAIL TEST...   runs TEST; prints "goal: TEXT: met (DETAIL)" or "NOT met",
#                              counting the unmet ones in $unmet
#   at_least A B, at_most A B, below A B   numbers compared by awk (decimals too)
# shellcheck shell=sh
unmet=0
goal() {
	goal_text=$1 goal_detail=$2
	shift 2
	if "$@"; then
		echo "goal: $goal_text: met ($goal_detail)"
	else
		echo "goal: $goal_text: NOT met ($goal_detail)"
		unmet=$((unmet + 1))
	fi
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
