/**
 * Which conntrack-tools release runs: the node's Debian 12 build (1.4.7), or a container
 * image's own build where cluster/image-versions.ts establishes it (netshoot v0.14: 1.4.8).
 */
import type { CommandContext } from '../../types.ts';
import { imageToolVersion } from '../../../cluster/image-versions.ts';

/** The release (`1.4.7`). */
export const conntrackVersion = (ctx: CommandContext): string => imageToolVersion(ctx.world, ctx.machine, 'conntrack') ?? '1.4.7';

/** `PROGNAME vVERSION (conntrack-tools)`: what -V prints and what prefixes exit_error and print_stats. */
export const conntrackName = (ctx: CommandContext): string => `conntrack v${conntrackVersion(ctx)} (conntrack-tools)`;
