#!/bin/sh
# cli-config.sh MARKLINT SRCDIR - .marklint.xml: found by walking up from
# each document's directory, or named with --config; --no-config; the
# command line wins; several configurations in one run; bad files exit 2
# with FILE:LINE; --print-config prints a configuration that validates.
. "$(dirname "$0")/cli-lib.sh"

mkdir -p proj/docs/deep other
printf '(S//NF) The widget design.\n' >proj/docs/deep/nf.txt
printf '(U//FOUO) The test schedule.\n' >proj/docs/fouo.txt
printf '(S//NF) The widget design.\n' >other/nf.txt
cat >proj/.marklint.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<marklint xmlns="urn:marklint:config:1">
  <fail-on>warning</fail-on>
  <rule id="NOFORN-UNJUSTIFIED" enabled="no"/>
  <rule id="FOUO-OBSOLETE" severity="error"/>
</marklint>
XML

# found from the document's directory, two levels up
run "$marklint" proj/docs/deep/nf.txt
expect_rc 0 "the configuration disables NOFORN-UNJUSTIFIED"
expect_no_grep out "NOFORN-UNJUSTIFIED" "disabled rule not reported"
expect_grep out "^1 document, 1 portion, 1 marking: 0 errors" \
	"the marking is still counted"
run "$marklint" proj/docs/fouo.txt
expect_rc 1 "FOUO-OBSOLETE raised to error"
expect_grep out "^proj/docs/fouo.txt:[0-9]*: error: .*\[FOUO-OBSOLETE\]$" \
	"the severity is the configured one"
# two configurations in one run: other/ has none
run "$marklint" proj other
expect_rc 1 "proj and other"
expect_grep out "^other/nf.txt:[0-9]*: .*\[NOFORN-UNJUSTIFIED\]$" \
	"other/ is not under proj's configuration"
expect_no_grep out "^proj/docs/deep/nf.txt:" "proj/ keeps its configuration"
# standard input: the current directory's configuration
(cd proj && "$marklint" - <docs/deep/nf.txt >../out 2>../err)
rc=$?
expect_rc 0 "stdin in proj/ uses proj/.marklint.xml"

# --no-config and --config
run "$marklint" --no-config proj/docs/deep/nf.txt
expect_rc 1 "--no-config"
cp proj/.marklint.xml elsewhere.xml
run "$marklint" --config elsewhere.xml other/nf.txt
expect_rc 0 "--config elsewhere.xml applies to other/"
# the command line wins over the file
run "$marklint" --fail-on error --min-severity error proj/docs/fouo.txt
expect_rc 1 "FOUO-OBSOLETE (error by config) fails on error"
printf '(U) Plain.\n' >proj/docs/plain.txt
cat >proj/docs/.marklint.xml <<'XML'
<marklint xmlns="urn:marklint:config:1">
  <fail-on>info</fail-on>
  <min-severity>warning</min-severity>
</marklint>
XML
run "$marklint" --fail-on error proj/docs/fouo.txt
expect_rc 0 "--fail-on error wins over <fail-on>info"
rm proj/docs/.marklint.xml

# --print-config: the effective configuration, a valid config file
run "$marklint" --print-config proj/docs/deep/nf.txt
expect_rc 0 "--print-config"
expect_grep out '<fail-on>warning</fail-on>' "--print-config: fail-on"
expect_grep out '<rule id="NOFORN-UNJUSTIFIED" enabled="no"' \
	"--print-config: the disabled rule"
expect_grep out '<rule id="FOUO-OBSOLETE" enabled="yes" severity="error"' \
	"--print-config: the changed severity"
expect_grep out "proj/.marklint.xml" "--print-config names the file"
cp out printed.xml
run "$marklint" --config printed.xml --print-config
expect_rc 0 "the printed configuration is read back"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --relaxng "$srcdir/markings/config.rng" printed.xml \
		2>xmllint.err || fail "--print-config output does not validate"
fi
run "$marklint" --print-config --fail-on info --no-config
expect_grep out '<fail-on>info</fail-on>' "--print-config with options"

