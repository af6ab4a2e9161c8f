#!/usr/bin/env python3
"""sarif-check.py SCHEMA FILE

Validates a SARIF log against the official SARIF 2.1.0 JSON schema
(draft-04), then checks what marklint promises beyond the schema: one run;
tool.driver.rules with id, shortDescription, fullDescription, help and
defaultConfiguration.level; every result has ruleId (listed in the rules,
ruleIndex pointing at it), level, message.text, one location with a
physical artifactLocation.uri and a logical location, a
partialFingerprints entry, and a suppressions array.

Exit status: 0 valid, 1 invalid (each problem on standard error), 2 usage,
77 the jsonschema module is missing (ctest: skipped).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("sarif-check.py: the python3 jsonschema module is missing "
          "(Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(77)


def problems(log):
    out = []
    if len(log.get("runs", [])) != 1:
        return ["not exactly one run"]
    run = log["runs"][0]
    rules = run["tool"]["driver"].get("rules", [])
    ids = [r["id"] for r in rules]
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            if not r.get(key, {}).get("text"):
                out.append("rule %s: no %s" % (r["id"], key))
        if r.get("defaultConfiguration", {}).get("level") not in \
                ("error", "warning", "note"):
            out.append("rule %s: no default level" % r["id"])
    for i, res in enumerate(run.get("results", [])):
        where = "result %d (%s)" % (i, res.get("ruleId"))
        if res.get("ruleId") not in ids:
            out.append(where + ": ruleId not in tool.driver.rules")
        elif ids[res.get("ruleIndex", -1)] != res["ruleId"]:
            out.append(where + ": ruleIndex does not match")
        if res.get("level") not in ("error", "warning", "note"):
            out.append(where + ": no level")
        if not res.get("message", {}).get("text"):
            out.append(where + ": no message")
        locs = res.get("locations", [])
        if len(locs) != 1 or \
                not locs[0]["physicalLocation"]["artifactLocation"]["uri"] \
                or not locs[0].get("logicalLocations"):
            out.append(where + ": not one physical and logical location")
        if not res.get("partialFingerprints"):
            out.append(where + ": no partialFingerprints")
        if "suppressions" not in res:
            out.append(where + ": no suppressions array")
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n")[0], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        try:
            log = json.load(f)
        except ValueError as e:
            print("sarif-check.py: not JSON: %s" % e, file=sys.stderr)
            return 1
    errs = ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                        e.message)
            for e in jsonschema.Draft4Validator(schema).iter_errors(log)]
    if not errs:
        errs = problems(log)
    for e in errs:
        print("sarif-check.py: %s" % e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
