// kubectl port-forward and kubectl debug under random argument lines: no exception, a status
// between 0 and 255, and a refused line leaves the cluster's objects and the machine's
// listening sockets as they were; a port-forward that ran leaves no listener behind once it
// ended (Ctrl-C after a virtual minute, as the other harnesses give it).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { runLine } from '../../sandbox/shell/test-run-line.ts';

// Lines are shaped as learners type them (a target, then ports or flags) with bad values mixed
// in, so that many reach the listening and creating paths, not only the parsers' refusals.
const PF_TARGETS = ['pod/toolbox', 'toolbox', 'svc/kube-dns', 'deploy/web', 'rs/nope', 'deploy/nope', 'cm/x', 'node/node-1', 'service/ingress-nginx-controller', 'pod/', ''];
const PF_PORTS = ['8080:80', ':80', '80', '0:80', '80:0', 'abc', '1:2:3', '99999', ':', '8080:http', '9153:metrics', 'dns-tcp', '53', '6443:80'];
const PF_FLAGS = ['--address', '--address=0.0.0.0', '--address=localhost', '--address=::1', '--address=127.0.0.1,localhost', '--address=x.y', '--address=10.0.16.11',
  '-n', '-nkube-system', '-ningress-nginx', '--pod-running-timeout=1s', '--pod-running-timeout=0s', '--pod-running-timeout=bad', '--', '-h', '--nope'];
const DEBUG_TARGETS = ['toolbox', 'pod/toolbox', 'node/node-1', 'node/node-9', 'nope', 'deploy/web', ''];
const DEBUG_FLAGS = ['-it', '-i', '-t', '--image=busybox', '--image', '--image=nicolaka/netshoot', '--image=ngnix', '--image=Bad::x', '--target=netshoot', '--target=nope',
  '--copy-to=copy', '--copy-to=toolbox', '--container=dbg', '-cwhoami', '--profile=netadmin', '--profile=general', '--profile=bogus', '--share-processes', '--same-node',
  '--replace', '-q', '--attach=false', '--set-image=*=busybox', '--set-image=bad', '-nkube-system', '--arguments-only'];
const COMMANDS = [[], ['--', 'ip', 'addr'], ['--', 'sh'], ['--', 'true'], ['--', 'false'], ['--', 'nosuch']];

const world0 = (() => {
  const b = bootScenario(scenarioText('default')!, 5);
  if (typeof b === 'string') throw new Error(b);
  return b.world;
})();

describe('kubectl port-forward and debug under random argument lines', () => {
  it('never throw; a refused line changes nothing; no listener outlives the command', async () => {
    const world = structuredClone(world0);
    const sh = createShell(world, 'node-1');
    const node = world.netns.get(sh.place().netns.id)!;
    const words = fc.oneof(
      fc.tuple(fc.constantFrom(...PF_TARGETS), fc.array(fc.constantFrom(...PF_PORTS), { maxLength: 3 }), fc.array(fc.constantFrom(...PF_FLAGS), { maxLength: 2 }))
        .map(([t, ports, flags]) => ['port-forward', t, ...ports, ...flags]),
      fc.tuple(fc.constantFrom(...DEBUG_TARGETS), fc.array(fc.constantFrom(...DEBUG_FLAGS), { maxLength: 6 }), fc.constantFrom(...COMMANDS))
        .map(([t, flags, cmd]) => ['debug', t, ...flags, ...cmd]),
    );
    let forwarded = 0;
    await fc.assert(fc.asyncProperty(words, async (w) => {
      const rv = world.cluster!.resourceVersion;
      // -it sessions move the shell into the pod: leave them so the next line starts on node-1.
      const r = await runLine(world, sh, `kubectl ${w.join(' ')}`);
      while (sh.depth() > 1) await runLine(world, sh, 'exit');
      if (r.out.includes('Forwarding from')) forwarded++;
      expect(Number.isInteger(r.status) && r.status >= 0 && r.status <= 255).toBe(true);
      // kubectl's listeners close with it (the node's daemons keep theirs, resynced meanwhile).
      expect(node.listeners.filter((l) => l.serve.params.process === 'kubectl')).toEqual([]);
      // A refusal is kubectl's own error line (an attached command's failure is the container's,
      // not kubectl's); a debug that created its pod or container first keeps it, as kubectl does.
      const refused = r.status !== 0 && /^(error: |Error from server|The \w+ ")/m.test(r.err);
      const wrote = /Creating debugging pod|Defaulting debug container name/.test(r.out) || r.err.includes('Warning: container');
      if (refused && !wrote) expect(world.cluster!.resourceVersion, `kubectl ${w.join(' ')}\n${r.err}`).toBe(rv);
    }), { numRuns: 300 });
    sh.dispose();
    // The lines reach the listening path, not only the parsers' refusals.
    expect(forwarded).toBeGreaterThan(0);
  }, 180_000);
});
