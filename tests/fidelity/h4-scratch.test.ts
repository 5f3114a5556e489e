import { it } from 'vitest';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { commands } from '../../sandbox/shell/commands/index.ts';
import { curl } from '../../sandbox/shell/commands/curl/index.ts';
import { ping } from '../../sandbox/shell/commands/ping/index.ts';
import { tcpdump } from '../../sandbox/shell/commands/tcpdump/index.ts';
it('scratch', async () => {
  const r = bootScenario('reference-lab', 1);
  if (typeof r === 'string') throw new Error(r);
  const cmds = [...commands, curl, ping, tcpdump];
  const pa = createShell(r.world, 'lab-n1-pa', { commands: cmds });
  const n1 = createShell(r.world, 'lab-node1', { commands: cmds });
  const n2 = createShell(r.world, 'lab-node2', { commands: cmds });
  const cap = async (sh: typeof n1, line: string, traffic: string, trafficShell = pa) => {
    let out = ''; let err = '';
    const p = sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    let o2 = '';
    await trafficShell.exec(traffic, (c) => { o2 += c.text; });
    sh.interrupt();
    const { status } = await p;
    console.log(`$ ${line} [${status}]\n${out}--stderr--\n${err}--traffic--\n${o2}`);
  };
  await cap(n1, 'tcpdump -i cni0', 'curl -sS -m 5 http://10.244.1.3:8080/');
  await cap(n1, 'tcpdump -nn -c 4 -i eth0 udp port 8472', 'curl -sS -m 5 http://10.244.2.2:8080/');
  await cap(n1, 'tcpdump -nn -e -i cni0 tcp port 8080', 'curl -sS -m 5 http://10.244.1.2:8080/', createShell(r.world, 'lab-n1-pb', { commands: cmds }));
  await cap(n2, 'tcpdump -nn -v -c 2 -i eth0 udp port 8472', 'curl -sS -m 5 http://10.244.1.2:8080/', createShell(r.world, 'lab-n2-pc', { commands: cmds }));
  await cap(n1, 'tcpdump -nn -i any icmp or arp', 'ping -c 3 10.244.2.2; ping -c 2 -W 1 10.96.0.10; ping -c 2 -W 1 10.244.9.9; ping -c 2 10.0.16.1');
});
