#!/bin/sh
# pipeline-excerpts.sh MARKLINT SRCDIR - document text leaves only when
# asked: by default text, json and jsonl quote the portion (a person or a
# pipeline reading its own drafts), SARIF and JUnit (dashboards, CI
# servers) do not; --no-excerpts quotes nothing in any format, --excerpts
# quotes in every one. What stays without: the marking as written, the
# rule, the location. JSON without excerpts keeps the contract (empty
# strings; validated when ML_REPORT_SCHEMA and jsonschema are there).
. "$(dirname "$0")/cli-lib.sh"

printf '(S//NF) Quokka sensor performance is classified.\n\nThis program is closed to foreign participation at all levels, per the numbat plan.\n' >doc.txt
secret='Quokka\|numbat'

for f in text json jsonl sarif junit; do
	run "$marklint" -f $f doc.txt
	expect_rc 1 "-f $f"
	case $f in
	sarif|junit) expect_no_grep out "$secret" "-f $f quotes nothing by default" ;;
	*) expect_grep out "Quokka" "-f $f quotes the portion by default" ;;
	esac
	expect_grep out "(S//NF)" "-f $f names the marking"
	run "$marklint" -f $f --no-excerpts doc.txt
	expect_rc 1 "-f $f --no-excerpts"
	expect_no_grep out "$secret" "-f $f --no-excerpts"
	expect_grep out "(S//NF)" "-f $f --no-excerpts names the marking"
	expect_grep out "NOFORN-UNJUSTIFIED" "-f $f --no-excerpts names the rule"
	run "$marklint" -f $f --excerpts doc.txt
	expect_rc 1 "-f $f --excerpts"
	expect_grep out "Quokka" "-f $f --excerpts quotes the portion"
done
# every --output file obeys it too
run "$marklint" --no-excerpts --output json=a.json --output text=a.txt \
	--output jsonl=a.jsonl --output sarif=a.sarif --output junit=a.xml \
	--write-baseline a-base.xml doc.txt
expect_rc 0 "--no-excerpts with every output and --write-baseline"
for f in out a.json a.txt a.jsonl a.sarif a.xml a-base.xml; do
	expect_no_grep $f "$secret" "--no-excerpts: $f"
done

# JSON without excerpts: the contract's keys, empty
run "$marklint" -f json --no-excerpts doc.txt
$PYTHON - out <<'PY' || fail "-f json --no-excerpts content"
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
kinds = {m["kind"]: m for m in d["markings"]}
assert kinds["noforn"]["text"] == "(S//NF)", kinds
assert kinds["foreign-restriction"]["text"] == "", kinds
assert all(m["context"] == "" for m in d["markings"]), d["markings"]
assert all(f["context"] == "" for f in d["findings"]), d["findings"]
PY
if [ -n "$ML_REPORT_SCHEMA" ] && [ -f "$ML_REPORT_SCHEMA" ] &&
   $PYTHON -c 'import jsonschema' 2>/dev/null; then
	$PYTHON "$srcdir/tests/validate-json.py" "$ML_REPORT_SCHEMA" out ||
		fail "-f json --no-excerpts does not validate"
fi
run "$marklint" -f sarif doc.txt
$PYTHON - out <<'PY' || fail "-f sarif content"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
p = {r["ruleId"]: r["properties"] for r in res}
assert "context" not in p["NOFORN-UNJUSTIFIED"], p
assert p["NOFORN-UNJUSTIFIED"]["marking"] == "(S//NF)", p
assert "marking" not in p["FOREIGN-UNJUSTIFIED"], p
PY

run "$marklint" --excerpts --no-excerpts doc.txt
expect_rc 2 "--excerpts --no-excerpts"
expect_grep err "exclude each other" "--excerpts --no-excerpts"
finish
