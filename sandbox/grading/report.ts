/**
 * What grading returns: every check's outcome in the learner's terms, told in layers that
 * the page reveals one at a time (the problem at once; where the packet died, then the rule,
 * as the learner opens hints; the fix only in the exercise's last hint).
 */
/** One graded check's outcome. */
export interface CheckResult {
  /** What was checked, in the learner's terms ("pod/a can reach pod/b:80"); never the fix. */
  name: string;
  passed: boolean;
  /** What is wrong, in the learner's terms ("pod/a cannot reach pod/b:80"): shown at once. */
  problem?: string;
  /** Where it failed ("the packet ... was dropped in node-2 at cni0"): the first hint. */
  where?: string;
  /** What did it: the drop reason, the rule, the field's value: the second hint. */
  rule?: string;
  /** The whole story in one sentence (problem's cause: where and rule), for the CLI and logs. */
  message?: string;
  hint?: string;
  /** The failed probe's packet walk: its trace id in the graded world (api/pictures.ts draws it). */
  trace?: number;
}

/** A grading report: every check, passed or not. */
export interface CheckReport {
  passed: boolean;
  results: CheckResult[];
}
