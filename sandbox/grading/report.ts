/** What grading returns: every check's outcome in the learner's terms. */

/** One graded check's outcome. */
export interface CheckResult {
  /** What was checked, in the learner's terms ("pod a can reach service web on port 80"). */
  name: string;
  passed: boolean;
  /** Where it failed and why ("dropped in node-1 filter/FORWARD by rule 3 (-j DROP)"). */
  message?: string;
  hint?: string;
}

/** A grading report: every check, passed or not. */
export interface CheckReport {
  passed: boolean;
  results: CheckResult[];
}
