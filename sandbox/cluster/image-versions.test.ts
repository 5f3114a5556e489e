// A container image's own build of a tool. Sources: nicolaka/netshoot's Dockerfile at tag v0.14
// (FROM alpine:3.22.0, Alpine's edge repositories appended before `apk upgrade` / `apk add`)
// and its release workflow (.github/workflows/release-buildx.yml: built on the tag's push,
// 2025-06-23); pkgs.alpinelinux.org/package/v3.23/main/*/conntrack-tools: 1.4.8-r0 built
// 2024-03-12 (aports main/conntrack-tools/APKBUILD at commit
// fc95c59998285564fbcb0bfb2443898c62e10171), so edge carried it on
// 2025-06-23; conntrack-tools' src/conntrack.c at tag conntrack-tools-1.4.8 (`%s v%s
// (conntrack-tools)` before exit_error's and print_stats' texts, the usage text's "Version %s"
// and its --reply-src line spelling "address"; 1.4.7 spells it "addres").
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../scenarios/index.ts';
import { clusterScenario } from '../scenarios/fixtures.ts';
import { createShell } from '../shell/session.ts';
import { repoAndTag } from './image-versions.ts';

const pod = (name: string, image: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  nodeName: node-1\n  containers: [{name: c, image: ${image}, command: [sleep, infinity]}]`;

async function session() {
  const manifests = [pod('v14', 'nicolaka/netshoot:v0.14'), pod('full', 'docker.io/nicolaka/netshoot:v0.14'), pod('latest', 'nicolaka/netshoot')].join('\n---\n');
  const r = bootScenario(clusterScenario({ nodes: 1, manifests }), 5);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  return async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
}

describe('repoAndTag', () => {
  it('drops the registry and library/, keeps the tag, and reads no tag as latest', () => {
    expect(repoAndTag('docker.io/nicolaka/netshoot:v0.14')).toBe('nicolaka/netshoot:v0.14');
    expect(repoAndTag('nicolaka/netshoot')).toBe('nicolaka/netshoot:latest');
    expect(repoAndTag('docker.io/library/nginx:1.27@sha256:00')).toBe('nginx:1.27');
    expect(repoAndTag('localhost:5000/team/tool')).toBe('team/tool:latest');
  });
});

describe('conntrack in nicolaka/netshoot:v0.14 is conntrack-tools 1.4.8', () => {
  it('-V names 1.4.8 in the v0.14 container, however the reference spells the registry', async () => {
    const run = await session();
    expect(await run('kubectl exec v14 -- conntrack -V')).toEqual({ out: 'conntrack v1.4.8 (conntrack-tools)\n', err: '', status: 0 });
    expect((await run('kubectl exec full -- conntrack -V')).out).toBe('conntrack v1.4.8 (conntrack-tools)\n');
  });
  it('prefixes its errors with its own version (no NET_ADMIN in a container)', async () => {
    const run = await session();
    const r = await run('kubectl exec v14 -- conntrack -L');
    expect(r.err).toBe('conntrack v1.4.8 (conntrack-tools): Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\ncommand terminated with exit code 1\n');
  });
  it('prints 1.4.8\'s usage text: its version, and --reply-src spelt "address"', async () => {
    const run = await session();
    const h = (await run('kubectl exec v14 -- conntrack -h')).out;
    expect(h.split('\n')[0]).toBe('Command line interface for the connection tracking system. Version 1.4.8');
    expect(h).toContain('  -r, --reply-src ip\t\tSource address from reply direction\n');
  });
  it('the node keeps Debian 12\'s 1.4.7 (and its "addres")', async () => {
    const run = await session();
    expect((await run('conntrack -V')).out).toBe('conntrack v1.4.7 (conntrack-tools)\n');
    expect((await run('conntrack -h')).out).toContain('Source addres from reply direction\n');
  });
  it('the untagged image (latest, v0.16) has no established build: the node\'s version stands', async () => {
    const run = await session();
    expect((await run('kubectl exec latest -- conntrack -V')).out).toBe('conntrack v1.4.7 (conntrack-tools)\n');
  });
});
