/**
 * The shell and its text utilities against the real bash and GNU coreutils/grep/mawk of this
 * machine: each case runs in real bash (in a temporary directory holding the fixture files)
 * and in the simulator (the same files in /root), and stdout, stderr and status must match.
 * Skipped where a real tool is missing.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShell } from './session.ts';
import { testWorld } from './test-world.ts';

const FILES: Record<string, string> = {
  'pods.txt': [
    'NAME                     READY   STATUS    RESTARTS   AGE   IP           NODE',
    'web-5d9c-abcde           1/1     Running   0          5m    10.244.1.2   node-1',
    'web-5d9c-fghij           1/1     Running   2          5m    10.244.2.3   node-2',
    'db-0                     0/1     Pending   0          1m    <none>       <none>',
    'client                   1/1     Running   0          12m   10.244.1.7   node-1',
  ].join('\n') + '\n',
  'routes.txt': 'default via 10.0.16.1 dev eth0\n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n',
  'nums.txt': '10\n9\n100\n-3\n2.5\n9\n1k\n2M\n\nabc\n',
  'csv.txt': 'name,port,proto\nweb,80,TCP\ndns,53,UDP\ndns,53,TCP\napi,6443,TCP\n',
  'words.txt': 'b\na\nb\nB\nc\nc\nc\na\n',
  'tabs.txt': 'a\tb\tc\nd\te\nno-tab-here\n',
  'noeol.txt': 'one\ntwo',
};

const CASES = [
  // quoting, expansion, control flow
  `echo "a  b" 'c  d' e\\ \\ f`,
  `X=1; Y="two words"; echo $X "$Y" $Y; echo \${Z:-default} \${#Y}`,
  `false; echo $?; true && echo yes || echo no; false || echo fallback`,
  `echo $(echo nested $(echo deep)) "$(printf 'a\\nb\\n')"`,
  `x=1; echo "\${x:+"set $x"}" "\${x}}"; unset x; echo "\${x:-"$(echo d)"}" "\${x:-a"b"c}" "\${x:-'q'}" "\${x:-\\"e\\"}" \${x:-"u v"}`,
  `for i in 1 2 3; do echo item $i; done; i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done`,
  `if [ -f pods.txt ]; then echo file; else echo none; fi; [ abc = abc ] && echo eq`,
  `cat <<EOF\nhome is $HOME\n  indented \\$notvar\nEOF`,
  `cat <<'EOF'\nliteral $HOME\nEOF`,
  `echo out; echo err >&2; echo both 2>&1 >/dev/null`,
  `echo first > f.txt; echo second >> f.txt; cat f.txt; wc -l < f.txt`,
  `nosuchcmd 2>/dev/null; echo status $?`,
  `echo -n no newline; echo; echo -e 'tab\\there'`,
  `printf '%s=%d\\n' a 1 b 2; printf '%5s|%-5s|\\n' x y`,
  `set -- a b c; echo $# $1 $3 "$@"`,
  `echo $(( (2+3)*4 )) $((7%3)) $((-7/2)) $((2**10))`,
  `x=5; echo \${x:+set} \${unset:-u} \${x#5} \${HOME%/root}x`,
  `printf 'a b c\nd e\n' | while read x y; do echo "[$x] [$y]"; done; printf 'l1\nl2' | while read -r l; do echo "<$l>"; done`,
  `read a b <<< 'x\\ y z'; echo "$a|$b"; echo 'p q' | { read; echo "$REPLY"; }`,
  `cut -d' ' -f1 routes.txt | while read net; do echo "route to $net"; done | sort -r | head -2`,
  `echo {a,b,c} x{1..3}y {01..03} {c..a} {1..10..4} pre{a,{b,c}}post '{a,b}' {solo} {1..} \${X:-{a,b}}`,
  `for i in {1..3}; do echo n$i; done; echo /etc/{hosts,resolv.conf}`,
  `{ time true; } 2>&1 | cut -c1-4; { time sleep 0; } 2>&1 | grep -c real`,
  // grep
  `grep Running pods.txt`,
  `grep -v Running pods.txt | grep -c .`,
  `grep -n -i WEB pods.txt`,
  `grep -E '10\\.244\\.(1|2)\\.' pods.txt | awk '{print $1, $6}'`,
  `grep -o '10\\.[0-9.]*' pods.txt`,
  `grep -w dns csv.txt; grep -x 'web,80,TCP' csv.txt`,
  `grep -A1 db pods.txt; grep -B1 -n client pods.txt`,
  `grep -C1 -e db -e web-5d9c-abcde pods.txt`,
  `grep -c TCP csv.txt routes.txt; grep -l TCP csv.txt routes.txt; grep -h via routes.txt`,
  `grep -q Pending pods.txt && echo found`,
  `grep nomatch pods.txt; echo $?; grep x missing.txt; echo $?`,
  `grep 'flannel\\.1$' routes.txt | cut -d' ' -f1`,
  `grep '^[0-9]\\{2\\}' routes.txt`,
  `grep -F '10.244.1.' pods.txt`,
  // head/tail/wc
  `head -n 2 pods.txt; head -2 routes.txt; tail -n 1 pods.txt; tail -2 csv.txt`,
  `tail -n +3 pods.txt | head -n -1`,
  `head -c 10 csv.txt; echo; tail -c 5 csv.txt`,
  `head -n 1 pods.txt csv.txt`,
  `wc -l pods.txt; wc pods.txt csv.txt; cat pods.txt | wc -w; wc -c < csv.txt`,
  `cat noeol.txt | wc -l; wc noeol.txt`,
  `echo hi | wc`,
  // sort/uniq/cut
  `sort words.txt | uniq -c`,
  `sort -u words.txt; sort -r words.txt | head -3`,
  `sort -n nums.txt`,
  `sort -h nums.txt`,
  `sort -t, -k2 -n csv.txt; sort -t, -k3,3 -k1,1r csv.txt`,
  `awk 'NR>1 {print $3}' pods.txt | sort | uniq -c | sort -rn`,
  `sort -k5 pods.txt`,
  `uniq -d words.txt; uniq -u words.txt; sort words.txt | uniq -i -c`,
  `cut -d, -f1,3 csv.txt; cut -c1-3 words.txt | head -2`,
  `cut -f2 tabs.txt; cut -s -f1,3 tabs.txt`,
  `cut -d, -f2- --output-delimiter=: csv.txt`,
  // awk
  `awk '{print $1}' pods.txt`,
  `awk '{print $NF}' routes.txt; awk -F, '{print $2}' csv.txt`,
  `awk '/Running/ {print $1, $6}' pods.txt`,
  `awk 'NR==2' pods.txt; awk 'END {print NR}' pods.txt`,
  `awk -F, '$3 == "TCP" {n++} END {print n, "tcp"}' csv.txt`,
  `awk -F, 'NR>1 {sum += $2} END {print sum, sum/NR}' csv.txt`,
  `awk '{c[$3]++} END {for (s in c) n++; print n}' pods.txt`,
  `awk 'BEGIN {printf "%-5s|%5.2f|%x\\n", "ab", 3.14159, 255}'`,
  `awk '{ $2 = "X"; print }' routes.txt`,
  `awk -F, -v OFS=';' '{print $1, $3}' csv.txt`,
  `awk 'length($0) > 40' pods.txt`,
  `awk '{print toupper(substr($1, 1, 3)), index($0, "via")}' routes.txt`,
  `echo "a b c" | awk '{n = split($0, parts, " "); print n, parts[2]}'`,
  `awk 'NR==1, NR==2 {print NR": "$1}' pods.txt`,
  `echo 1000000 0.1 | awk '{print $1 * 3, $2 * 3, $1 / 7}'`,
  `echo 'a:b' | awk -F: '{gsub(/a/, "A"); print $0, NF}'`,
  // tr, seq, misc
  `echo Hello World | tr a-z A-Z; echo hello | tr -d l; echo aaabbb | tr -s ab`,
  `echo 'a,b,c' | tr , '\\n'; echo abc | tr -c a x; echo`,
  `seq 3; seq 2 4; seq 0 5 20; seq -s, 5; seq -w 8 10`,
  `cat -n words.txt | head -3; cat -A tabs.txt`,
  `echo one | tee t1.txt t2.txt; cat t1.txt t2.txt`,
  `sh -c 'echo in sh $0 $1' name arg; bash -c 'exit 3'; echo $?`,
  `echo a | sh -c 'cat; echo b'`,
  `sh -c 'true\nnosuch\ncd /x; echo $?'; sh -c 'echo a | | b'; echo $?; sh -c 'if then'; sh -c "echo 'open"`,
  `sh -c 'echo \\$0 $0 $# "$@"' zero one two; bash -c 'echo $0' name`,
  `sh -c 'echo -e "a\\tb"; echo -n x; echo "c\\nd"'; echo; bash -c 'echo "c\\nd"'`,
  `(cd /tmp; pwd); cd /; pwd; { echo grouped; echo too; } | wc -l`,
  `export FOO=bar; printenv FOO; env | grep -c '^FOO='; unset FOO; printenv FOO; echo $?`,
  `type echo cd; which grep | grep -c grep`,
  `cat - pods.txt < csv.txt | head -3; wc -L pods.txt; sort -t, -k2,2n csv.txt | head -2`,
  `echo "a:b:c" | awk -F: -v OFS=- '{$1=$1; print}'; printf '%s\n' b a | sort | tr '\n' ' '; echo`,
  `grep -E 'Run|Pend' pods.txt | wc -l; head -n 3 pods.txt | tail -n 1 | awk '{print $6}'`,
  `echo $HOME ~ ~/x "~" ~root; x=$(grep -c Running pods.txt); echo "running=$x"`,
  `[ -n "$UNSET" ] || echo empty; test 3 -gt 2 && echo gt; [ -d /etc ] && [ ! -e /nope ] && echo dirs`,
  `kill -0 2>/dev/null; echo $?; kill; kill 12345; kill %1; kill abc; kill -l; grep -c '' noeol.txt`,
  `awk '{ printf "%-10s %s\n", $1, $3 }' pods.txt | tail -2; awk 'NR%2==0 {next} {print NR}' words.txt`,
  // error messages and statuses
  `head -n x pods.txt; echo $?; tail -n q pods.txt; echo $?`,
  `head nofile; tail nofile; wc nofile; sort nofile; uniq nofile; cut -f1 nofile; cat nofile; echo $?`,
  `grep; echo $?; grep --frobnicate x; echo $?; grep -Z; echo $?`,
  `cut pods.txt; echo $?; cut -f 0 pods.txt; cut -d ab -f1 pods.txt; cut -f a pods.txt`,
  `sort -k 0 pods.txt; echo $?; sort -t ab pods.txt; echo $?`,
  `tr; tr a; echo $?`,
  `awk '{print $1' pods.txt; echo $?; awk; echo $?; awk '{print}' nofile; echo $?`,
  `cd /nonexistent; echo $?; cd pods.txt; echo $?`,
  `export 1bad=x; echo $?; exit foo`,
  `seq; seq 1 0 3; seq x`,
  `sleep; sleep x; echo $?`,
  `echo $((1/0)); echo after`,
];

const realBashOk = spawnSync('bash', ['-c', 'command -v mawk && command -v grep && command -v sort'], { encoding: 'utf8' }).status === 0;

/** Runs a case in real bash in a fresh directory with the fixtures. */
function real(cmd: string): { out: string; err: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pw-fid-'));
  for (const [n, c] of Object.entries(FILES)) writeFileSync(join(dir, n), c);
  // HOME=/root so expansions agree; LANG=C.UTF-8 as on the simulated nodes.
  const r = spawnSync('bash', ['-c', cmd], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8' } });
  // Non-interactive bash writing to a pipe says `bash: line N: ...`; the simulated shell
  // writes to a terminal, where bash leaves the line number out.
  return { out: r.stdout, err: r.stderr.replace(/^bash: line \d+: /gm, 'bash: '), status: r.status ?? -1 };
}

/** Runs a case in the simulator as `bash -c` on node-1 with the fixtures in /root. */
async function sim(cmd: string): Promise<{ out: string; err: string; status: number }> {
  const world = testWorld();
  const m = world.machines.get('node-1');
  for (const [n, c] of Object.entries(FILES)) m?.files.set('/root/' + n, c);
  const sh = createShell(world, 'node-1');
  let out = '';
  let err = '';
  // The same source through `bash -c`, so messages carry the non-interactive form as above.
  const quoted = "'" + cmd.replace(/'/g, "'\\''") + "'";
  const r = await sh.exec(`bash -c ${quoted}`, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

describe.skipIf(!realBashOk)('shell and text utilities match real bash/coreutils/mawk', () => {
  expect(execFileSync('bash', ['--version'], { encoding: 'utf8' })).toContain('GNU bash');
  for (const cmd of CASES) {
    it(cmd.replace(/\n/g, '\\n').slice(0, 100), async () => {
      const want = real(cmd);
      const got = await sim(cmd);
      expect(got).toEqual(want);
    });
  }
});
