// ICMP errors as Linux sends them (net/ipv4/icmp.c __icmp_send), against real captures
// (tests/fixtures/edge-details/golden, kernel 6.x, traceroute 2.1, tcpdump 4.99):
// - an error about a packet sent to one of the namespace's own addresses comes from that
//   address, so traceroute's last hop is the destination itself (a pod tracing its own node
//   ends at hop 1 with the node's address, not the cni0 gateway the route back prefers);
// - the error quotes the whole offending packet up to 576 bytes and carries TOS 0xc0, and
//   tcpdump -v prints the quoted packet under the error.
import { describe, expect, it } from 'vitest';
import { during, lab, maskTcpdump, run } from './traffic-lab.helper.ts';
import { edgeGolden, maskRtt } from './edge-details.helper.ts';

describe('ICMP errors as the kernel builds them', () => {
  it('traceroute from a pod to its own node ends at hop 1 with the address probed', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'traceroute -n -q 1 10.0.16.11');
    expect(r.status).toBe(0);
    expect(maskRtt(r.stdout)).toBe(maskRtt(edgeGolden('lab-n1-pa.traceroute-n-node1')));
  });

  it('traceroute to a pod on another node ends with that pod', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'traceroute -n -q 1 10.244.2.2');
    const want = maskRtt(edgeGolden('lab-n1-pa.traceroute-n-pod-other-node')).split('\n');
    const got = maskRtt(r.stdout).split('\n');
    // The real first hop was silent (`*`, the node's ICMP rate limit after the previous
    // trace); the hops after it are the same lines.
    expect(got.slice(2)).toEqual(want.slice(2));
    expect(got[0]).toBe(want[0]);
  });

  it('tcpdump -v shows the port unreachable with TOS 0xc0 and the whole quoted datagram', async () => {
    const { cap } = await during(lab(), 'lab-node1', 'tcpdump -v -n -l -c 2 -i cni0 icmp', 'lab-n1-pa',
      'printf x | nc -u -w1 10.244.1.3 9; printf %100s | tr " " A | nc -u -w1 10.244.1.3 9');
    expect(maskTcpdump(cap.stdout)).toBe(maskTcpdump(edgeGolden('lab-node1.tcpdump-v-icmp-quote')));
  });
});
