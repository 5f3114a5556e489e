/**
 * shell: the terminal's bash (and a pod's sh), the commands it runs, and the files it sees.
 *
 * Contract:
 * - `createShell(world, start, options)` (session.ts) gives a `Shell`: `exec(line, out)`
 *   runs one line (or several) and streams `{stream, text}` chunks, resolving with `$?`;
 *   `run(script, out)` runs a paste or a script command by command (script.ts splits it the
 *   way bash's secondary prompt would); `interrupt()` is Ctrl-C; `complete(line, cursor)`
 *   is Tab; `prompt()` says where the shell stands. Nothing a learner types makes it throw.
 * - The session is a stack of shells: `ssh HOST` and `kubectl exec -it` (ctx.enter) push,
 *   `exit` pops; at the bottom `exit` prints `logout` and leaves the session as it is.
 * - Commands are `CommandSpec`s in commands/<binary>/ registered in commands/index.ts;
 *   builtins that need the shell's own state are in builtins/. A machine whose `binaries`
 *   is set has only those programs (`bash: foo: command not found`, `sh: foo: not found`).
 * - `ctx.spawn(argv, place)` runs a program elsewhere (ip netns exec, kubectl exec, ssh HOST
 *   CMD); it returns 127 without a message when argv[0] does not exist there, so the caller
 *   prints its own tool's error (check first with `hasBinary`).
 * - A line runs through lexer.ts/parser.ts, then interpreter.ts (lists, jobs, pipelines,
 *   compound commands, word expansion with expand.ts and redirect.ts), then dispatch.ts
 *   (command search, the CommandContext, spawn, the hooks builtins get); messages.ts words the
 *   shell's own errors per flavour; runtime.ts is what the session hands the interpreter.
 * - Files: `machine.files`, /dev/null, and /proc/sys derived from the namespace's sysctls
 *   (fs.ts, proc-sys.ts). Redirections write there (`echo 1 > /proc/sys/...` sets a sysctl).
 * - Time: `sleep` and every ctx.sleep wait on the session's scheduler (fabric/scheduler.ts),
 *   which alone moves the world's virtual clock; a host may pace it with `options.wait`.
 * - Jobs (jobs.ts, builtins/jobs.ts): `cmd &` is a task of its own; jobs, kill %N, wait, fg,
 *   $!, and bash's `[1] PID` / `[1]+  Done ...` notices. Job output after the line ended goes
 *   to `Shell.onOutput` subscribers, else to the next exec.
 *
 * Supported syntax: quoting ('', "", \, $''), brace expansion ({a,b} {1..5}), parameters ($X ${X:-d} ${#X} ${X#p} $? $# $@
 * $1 ...), $( ) and backquotes, $(( )), ~, globbing over the machine's files, pipelines,
 * `time`, ! && || ; &, ( ) and { }, if/elif/else, for, while/until, break/continue, redirections
 * (< > >> 2> 2>&1 &> >&2 <<EOF <<-EOF <<'EOF' <<<), assignments (X=1, X=1 cmd), and
 * `read` consuming piped input line by line (`... | while read x; do ...; done`).
 * Builtins: cd pwd export unset set read exit logout break continue true false : echo printf
 * test [ type history help kill jobs wait fg; programs here: sh bash printenv env which (builtins/ reaching
 * the frame) and cat grep head tail wc sort uniq cut awk tr tee seq sleep hostname clear ls
 * ssh (commands/). $RANDOM draws from the world's seeded generator.
 * Differences from bash, deliberate: no stopped jobs (Ctrl-Z, bg); a job's text is as typed
 * (bash reprints it from the parse tree); a command line stops after CPU_STEPS steps (simple
 * commands and loop turns) as under `ulimit -t` (bash's SIGXCPU message, status 152); `help`
 * lists the commands of the machine (bash's lists its builtins); no functions, `case`,
 * aliases or `source`.
 *
 * May import: core, wire, net, fabric, cluster (commands), and its own modules.
 */
export { createShell, placeOf, type Shell, type ShellChunk, type ShellOptions, type ShellState } from './session.ts';
export { isComplete, splitCommands } from './script.ts';
export { CPU_STEPS } from './interpreter.ts';
export { hasBinary } from './dispatch.ts';
export type { CompletionResult } from './completion.ts';
export type { CommandContext, CommandSpec, Output, Place } from './types.ts';
