/** What both of `bridge`'s objects (fdb.ts, link.ts) get from index.ts: the context and -d. */
import type { CommandContext } from '../../types.ts';

/** The command context and the -d flag. */
export interface BridgeRun {
  ctx: CommandContext;
  details: boolean;
}
