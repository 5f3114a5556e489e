/**
 * Pictures (src/pictures/) driven in Chromium as a learner meets them: lesson 1's topology names
 * its nodes and pods and follows a `kubectl run` without a reload; the packet walk of a ping
 * between pods on two nodes lists the hops through the veth, cni0, flannel.1 and both eth0s and
 * steps with the keyboard; a curl to a Service shows the DNAT with the endpoint chosen; a
 * policy drop is marked at the rule that rejected it. Every test fails on any page error.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { currentLine, expect, openTerminal, run, test } from './fixtures.ts';

/** Scrolls the lesson's first Topology into view and waits until it is drawn. */
async function topology(page: Page) {
  const holder = page.locator('.pw-picture[data-picture="topology"]').first();
  await holder.scrollIntoViewIfNeeded();
  await expect(holder).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  return page.getByRole('region', { name: 'Topology' }).first();
}

/** Runs the PacketWalk whose command is `command` and waits for its walk. */
async function walkOf(page: Page, command: string) {
  const holder = page.locator(`.pw-picture[data-picture="walk"][data-command="${command}"]`).first();
  await holder.scrollIntoViewIfNeeded();
  await holder.getByRole('button', { name: /^Run and draw the packet walk/ }).click();
  await expect(holder).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  return holder;
}

