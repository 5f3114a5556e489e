// The iptables sctp match (libxt_sctp, xt_sctp), against real iptables 1.8.9 (nf_tables)
// captures (tests/fixtures/edge-details/golden): `-p sctp --dport` loads the match implicitly,
// -S/-L/iptables-save print it as kube-proxy's rules need, `-m sctp` without `-p sctp` is
// refused by the kernel (xt_check_match: EINVAL), a bad port is iptables' usage error.
import { describe, expect, it } from 'vitest';
import { lab, run } from './traffic-lab.helper.ts';
import { edgeGolden } from './edge-details.helper.ts';

const SETUP = 'iptables -N EDL-SCTP && iptables -A EDL-SCTP -p sctp --dport 9999 -j ACCEPT && iptables -A EDL-SCTP -p sctp -m sctp --sport 1000:2000 -j DROP && ' +
  'iptables -A EDL-SCTP -d 10.96.0.20/32 -p sctp -m comment --comment "default/s:sc cluster IP" -m sctp --dport 9999 -j RETURN';

describe('iptables -p sctp', () => {
  it('appends, lists and saves sctp port matches as iptables does', async () => {
    const world = lab();
    const s = await run(world, 'lab-node1', `${SETUP} && iptables -S EDL-SCTP`);
    expect(s).toMatchObject({ status: 0, stdout: edgeGolden('lab-node1.iptables-sctp-dport') });
    expect((await run(world, 'lab-node1', 'iptables-save -t filter | grep EDL-SCTP')).stdout).toBe(edgeGolden('lab-node1.iptables-sctp-save'));
    expect((await run(world, 'lab-node1', 'iptables -L EDL-SCTP -n')).stdout).toBe(edgeGolden('lab-node1.iptables-sctp-L'));
  });

  it.each([
    ['iptables -A EDL-SCTP -m sctp --dport 9 -j ACCEPT', 'lab-node1.iptables-sctp-no-p', 4],
    ['iptables -A EDL-SCTP -p sctp --dport 70000 -j ACCEPT', 'lab-node1.iptables-sctp-bad-port', 2],
  ])('%s fails as iptables does', async (line, file, status) => {
    const world = lab();
    await run(world, 'lab-node1', SETUP);
    const r = await run(world, 'lab-node1', line);
    expect(r.status).toBe(status);
    expect(r.stderr).toBe(edgeGolden(file, 'stderr'));
  });

  it('iptables-restore fails the whole batch at COMMIT, naming the refused rule\'s line', async () => {
    const world = lab();
    const r = await run(world, 'lab-node1', 'printf "*filter\\n:EDLX - [0:0]\\n-A EDLX -m sctp --dport 5 -j ACCEPT\\nCOMMIT\\n" | iptables-restore --noflush');
    expect(r.status).toBe(4);
    expect(r.stderr).toBe(edgeGolden('lab-node1.iptables-restore-sctp-no-p', 'stderr'));
    expect((await run(world, 'lab-node1', 'iptables-save -t filter | grep -c EDLX')).stdout).toBe('0\n');
  });

  it('the same kernel check refuses -m tcp and -m udp on a rule of another protocol', async () => {
    const world = lab();
    expect((await run(world, 'lab-node1', 'iptables -A INPUT -p udp -m tcp --dport 9 -j ACCEPT')).status).toBe(4);
    expect((await run(world, 'lab-node1', 'iptables -A INPUT -m udp --dport 9 -j ACCEPT')).status).toBe(4);
    expect((await run(world, 'lab-node1', 'iptables -A INPUT -p udp -m udp --dport 9 -j ACCEPT')).status).toBe(0);
  });
});
