#!/usr/bin/env python3
"""validate-json.py SCHEMA [--jsonl] [FILE]

Validates marklint's JSON output (FILE, or standard input) against the
report schema (report.schema.json, draft-07), then checks what a schema
cannot say: the summary adds up (documents, unreadable, portions,
markings, findings per severity) and every finding's "marking" names a
marking of its document.

--jsonl: the input is JSON Lines: one document object per line, each
validated as the schema's "document", and a last line {"summary": {...}}.

Exit status: 0 valid, 1 invalid (each problem on standard error), 2 usage,
77 the jsonschema module is missing (ctest: skipped).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate-json.py: the python3 jsonschema module is missing "
          "(Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(77)


def validator(schema, ref=None):
    if ref:  # draft-07: beside $ref, the other keywords are ignored
        schema = dict(schema)
        schema["$ref"] = ref
    return jsonschema.Draft7Validator(schema)


def schema_errors(v, instance, where):
    return ["%s: %s: %s" % (where, "/".join(str(p) for p in e.absolute_path)
                            or "(top)", e.message)
            for e in v.iter_errors(instance)]


def consistency(documents, summary):
    """What the summary and cross-references must satisfy."""
    problems = []
    want = {"documents": len(documents),
            "unreadable": sum(d.get("status") == "error" for d in documents),
            "portions": sum(d.get("portions", 0) for d in documents),
            "markings": sum(len(d.get("markings", [])) for d in documents)}
    for key, n in want.items():
        if summary.get(key) != n:
            problems.append("summary.%s is %r, the documents say %d"
                            % (key, summary.get(key), n))
    for sev in ("error", "warning", "info"):
        # suppressed findings (in the document or by a baseline) are
        # listed but counted apart, in summary.suppressed/baselined
        n = sum(f.get("severity") == sev and "suppressed" not in f
                for d in documents for f in d.get("findings", []))
        if summary.get("findings", {}).get(sev) != n:
            problems.append("summary.findings.%s is %r, the documents "
                            "say %d" % (sev, summary["findings"].get(sev), n))
    for d in documents:
        ids = [m.get("id") for m in d.get("markings", [])]
        if len(ids) != len(set(ids)):
            problems.append("%s: duplicate marking ids" % d.get("path"))
        for f in d.get("findings", []):
            if "marking" in f and f["marking"] not in ids:
                problems.append("%s: finding %s names marking %r, which "
                                "is not listed" % (d.get("path"),
                                                   f.get("rule"),
                                                   f["marking"]))
    return problems


def check_json(schema, text):
    try:
        report = json.loads(text)
    except ValueError as e:
        return ["not JSON: %s" % e]
    problems = schema_errors(validator(schema), report, "report")
    if not problems:
        problems = consistency(report["documents"], report["summary"])
    return problems


def check_jsonl(schema, text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        return ["the output does not end with a newline"]
    objs = []
    for i, line in enumerate(lines, 1):
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            return ["line %d is not JSON: %s" % (i, e)]
    if not objs or list(objs[-1].keys()) != ["summary"]:
        return ["the last line is not {\"summary\": {...}}"]
    problems = schema_errors(validator(schema, "#/properties/summary"),
                             objs[-1]["summary"], "line %d" % len(objs))
    doc = validator(schema, "#/definitions/document")
    for i, o in enumerate(objs[:-1], 1):
        problems += schema_errors(doc, o, "line %d" % i)
    if not problems:
        problems = consistency(objs[:-1], objs[-1]["summary"])
    return problems


def main(argv):
    args = [a for a in argv[1:] if a != "--jsonl"]
    if len(args) not in (1, 2):
        print(__doc__.strip().split("\n")[0], file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    if len(args) == 2 and args[1] != "-":
        with open(args[1], encoding="utf-8") as f:
            text = f.read()
    else:
        text = sys.stdin.read()
    check = check_jsonl if "--jsonl" in argv else check_json
    problems = check(schema, text)
    for p in problems:
        print("validate-json.py: %s" % p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
