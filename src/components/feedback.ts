/**
 * Progressive feedback for an exercise (pure, no DOM): what a failed Check says at once, and
 * what each hint reveals in turn. At once: every check with ✓/✗ and, for a failed one, the
 * problem in the learner's terms. Then, one step per "Show a hint": where the packet died,
 * the rule that did it, then the exercise's own hints (the last of which is the fix); the
 * reference solution only after the last hint.
 */
import type { CheckReport } from '../../sandbox/api/types.ts';

/** One line of the report shown at once. */
export interface ShownCheck {
  passed: boolean;
  text: string;
}

/** What a report shows before any hint. */
export function shownAtOnce(report: CheckReport): { summary: string; checks: ShownCheck[] } {
  const failed = report.results.filter((r) => !r.passed).length;
  return {
    summary: report.passed ? 'All checks pass.' : `${failed} of ${report.results.length} checks do not pass yet.`,
    checks: report.results.map((r) => ({ passed: r.passed, text: r.passed ? `✓ ${r.name}` : `✗ ${r.problem ?? r.name}` })),
  };
}

/** The diagnostic hint steps a report gives (before the authored hints): where, then the rule. */
export function diagnosticSteps(report: CheckReport | undefined): { where: string; rule: string } {
  const bad = report?.results.filter((r) => !r.passed) ?? [];
  if (report === undefined) return { where: 'Press Check first: a failed Check tells where the packet died.', rule: 'Press Check first: a failed Check names the rule or state that stopped it.' };
  if (bad.length === 0) return { where: 'Every check passes.', rule: 'Every check passes.' };
  const line = (r: (typeof bad)[number], what: 'where' | 'rule'): string => `${r.problem ?? r.name}: ${r[what] ?? (what === 'where' ? 'nothing more to locate' : 'no rule to name')}`;
  return { where: bad.map((r) => line(r, 'where')).join('\n'), rule: bad.map((r) => line(r, 'rule')).join('\n') };
}
