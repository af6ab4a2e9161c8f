#!/bin/sh
# cli-json.sh MARKLINT SRCDIR - the JSON contract: --format json validates
# against report.schema.json (ML_REPORT_SCHEMA) and adds up; jsonl is one
# valid document per line and a summary line; every marking is listed even
# when --min-severity hides its finding; an unreadable document is listed
# with status "error". Skipped (77) without the schema or jsonschema.
. "$(dirname "$0")/cli-lib.sh"

if [ -z "$ML_REPORT_SCHEMA" ] || [ ! -f "$ML_REPORT_SCHEMA" ]; then
	echo "SKIP: report.schema.json not found (ML_REPORT_SCHEMA)" >&2
	exit 77
fi
validate="$PYTHON $srcdir/tests/validate-json.py $ML_REPORT_SCHEMA"
$PYTHON -c 'import jsonschema' 2>/dev/null || {
	echo "SKIP: the python3 jsonschema module is missing" >&2
	exit 77
}
make_documents
# a portion with a quote and a backslash, and a long one
printf '(S//NF) The "widget" design at C:\\specs\\widget.\n\n' >odd.txt
awk 'BEGIN { printf "(S//NF) "; for (i = 0; i < 400; i++) printf "word%d ", i; print "" }' >long.txt

run "$marklint" --format json nf.txt nf.xml fouo.txt clean.txt odd.txt long.txt
expect_rc 1 "--format json"
cp out report.json
$validate report.json || fail "--format json does not validate"
$PYTHON - report.json <<'PY' || fail "--format json content"
import json, sys
r = json.load(open(sys.argv[1]))
docs = {d["path"]: d for d in r["documents"]}
assert list(docs) == ["nf.txt", "nf.xml", "fouo.txt", "clean.txt", "odd.txt",
                      "long.txt"], list(docs)
nf = docs["nf.txt"]
assert nf["format"] == "text" and nf["status"] == "ok", nf
m = nf["markings"][0]
assert (m["kind"], m["form"], m["text"]) == ("noforn", "portion", "(S//NF)"), m
assert m["location"] == {"part": "nf.txt", "paragraph": 1, "line": 1}, m
assert m["justification"]["status"] == "missing", m
f = nf["findings"][0]
assert (f["rule"], f["severity"], f["marking"], f["disposition"]) == \
    ("NOFORN-UNJUSTIFIED", "error", m["id"], "remove"), f
assert f["context"] == "(S//NF) The widget design.", f
assert docs["nf.xml"]["format"] == "xml", docs["nf.xml"]
assert docs["nf.xml"]["findings"][0]["location"]["line"] >= 2
assert docs["clean.txt"]["markings"] == [] and docs["clean.txt"]["findings"] == []
assert docs["odd.txt"]["markings"][0]["context"].endswith('C:\\specs\\widget.')
assert len(docs["long.txt"]["markings"][0]["context"]) <= 1000
assert r["tool"]["name"] == "marklint"
PY

# --min-severity hides findings, never markings
run "$marklint" -f json --min-severity error fouo.txt
expect_rc 0 "-f json --min-severity error fouo.txt"
$validate out || fail "-f json --min-severity error does not validate"
$PYTHON - out <<'PY' || fail "--min-severity error: markings stay listed"
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
assert d["findings"] == [], d["findings"]
PY

# unreadable documents are listed, and make the exit status 2
run "$marklint" -f json nf.txt broken.docx no-such-file.txt
expect_rc 2 "-f json with unreadable documents"
$validate out || fail "-f json with unreadable documents does not validate"
$PYTHON - out <<'PY' || fail "-f json: unreadable documents"
import json, sys
r = json.load(open(sys.argv[1]))
bad = [d for d in r["documents"] if d["status"] == "error"]
assert [d["path"] for d in bad] == ["broken.docx", "no-such-file.txt"], bad
assert bad[1]["error"]["code"] == "io-not-found", bad[1]
assert r["summary"]["unreadable"] == 2 and r["summary"]["documents"] == 3
PY

# JSON Lines: each line a document, then the summary
run "$marklint" -f jsonl nf.txt broken.docx fouo.txt clean.txt
expect_rc 2 "-f jsonl"
expect_lines out 5 "-f jsonl: one line per document and a summary"
$validate --jsonl out || fail "-f jsonl does not validate"
tail -1 out | grep -q '^{"summary":' || fail "-f jsonl: the last line"
finish
