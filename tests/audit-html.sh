#!/bin/sh
# audit-html.sh MARKLINT SRCDIR BINDIR - what audit.html's charts show:
# the chart of rules is headed by the most severe rule, never by an info
# rule however many findings it has (errors red, infos grey); the chart
# of organisations is sorted by findings, not by name or documents, and
# leaves out those without any; every bar leads to its row of the tables
# (the ids exist) or, for the worst documents, to the document's page; no
# label is cut (each bar's label, whole, is its
# title and its text). Printing is audit-print.sh.
. "$(dirname "$0")/audit-lib.sh"
mkdir -p tree/info tree/err docx
# 30 justified NOFORN (info) against 1 unjustified (error)
i=0
while [ $i -lt 30 ]; do
	printf '(S//NF) Item %s, derived from ICD 403.\n' $i >tree/info/j-$i.txt
	i=$((i + 1))
done
printf '(S//NF) The widget design.\n' >tree/err/e.txt
# organisations: "Alpha Office" (one copy of the sample), "Zulu Office"
# (two copies): by name Alpha comes first, by findings Zulu
for org in Alpha Zulu; do
	rm -rf x && mkdir x && (cd x && unzip -q "$sample") &&
	sed -i "s|<Company>[^<]*</Company>|<Company>$org Office</Company>|" \
		x/docProps/app.xml &&
	(cd x && zip -q -r -X "../docx/$org.docx" .) ||
		{ fail "could not make $org.docx"; finish; }
done
cp docx/Alpha.docx tree/alpha.docx
cp docx/Zulu.docx tree/zulu-1.docx
cp docx/Zulu.docx tree/zulu-2.docx
run "$marklint" audit -o aud tree
expect_rc 0 "audit"
$PYTHON - aud/audit.html aud/audit.json <<'PY' || fail "the charts of audit.html"
import json, re, sys
html = open(sys.argv[1]).read()
a = json.load(open(sys.argv[2]))
figs = re.findall(r'<figure>(.*?)</figure>', html, re.S)
def bars(fig):
    out = []
    for g in re.findall(r'<g>(.*?)</g>', fig, re.S):
        href = re.search(r'<a href="([^"]*)"', g)
        title = re.search(r'<title>([^<]*)</title>', g).group(1)
        label = "".join(re.findall(r'<tspan[^>]*>([^<]*)</tspan>', g))
        cls = re.search(r'class="([^"]*)"', g).group(1)
        out.append((title, label, cls, href.group(1) if href else None))
    return out
sev = {r["rule"]: r["severity"] for r in a["by_rule"]}
rules = bars(figs[0])
assert sev[rules[0][0]] == "error", rules[0]
assert [sev[r[0]] for r in rules] == sorted((sev[r[0]] for r in rules),
    key=["error", "warning", "info"].index), rules
assert all(r[2] == {"error": "bad", "warning": "bar", "info": "info"}[sev[r[0]]]
           for r in rules), rules
orgs = bars(figs[1])
want = sorted((o for o in a["by_organisation"] if o["findings"]),
              key=lambda o: (-o["findings"], -o["markings"], o["organisation"]))
assert [b[0] for b in orgs] == [o["organisation"] for o in want], (orgs, want)
names = [b[0] for b in orgs]
assert names.index("Zulu Office") < names.index("Alpha Office"), names
import os
for fig in figs:
    for title, label, cls, href in bars(fig):
        assert label == title, ("a label is cut", title, label)
        assert "..." not in label
        # a row of a table below, or a document's page
        assert href, title
        if href.startswith("#"):
            assert ('id="%s"' % href[1:]) in html, ("no row for", href)
        else:
            assert re.fullmatch(r"docs/[0-9a-f]{16}\.html", href), href
            assert os.path.isfile(os.path.join(os.path.dirname(sys.argv[1]),
                                               href)), href
PY
finish
