/**
 * Instructor notes in a lesson: hidden from learners by default, shown with `?instructor`
 * (remembered for the tab), hidden again with `?instructor=off`.
 */
import { expect, test } from '@playwright/test';
import { LESSON } from './fixtures.ts';

test('instructor notes stay hidden for learners and show with ?instructor', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(LESSON);
  const note = page.locator('.pw-instructor-note').first();
  await expect(note).toHaveCount(1);
  await expect(note).toBeHidden();
  await page.goto(`${LESSON}?instructor`);
  await expect(note).toBeVisible();
  await expect(note).toContainText('Instructor note');
  await page.goto(LESSON);
  await expect(note, 'the choice is remembered for the tab').toBeVisible();
  await page.goto(`${LESSON}?instructor=off`);
  await expect(note).toBeHidden();
  expect(errors).toEqual([]);
});
