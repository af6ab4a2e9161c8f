#!/bin/sh
# pipeline-sarif.sh MARKLINT SRCDIR - --format sarif and --output
# sarif=FILE: the log validates against the official SARIF 2.1.0 schema
# (ML_SARIF_SCHEMA) and holds what a code-scanning upload needs: the rules,
# one result per finding with level, message, file and paragraph, a
# fingerprint that survives moving paragraphs, suppressions, and an
# unreadable document as a tool notification. Skipped (77) without the
# schema or python3-jsonschema.
. "$(dirname "$0")/cli-lib.sh"

: "${ML_SARIF_SCHEMA:=}"
if [ -z "$ML_SARIF_SCHEMA" ] || [ ! -f "$ML_SARIF_SCHEMA" ]; then
	echo "SKIP: sarif-schema-2.1.0.json not found (ML_SARIF_SCHEMA)" >&2
	exit 77
fi
$PYTHON -c 'import jsonschema' 2>/dev/null || {
	echo "SKIP: the python3 jsonschema module is missing" >&2
	exit 77
}
check="$PYTHON $srcdir/tests/sarif-check.py $ML_SARIF_SCHEMA"
make_documents
printf '(S//NF) The widget design.\n\n(U//FOUO) The test schedule.\n' >two.txt
# the same paragraphs, moved, with a new one in front
printf '(C//NF) A new paragraph.\n\n(U//FOUO) The test schedule.\n\n(S//NF) The widget design.\n' >moved.txt
mkdir "dir with space"
cp nf.txt "dir with space/n f.txt"

# --excerpts: properties.context, which the fingerprint test below uses
run "$marklint" --format sarif --excerpts two.txt nf.xml clean.txt \
	broken.docx "dir with space/n f.txt"
expect_rc 2 "--format sarif with an unreadable document"
cp out two.sarif
$check two.sarif || fail "--format sarif does not validate"
$PYTHON - two.sarif <<'PY' || fail "--format sarif content"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
run = log["runs"][0]
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
for rid in ("NOFORN-UNJUSTIFIED", "FOUO-OBSOLETE", "SUPPRESSION-INVALID",
            "SUPPRESSION-UNUSED"):
    assert rid in rules, rid
r = rules["NOFORN-UNJUSTIFIED"]
assert r["defaultConfiguration"]["level"] == "error", r
assert r["helpUri"].startswith("https://"), r
assert "DFARS PGI 204.402" in r["properties"]["authority"], r
assert "\n" not in r["fullDescription"]["text"]
assert rules["FOUO-OBSOLETE"]["defaultConfiguration"]["level"] == "warning"
res = run["results"]
got = [(x["ruleId"], x["level"],
        x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
       for x in res]
assert got == [("NOFORN-UNJUSTIFIED", "error", "two.txt"),
               ("FOUO-OBSOLETE", "warning", "two.txt"),
               ("NOFORN-UNJUSTIFIED", "error", "nf.xml"),
               ("NOFORN-UNJUSTIFIED", "error", "dir%20with%20space/n%20f.txt")], got
first = res[0]
assert "cites no authority" in first["message"]["text"], first
assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
ll = first["locations"][0]["logicalLocations"][0]
assert ll["fullyQualifiedName"] == "two.txt/paragraph[1]", ll
assert first["properties"]["marking"] == "(S//NF)", first
assert first["properties"]["suggestion"] == "(S//REL TO USA, FVEY)", first
assert first["suppressions"] == [], first
assert "baselineState" not in first
inv = run["invocations"][0]
assert inv["executionSuccessful"] is False, inv
n = inv["toolExecutionNotifications"]
assert len(n) == 1 and n[0]["descriptor"]["id"] == "zip-corrupt", n
assert n[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
    == "broken.docx", n
PY

# fingerprints: the same finding keeps its fingerprint when its paragraph
# moves; different findings have different ones
run "$marklint" --excerpts --output sarif=moved.sarif moved.txt
expect_rc 1 "--output sarif=moved.sarif"
$check moved.sarif || fail "--output sarif=FILE does not validate"
$PYTHON - two.sarif moved.sarif <<'PY' || fail "fingerprints"
import json, sys
def fps(path, uri):
    res = json.load(open(path))["runs"][0]["results"]
    return {(x["ruleId"], x["properties"]["context"]):
            x["partialFingerprints"]["markingFingerprint/v1"] for x in res
            if x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri}
a, b = fps(sys.argv[1], "two.txt"), fps(sys.argv[2], "moved.txt")
for k in a:
    assert a[k] == b[k], (k, a[k], b[k])
assert len(set(b.values())) == 3, b
PY

# standard output stays text when SARIF goes to a file
expect_grep out "^moved.txt:1: error: " "text on stdout with --output"

# an absolute path becomes a file:// URI
run "$marklint" -f sarif "$tmp/nf.txt"
$PYTHON - out "$tmp/nf.txt" <<'PY' || fail "absolute path as file:// URI"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
uri = res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert uri == "file://" + sys.argv[2], uri
PY
finish
