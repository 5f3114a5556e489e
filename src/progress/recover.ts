/**
 * Paying, after a reload, the commits the write-ahead log (wal.ts) still owes the repository.
 * Only the latest state was logged, so the owed commits become one: the newest change its
 * subject, the earlier ones its body, and the history reads in order. The work tree may
 * already hold that state (a write without a message, the debounced save, can get there before
 * the commit that owed one did); the commits are owed all the same.
 */
import type { ProgressRepo } from './repo.ts';
import { toFiles, type LessonRecord } from './record.ts';
import type { OwedCommit } from './wal.ts';

export async function payOwed(repo: ProgressRepo, slug: string, owed: { record: LessonRecord; owed: OwedCommit[] }): Promise<void> {
  // Commits made before the reload (the repository's newest is one of the owed) are paid.
  const [head] = await repo.history(slug);
  let paid = -1;
  owed.owed.forEach((debt, i) => {
    if ('message' in debt && debt.message === head?.message) paid = i;
  });
  const debts = owed.owed.slice(paid + 1);
  const lastReset = debts.map((debt) => 'reset' in debt).lastIndexOf(true);
  const messages = debts.slice(lastReset + 1).flatMap((debt) => ('message' in debt ? [debt.message] : [])).reverse();
  const stored = await repo.load(slug);
  const same = JSON.stringify([...toFiles(stored)]) === JSON.stringify([...toFiles(owed.record)]);
  // The repository got all of it just before the reload: nothing is owed.
  if (same && lastReset < 0 && messages.length === 0) return;
  if (lastReset >= 0) await repo.reset(slug);
  const [subject, ...body] = messages;
  await repo.save(slug, structuredClone(owed.record), subject === undefined ? undefined : [subject, ...(body.length > 0 ? ['', ...body] : [])].join('\n'));
}
