/**
 * The version a container image's own build of a tool prints, where that build is established
 * and differs from the node's: the shell's commands print the nodes' Debian 12 builds unless
 * the container they run in has an entry here.
 *
 * nicolaka/netshoot does not carry one Alpine release's packages: its Dockerfile appends
 * Alpine's edge repositories (main, community, testing) and runs `apk upgrade` and `apk add`,
 * so every package is edge's as of the day the tag was built (the release workflow builds on
 * the tag's push). v0.14 was built from alpine:3.22.0 on 2025-06-23; edge's version of a
 * package that day is established where a branch cut from edge later still carries a build
 * made before that day (pkgs.alpinelinux.org, branch v3.23):
 * - conntrack-tools 1.4.8-r0, built 2024-03-12 (aports commit fc95c599).
 * The untagged image (latest; v0.16 in nicolaka/netshoot's history as fetched, alpine:3.24.1
 * and edge of 2026-07-01) has no entry: no later branch's builds are at hand to establish
 * edge's versions of that day.
 *
 * May import: fabric (the world and its machines).
 */
import type { Machine, World } from '../fabric/world.ts';

/** The tools whose version an image entry may give. */
export type VersionedTool = 'conntrack';

/** Versions by image reference (repository path and tag, as `repoAndTag` spells it). */
const IMAGE_TOOL_VERSIONS: Readonly<Record<string, Readonly<Partial<Record<VersionedTool, string>>>>> = {
  'nicolaka/netshoot:v0.14': { conntrack: '1.4.8' },
};

/**
 * An image reference as `path:tag` without the registry, `library/` or a digest
 * (`docker.io/nicolaka/netshoot:v0.14@sha256:...` -> `nicolaka/netshoot:v0.14`); no tag means
 * `latest`, as the runtime resolves it.
 */
export function repoAndTag(ref: string): string {
  let path = ref.split('@')[0]!;
  let tag = 'latest';
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  const parts = path.split('/');
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  return `${parts.join('/')}:${tag}`;
}

/** The image of the container (or ephemeral container) whose machine `m` is. */
export function machineImage(world: World, m: Machine): string | undefined {
  if (m.kind !== 'pod') return undefined;
  for (const rt of world.cluster?.pods.values() ?? []) {
    const cr = rt.containers.find((c) => c.machine === m.name) ?? rt.ephemeral?.find((c) => c.machine === m.name);
    if (cr) return cr.image;
  }
  return undefined;
}

/** The version of `tool` the container on `m` carries, or undefined for the node's build. */
export function imageToolVersion(world: World, m: Machine, tool: VersionedTool): string | undefined {
  const image = machineImage(world, m);
  return image === undefined ? undefined : IMAGE_TOOL_VERSIONS[repoAndTag(image)]?.[tool];
}
