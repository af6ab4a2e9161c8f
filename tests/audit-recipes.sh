#!/bin/sh
# audit-recipes.sh MARKLINT SRCDIR BINDIR - the README's two recipes for
# sharded audits, run as written: the GNU parallel one (its `ssh` is a
# stand-in, through PATH, that runs each job here whatever the host) and
# the Slurm one (`sbatch` is a stand-in that runs each task of the array
# here, one after the other). Only the folders change: /archive and
# /shared become folders of the test. Each recipe must succeed (its jobs
# exit 0 although their documents have findings) and give, byte for
# byte, the audit of one run over the same documents. Skipped (77)
# without GNU parallel.
. "$(dirname "$0")/audit-lib.sh"
readme=$srcdir/README.md
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "SKIP: GNU parallel is not installed" >&2
	exit 77
fi

# block AFTER: the ```sh block that follows the README line AFTER
block() {
	awk -v after="$1" 'index($0, after) {f=1; next}
		f && /^```sh$/ {b=1; next}
		b && /^```$/ {exit}
		b {print}' "$readme"
}
par=$(block 'GNU parallel over SSH:')
slurm=$(block 'As a Slurm job array')
case $par in *"parallel --sshlogin"*) ;; *) fail "README: no parallel recipe"; finish ;; esac
case $slurm in *"sbatch --array"*) ;; *) fail "README: no Slurm recipe"; finish ;; esac

# 1,030 documents with findings (three jobs of 500 for parallel, three
# lists for Slurm), in folders, with an ODT
mkdir -p archive/a archive/b/c shared bin
i=0
while [ $i -lt 1030 ]; do
	case $((i % 3)) in
	0) d=archive/a ;; 1) d=archive/b ;; *) d=archive/b/c ;;
	esac
	cp "$sample" "$d/rfp-$i.docx"
	i=$((i + 1))
done
cp "$bindir/fixtures/readers/full.odt" archive/b/full.odt
printf 'not a document' >archive/a/logo.png

ln -s "$marklint" bin/marklint
cat >bin/ssh <<'SH'
#!/bin/sh
# ssh stand-in: drops the options and the host, runs the command here as
# sshd runs it: with SHELL set to the user's login shell, which runs it.
# GNU parallel's remote worker runs each job with "$SHELL"; a clean CI
# container as root has no SHELL, and with SHELL unset the worker ran no
# job and parallel still exited 0.
while [ $# -gt 0 ]; do
	case $1 in
	-[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
shift
[ "${1:-}" = "--" ] && shift
SHELL=$(getent passwd "$(id -u)" | cut -d: -f7)
[ -x "${SHELL:-}" ] || SHELL=/bin/sh
export SHELL
exec "$SHELL" -c "$*"
SH
cat >bin/sbatch <<'SH'
#!/bin/sh
# sbatch stand-in: --array=LO-HI --wrap CMD runs CMD once per task, here;
# a task that fails is written to sbatch.failed
array= wrap=
while [ $# -gt 0 ]; do
	case $1 in
	--array=*) array=${1#--array=} ;;
	--wrap) wrap=$2; shift ;;
	--wrap=*) wrap=${1#--wrap=} ;;
	esac
	shift
done
i=${array%-*}
while [ "$i" -le "${array#*-}" ]; do
	SLURM_ARRAY_TASK_ID=$i sh -c "$wrap" ||
		echo "task $i: exit $?" >>sbatch.failed
	i=$((i + 1))
done
echo "Submitted batch job 1"
SH
chmod +x bin/ssh bin/sbatch
PATH=$tmp/bin:$PATH
export PATH
# as on a clean CI machine, whatever this one has: no SHELL, a HOME that
# GNU parallel has never seen (no ~/.parallel)
mkdir home
recipe_env="env -u SHELL HOME=$tmp/home"

# GNU parallel
recipe=$(printf '%s\n' "$par" | sed "s|/archive|$tmp/archive|g; s|/shared|$tmp/shared|g")
(cd "$tmp" && $recipe_env sh -ec "$recipe") >out 2>err
rc=$?
n=$(ls shared/shards | wc -l)
[ "$n" = 3 ] || fail "parallel recipe: $n shards, expected 3 (did its jobs run?)"
expect_rc 0 "the README's GNU parallel recipe"
find "$tmp/archive" -type f \( -name '*.docx' -o -name '*.odt' \) |
	LC_ALL=C sort >list
run "$marklint" audit -o direct --files-from list
expect_rc 0 "one audit of the same documents"
same_audit direct audit "the parallel recipe vs one run"
$PYTHON -c 'import json,sys; t=json.load(open("audit/audit.json"))["totals"]; assert t["documents"] == 1031 and t["findings"]["error"] > 1000, t' ||
	fail "the parallel recipe's audit counts every document"

# Slurm
mkdir slurm
recipe=$(printf '%s\n' "$slurm" | sed "s|/archive|$tmp/archive|g; s|/shared|$tmp/shared|g")
(cd slurm && $recipe_env sh -ec "$recipe") >out 2>err
rc=$?
expect_rc 0 "the README's Slurm recipe"
[ -f slurm/sbatch.failed ] && fail "Slurm tasks failed: $(cat slurm/sbatch.failed)"
n=$(ls slurm/shards | wc -l)
[ "$n" = 3 ] || fail "Slurm recipe: $n shards, expected 3"
find "$tmp/archive" -type f -name '*.docx' | LC_ALL=C sort >list
run "$marklint" audit -o sdirect --files-from list
same_audit sdirect slurm/audit "the Slurm recipe vs one run"
finish
