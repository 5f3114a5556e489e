/**
 * isomorphic-git and its hashing (sha.js) use Node's global `Buffer`; the browser has none,
 * so the progress code installs the `buffer` package's before it runs any git.
 */
import { Buffer } from 'buffer';

const scope = globalThis as typeof globalThis & { Buffer?: typeof Buffer };
scope.Buffer ??= Buffer;