/** The walk's table, as text rows (the text equivalent under the picture). */
async function rows(holder: ReturnType<Page['locator']>): Promise<string[][]> {
  return holder.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

test('lesson 1 draws its topology: nodes, pods and their addresses', async ({ lesson }) => {
  const figure = await topology(lesson);
  const svg = figure.locator('svg');
  for (const name of ['node-1 (node)', 'node-2 (node)', 'node-3 (node)', 'toolbox', 'whoami-2', 'whoami-3', '10.244.0.3', '10.244.1.3']) {
    await expect(svg.locator('text', { hasText: name }).first()).toBeVisible();
  }
  await expect(figure.locator('table')).toContainText('whoami-2');
  // Clicking cni0 offers the commands that show it; one goes to the terminal.
  await figure.locator('g.pw-pickable', { hasText: 'cni0 · 10.244.0.1/24' }).first().click();
  const menu = figure.getByRole('dialog');
  await expect(menu.getByRole('button', { name: 'ip -d link show cni0' })).toBeVisible();
  await expect(menu.getByRole('button', { name: 'bridge fdb show br cni0' })).toBeVisible();
});

test('a pod created in the terminal appears in the topology without a reload', async ({ lesson }) => {
  const figure = await topology(lesson);
  await expect(figure.locator('svg text', { hasText: /^extra$/ })).toHaveCount(0);
  await openTerminal(lesson);
  await run(lesson, 'kubectl run extra --image=nginx');
  await run(lesson, 'sleep 3');
  await expect(figure.locator('svg text', { hasText: /^extra$/ })).toHaveCount(1);
});

test('a ping between pods on two nodes walks through veth, cni0, flannel.1 and both eth0s', async ({ lesson }) => {
  const holder = await walkOf(lesson, 'ping -c 1 10.244.1.3');
  await expect(holder.getByRole('region', { name: 'Packet walk' })).toBeVisible();
  const where = (await rows(holder)).map((r) => r[1]);
  expect(where).toContain('node-1 › toolbox › eth0');
  expect(where.some((w) => /^node-1 › veth[0-9a-f]{8}$/.test(w ?? ''))).toBe(true);
  for (const w of ['node-1 › cni0', 'node-1 › flannel.1', 'node-1 › eth0', 'node-2 › eth0', 'node-2 › flannel.1', 'node-2 › cni0', 'node-2 › whoami-2 › eth0']) expect(where).toContain(w);
  // Keyboard: → steps, Shift+→ jumps to the next packet; the evidence card follows.
  const steps = holder.locator('.pw-steps button');
  await steps.first().focus();
  await lesson.keyboard.press('ArrowRight');
  await expect(steps.nth(1)).toHaveAttribute('aria-current', 'step');
  await expect(steps.nth(1)).toBeFocused();
  await expect(holder.locator('.pw-card h4')).toContainText('Step 2');
  await expect(holder.locator('.pw-card')).toContainText('10.244.1.3 via 10.244.0.1 dev eth0 src 10.244.0.3');
  const packetBefore = await holder.locator('.pw-card dd').nth(1).textContent();
  await lesson.keyboard.press('Shift+ArrowRight');
  await expect(holder.locator('.pw-card dd').nth(1)).not.toHaveText(packetBefore ?? '');
  await holder.locator('.pw-steps button', { hasText: 'encapsulated by flannel.1' }).first().click();
  await expect(holder.locator('.pw-card')).toContainText('dev flannel.1 dst 10.0.16.12 self permanent');
  // An evidence line's button types its command into the terminal (the shell is on node-1 already).
  await holder.locator('.pw-steps button', { hasText: 'node-1 › flannel.1: forwarded out of flannel.1' }).first().click();
  await holder.getByRole('button', { name: 'Paste into the terminal: ip route get 10.244.1.3 on node-1' }).click();
  await expect.poll(() => currentLine(lesson), { timeout: 20_000 }).toBe('ip route get 10.244.1.3');
});

test('axe finds no serious or critical violations in the drawn pictures', async ({ lesson }) => {
  // Two figures with a few hundred elements each: axe needs more than the default minute on a busy machine.
  test.setTimeout(240_000);
  await topology(lesson);
  await walkOf(lesson, 'ping -c 1 10.244.1.3');
  const results = await new AxeBuilder({ page: lesson }).include('.pw-picture').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('a curl to a Service shows the DNAT step with the endpoint chosen', async ({ lesson }) => {
  await lesson.goto('/04-services/');
  const holder = await walkOf(lesson, 'curl -s 10.96.100.10');
  const table = await rows(holder);
  const dnat = table.find((r) => /^DNAT: /.test(r[2] ?? ''));
  expect(dnat, 'a DNAT step').toBeDefined();
  const endpoint = /→ 10\.244\.0\.4:\d+ > (10\.244\.\d+\.\d+):80 tcp SYN$/.exec(dnat![3] ?? '')?.[1];
  expect(endpoint, `endpoint in ${dnat![3]}`).toBeDefined();
  expect(dnat![5]).toBe('⇄ rewritten');
  // The rule before it names the same endpoint, as iptables -S prints it.
  const rule = table[table.indexOf(dnat!) - 1]![4] ?? '';
  expect(rule).toMatch(new RegExp(`-j DNAT --to-destination ${endpoint!.replace(/\./g, '\\.')}:80$`, 'm'));
  expect(table.some((r) => /^un-DNAT/.test(r[2] ?? '') && (r[3] ?? '').includes('→ 10.96.100.10:80 > 10.244.0.4:'))).toBe(true);
});

test('a policy drop is marked at the rule that dropped it', async ({ lesson }) => {
  await lesson.goto('/06-network-policy/');
  const apply = lesson.locator('.pw-apply', { hasText: 'Default deny for shop' });
  await apply.scrollIntoViewIfNeeded();
  await apply.getByRole('button', { name: /^Apply/ }).click();
  await expect(apply).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const holder = await walkOf(lesson, 'curl -s -m 3 backend.shop:8080/hostname');
  const died = holder.locator('.pw-steps button.pw-dying');
  await expect(died).toHaveCount(1);
  await expect(died).toHaveAttribute('aria-current', 'step');
  await expect(died).toContainText('rejected');
  await expect(died).toContainText('where it died');
  const card = holder.locator('.pw-card');
  await expect(card).toContainText('SKB_DROP_REASON_NETFILTER_DROP: FORWARD filter/KUBE-POD-FW-');
  await expect(card.locator('code', { hasText: /^-A KUBE-POD-FW-\w+ .* -j REJECT --reject-with icmp-port-unreachable$/ })).toHaveCount(1);
  await expect(card.getByRole('button', { name: /^Paste into the terminal: iptables -t filter -S KUBE-POD-FW-\w+ on node-2$/ })).toHaveCount(1);
});

test("a failed Check's first hint draws the walk of its probe, marked where it died", async ({ lesson }) => {
  await lesson.goto('/01-pod-ip-model/');
  const exercise = lesson.locator('.pw-exercise[data-id="fix-route-node-3"]');
  await exercise.scrollIntoViewIfNeeded();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-report')).toContainText('cannot reach', { timeout: 30_000 });
  // Before any hint, the walk is not shown: it tells where the packet died.
  await expect(exercise.locator('.pw-hint-where')).toBeHidden();
  await exercise.getByRole('button', { name: 'Show a hint' }).click();
  const walk = exercise.locator('.pw-hint-where').getByRole('region', { name: /^Walk of the probe: / });
  await expect(walk).toBeVisible({ timeout: 30_000 });
  const died = walk.locator('.pw-steps button.pw-dying');
  await expect(died).toHaveCount(1);
  await expect(died).toContainText('where it died');
  await walk.screenshot({ path: 'test-results/probe-walk-hint.png' });
});
