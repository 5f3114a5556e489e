// Label selectors as kubectl -l and the API's LabelSelector express them: a wrong parse or
// match would make `kubectl get -l`, Deployments and Services pick the wrong pods.
import { describe, expect, it } from 'vitest';
import { formatSelector, fromLabelSelector, matches, parseSelector } from './selector.ts';

describe('parseSelector', () => {
  it('parses equality, inequality, set and existence requirements', () => {
    const sel = parseSelector('app=web,tier!=db,env in (prod, staging),canary,!legacy');
    expect(sel).toEqual([
      { key: 'app', op: 'in', values: ['web'] },
      { key: 'tier', op: 'notin', values: ['db'] },
      { key: 'env', op: 'in', values: ['prod', 'staging'] },
      { key: 'canary', op: 'exists', values: [] },
      { key: 'legacy', op: '!', values: [] },
    ]);
  });
  it('accepts == and prefixed keys', () => {
    expect(parseSelector('app.kubernetes.io/name==web')).toEqual([{ key: 'app.kubernetes.io/name', op: 'in', values: ['web'] }]);
  });
  it('rejects garbage with labels.Parse wording', () => {
    expect(parseSelector('app=web=x')).toMatch(/^unable to parse requirement: found '='/);
  });
});

describe('matches', () => {
  const labels = { app: 'web', env: 'prod' };
  it('requires every requirement', () => {
    expect(matches(parseSelector('app=web,env=prod') as never, labels)).toBe(true);
    expect(matches(parseSelector('app=web,env=dev') as never, labels)).toBe(false);
  });
  it('treats a missing key as satisfying != and notin', () => {
    expect(matches(parseSelector('tier!=db') as never, labels)).toBe(true);
    expect(matches(parseSelector('!tier') as never, labels)).toBe(true);
    expect(matches(parseSelector('tier') as never, labels)).toBe(false);
  });
  it('an empty selector selects everything', () => {
    expect(matches([], {})).toBe(true);
  });
  it('compiles matchLabels and matchExpressions', () => {
    const sel = fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] });
    expect(matches(sel, labels)).toBe(true);
    expect(matches(sel, { app: 'web', env: 'dev' })).toBe(false);
    expect(formatSelector(sel)).toBe('app=web,env!=dev');
  });
});
