// The first Check never gives the answer away: on every exercise's starting state, what the
// page shows at once (each check's name or problem) and the first hint step (where the packet
// died) contain none of the distinctive words of the reference solution (addresses, key=value
// settings, field names, flags) that the task text itself does not already give.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandbox, type ExerciseSpec } from '../../sandbox/api/index.ts';
import { lessonSchema } from '../../src/lessons/schema.ts';
import { lessonFiles, readLesson, scenarioText } from '../../scripts/lesson-files.ts';
import { diagnosticSteps, shownAtOnce } from '../../src/components/feedback.ts';

/** YAML keys and words every manifest has: not an answer. */
const COMMON = new Set(['apiVersion', 'matchLabels', 'podSelector', 'policyTypes', 'namespaceSelector', 'containerPort', 'clusterIP', 'nodeName', 'pathType', 'ingressClassName=']);

/** The distinctive words of a solution: addresses, settings, field names, route words. */
export function solutionWords(commands: string[]): string[] {
  const words = commands.join('\n').split(/[\s{}[\],"'`|$()]+/).map((w) => w.replace(/:$/, '')).filter((w) => w !== '');
  const distinctive = words.filter((w) =>
    /\d+\.\d+\.\d+\.\d+/.test(w) || /^[\w.-]+=[\w./-]+$/.test(w) || /^[a-z]+[A-Z]\w*$/.test(w) || /^[a-z]+(\.[a-z0-9_]+){2,}/.test(w) ||
    ['onlink', 'blackhole', 'unreachable', 'master', 'nomaster', 'MASQUERADE'].includes(w));
  return [...new Set(distinctive)].filter((w) => !COMMON.has(w));
}

function taskText(src: string, id: string): string {
  return new RegExp(`<Exercise id="${id}">([\\s\\S]*?)</Exercise>`).exec(src)?.[1] ?? '';
}

const cases = lessonFiles().flatMap((file) => {
  const lesson = readLesson(file);
  const fm = lessonSchema.parse(lesson.frontmatter);
  const src = readFileSync(file, 'utf8');
  return fm.exercises.map((ex) => ({ file: file.split('/').pop()!, scenario: fm.scenario, ex: ex as ExerciseSpec, task: `${ex.title}\n${taskText(src, ex.id)}` }));
});

describe('the first Check does not give the answer away', () => {
  it('finds the exercises and the words of their solutions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(26);
    expect(solutionWords(['sysctl -w net.ipv4.ip_forward=1'])).toEqual(['net.ipv4.ip_forward=1']);
    expect(solutionWords(['ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink'])).toEqual(['10.244.2.0/24', '10.244.2.0', 'onlink']);
  });

  it.each(cases)('$file $ex.id', ({ scenario, ex, task }) => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText(scenario)! });
    const report = sb.check(ex);
    expect(report.passed).toBe(false);
    const shown = shownAtOnce(report);
    const atOnce = [shown.summary, ...shown.checks.map((c) => c.text)].join('\n');
    const firstHint = diagnosticSteps(report).where;
    const leaks = solutionWords(ex.solution.commands).filter((w) => !task.includes(w) && (atOnce.includes(w) || firstHint.includes(w)));
    expect(leaks, `shown at once:\n${atOnce}\nfirst hint:\n${firstHint}`).toEqual([]);
  });
});
