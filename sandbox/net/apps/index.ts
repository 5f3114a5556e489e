/**
 * Built-in app behaviours (see ../apps.ts): importing this module registers them.
 * May import: ../apps.ts and wire.
 */
import './python-http.ts';
import './dns-resolver.ts';
