// tcpdump in the reference lab, captured the way lab.sh did (tcpdump first, curl from a pod,
// then Ctrl-C), compared with golden/*.tcpdump-*: ARP before the first packet, the TCP
// handshake and HTTP segments with relative sequence numbers, VXLAN decoded as OTV with the
// inner packet, -e MAC headers, -v IP headers and offloaded checksums, the SIGINT ending.
import { describe, expect, it } from 'vitest';
import { during, golden, lab, maskTcpdump } from './traffic-lab.helper.ts';

describe('tcpdump in the reference lab', () => {
  it.each([
    ['lab-node1', 'tcpdump -i cni0', 'lab-n1-pa', 'curl -sS -m 5 http://10.244.1.3:8080/', 'lab-node1.tcpdump-i-cni0.during-curl-pa-to-pb'],
    ['lab-node1', 'tcpdump -nn -c 4 -i eth0 udp port 8472', 'lab-n1-pa', 'curl -sS -m 5 http://10.244.2.2:8080/', 'lab-node1.tcpdump-nn-c4-i-eth0-udp-8472.during-curl-pa-to-pc'],
    ['lab-node1', 'tcpdump -nn -c 4 -i flannel.1', 'lab-n1-pb', 'curl -sS -m 5 http://10.244.2.3:8080/', 'lab-node1.tcpdump-nn-c4-i-flannel.1.during-curl-pb-to-pd'],
    ['lab-node2', 'tcpdump -nn -v -c 2 -i eth0 udp port 8472', 'lab-n2-pc', 'curl -sS -m 5 http://10.244.1.2:8080/', 'lab-node2.tcpdump-nn-v-c2-i-eth0-udp-8472.during-curl-pc-to-pa'],
  ])('%s: %s during %s', async (on, capture, from, traffic, file) => {
    const world = lab();
    // ARP entries from earlier traffic would hide the ARP exchange; the lab started fresh too.
    const { cap, traffic: t } = await during(world, on, capture, from, traffic);
    expect(t.status).toBe(0);
    expect(cap.status).toBe(0);
    expect(maskTcpdump(cap.stdout)).toBe(maskTcpdump(golden(file)));
    expect(maskTcpdump(cap.stderr)).toBe(maskTcpdump(golden(file, 'stderr')));
  });

  it('-nn -e on cni0 shows the MAC header and frame lengths of a bridged pod-to-pod exchange', async () => {
    const { cap } = await during(lab(), 'lab-node1', 'tcpdump -nn -e -i cni0 tcp port 8080', 'lab-n1-pb', 'curl -sS -m 5 http://10.244.1.2:8080/');
    const want = maskTcpdump(golden('lab-node1.tcpdump-nn-e-i-cni0-tcp-8080.during-curl-pb-to-pa')).split('\n');
    const got = maskTcpdump(cap.stdout).split('\n');
    // The closing segments race in the real capture (here curl's FIN went out before the
    // server's FIN arrived); the handshake, request, answer and the server's FIN are the same
    // line for line, and the capture ends with an acknowledgement, as there.
    expect(got.slice(0, 10)).toEqual(want.slice(0, 10));
    expect(got.filter(Boolean).at(-1)).toMatch(/Flags \[\.\], ack \d+, win/);
  });

  it('rejects unknown devices and bad filters with tcpdump\'s messages', async () => {
    const world = lab();
    const { cap } = await during(world, 'lab-node1', 'tcpdump -i nosuchdev', 'lab-n1-pa', 'true');
    expect(cap).toMatchObject({ status: 1, stderr: 'tcpdump: nosuchdev: No such device exists\n(No such device exists)\n' });
    const bad = await during(world, 'lab-node1', 'tcpdump -i eth0 port', 'lab-n1-pa', 'true');
    expect(bad.cap.status).toBe(1);
    expect(bad.cap.stderr).toMatch(/^tcpdump: /);
  });
});
