import { describe, expect, it } from 'vitest';
import { commands } from './index.ts';
import { createSandbox } from '../../api/sandbox.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';

describe('the command registry', () => {
  it('lists each binary once, under the name its code answers to', async () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('default')! });
    // Completing a command's first argument loads its code, which must answer to the name
    // the registry gives it (else the shell would run one binary under another's name).
    for (const name of names) {
      const line = `${name} `;
      await expect(sb.complete(line, line.length), name).resolves.toHaveProperty('from', line.length);
    }
  });
});