# a configuration that adds a rule file, relative to itself
mkdir -p withrules/cfg
cat >withrules/cfg/scg.xml <<'XML'
<rules xmlns="urn:marklint:rules:1">
  <citation id="test-widget-scg" group="security classification guide"
            noforn="yes" foreign="yes">
    <pattern>Widget Program SCG</pattern>
    <example>per the Widget Program SCG, item 4</example>
    <counterexample>the widget program</counterexample>
  </citation>
</rules>
XML
printf '<marklint xmlns="urn:marklint:config:1">\n  <authorities href="cfg/scg.xml"/>\n</marklint>\n' \
	>withrules/.marklint.xml
printf '(S//NF) The widget design, per the Widget Program SCG, item 4.\n' \
	>withrules/cited.txt
run "$marklint" withrules/cited.txt
expect_rc 0 "an <authorities> file makes the citation count"
expect_grep out "NOFORN-JUSTIFIED" "the cited marking is reported as info"

# bad configurations: FILE:LINE: reason, exit 2, nothing read
mkdir bad
printf '(S//NF) The widget design.\n' >bad/nf.txt
bad_config() { # WHAT LINE CONTENT
	printf '%s' "$3" >bad/.marklint.xml
	run "$marklint" bad/nf.txt
	expect_rc 2 "$1"
	expect_lines err 1 "$1: one line on stderr"
	expect_grep err "bad/.marklint.xml:$2: " "$1: FILE:LINE"
	[ -s out ] && fail "$1: wrote to stdout"
}
bad_config "unknown rule ID" 3 '<marklint xmlns="urn:marklint:config:1">

  <rule id="NO-SUCH-RULE" enabled="no"/>
</marklint>'
expect_grep err "NO-SUCH-RULE" "the unknown rule ID is named"
bad_config "bad severity" 2 '<marklint xmlns="urn:marklint:config:1">
  <fail-on>fatal</fail-on>
</marklint>'
expect_grep err "fail-on must be error, warning or info, not 'fatal'" \
	"a bad value: the allowed values are named"
expect_no_grep err "interleave" "a bad value: not libxml2's words"
bad_config "not well-formed" 3 '<marklint xmlns="urn:marklint:config:1">
  <fail-on>error</fail-on>
  <rule id="A"></marklint>'
bad_config "unknown element" 2 '<marklint xmlns="urn:marklint:config:1">
  <exclude>*.txt</exclude>
</marklint>'
expect_grep err "unknown element <exclude>: a configuration holds fail-on, min-severity, rules, authorities, lanes, rule or memo" \
	"an unknown element: the allowed ones are named"
bad_config "unknown memo element" 3 '<marklint xmlns="urn:marklint:config:1">
  <memo>
    <to>RECORD</to>
  </memo>
</marklint>'
expect_grep err "unknown element <to> in <memo>: it holds for, from, signature or date" \
	"<memo>: the allowed elements are named"
bad_config "empty memo element" 3 '<marklint xmlns="urn:marklint:config:1">
  <memo>
    <date/>
  </memo>
</marklint>'
expect_grep err "<date> is empty" "<memo>: an empty element"
bad_config "bad enabled" 2 '<marklint xmlns="urn:marklint:config:1">
  <rule id="FOUO-OBSOLETE" enabled="off"/>
</marklint>'
expect_grep err "enabled must be yes or no, not 'off'" \
	"a bad enabled: the allowed values are named"
bad_config "bad rule severity" 3 '<marklint xmlns="urn:marklint:config:1">
  <fail-on>error</fail-on>
  <rule id="FOUO-OBSOLETE" severity="high"/>
</marklint>'
expect_grep err "severity must be error, warning or info, not 'high'" \
	"a bad rule severity: the allowed values are named"
bad_config "wrong namespace" 1 '<marklint>
</marklint>'
printf '<!DOCTYPE m [<!ENTITY e SYSTEM "/etc/passwd">]>\n<marklint xmlns="urn:marklint:config:1">&e;</marklint>\n' \
	>bad/.marklint.xml
run "$marklint" bad/nf.txt
expect_rc 2 "a DOCTYPE"
expect_no_grep err "root:" "no external entity is read"
run "$marklint" --config no-such-config.xml nf.txt
expect_rc 2 "--config no-such-config.xml"
expect_grep err "no-such-config.xml" "the missing configuration is named"
finish
