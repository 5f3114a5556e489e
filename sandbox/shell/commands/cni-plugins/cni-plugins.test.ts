// CNI plugins as the shell runs them (bash's command search for a path, execve's
// environment): known by their full or relative path only where the file is, seeing exported
// variables and the command's own assignments; and rm/mv as coreutils word their errors.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { createShell } from '../../session.ts';

async function shell() {
  const r = bootScenario(clusterScenario({ nodes: 1 }), 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  return async (line: string) => {
    let out = '';
    let err = '';
    const res = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status: res.status };
  };
}

describe('/opt/cni/bin plugins from the shell', () => {
  it('a plain shell variable is not in the plugin\'s environment; an exported one and a prefix assignment are', async () => {
    const run = await shell();
    expect((await run('CNI_COMMAND=VERSION; /opt/cni/bin/host-local')).err).toMatch(/^CNI host-local plugin v1\.1\.1\n/);
    expect((await run('CNI_COMMAND=VERSION /opt/cni/bin/host-local')).out).toBe('{"cniVersion":"1.0.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0"]}\n');
    expect((await run('export CNI_COMMAND=VERSION; /opt/cni/bin/host-local')).out).toContain('supportedVersions');
  });

  it('runs by relative path, is not on PATH, and is gone with its file', async () => {
    const run = await shell();
    expect((await run('cd /opt/cni/bin && CNI_COMMAND=VERSION ./bridge')).status).toBe(0);
    expect(await run('bridge-nope')).toMatchObject({ status: 127 });
    expect((await run('help')).out).not.toContain('/opt/cni/bin');
    expect(await run('rm /opt/cni/bin/bridge; /opt/cni/bin/bridge')).toMatchObject({ status: 127, err: 'bash: /opt/cni/bin/bridge: No such file or directory\n' });
  });

  it('rm and mv: coreutils\' messages and effects', async () => {
    const run = await shell();
    expect(await run('rm /nope')).toMatchObject({ status: 1, err: "rm: cannot remove '/nope': No such file or directory\n" });
    expect(await run('rm -f /nope')).toMatchObject({ status: 0, err: '' });
    expect(await run('rm /etc/cni')).toMatchObject({ status: 1, err: "rm: cannot remove '/etc/cni': Is a directory\n" });
    expect(await run('mv /nope /tmp')).toMatchObject({ status: 1, err: "mv: cannot stat '/nope': No such file or directory\n" });
    expect((await run('mv /etc/cni/net.d/10-flannel.conflist /etc/cni/net.d/99-flannel.conflist && ls /etc/cni/net.d')).out).toBe('99-flannel.conflist\n');
    expect((await run('mv -v /etc/cni/net.d/99-flannel.conflist /root/ && ls /root')).out).toBe("renamed '/etc/cni/net.d/99-flannel.conflist' -> '/root/99-flannel.conflist'\n99-flannel.conflist\n");
    expect((await run('rm -r /var/lib/cni/networks && ls /var/lib/cni')).out).toBe('flannel\n');
  });
});
