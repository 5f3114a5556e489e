/**
 * A lesson's scenario, read at build time: content/scenarios/<name>.yaml, its `extends:`
 * completed from the bundled files, parsed and validated, so a bad file fails the build naming
 * the lesson and the worker boots from data without YAML or schema work. The page
 * (LessonContent.astro) ships it as JSON and the world images (src/pages/worlds/) are built
 * from the same value, so the two always agree.
 */
import { extendScenario, parseScenario, ScenarioFileError, type ScenarioSpec } from '../../sandbox/api/index.ts';

// Scenario files are data, bundled as text.
const files = import.meta.glob<string>('/content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });

/** Scenario `name` as validated data; `lesson` (the lesson's file) prefixes every error. */
export function lessonScenario(name: string, lesson: string): ScenarioSpec {
  const file = `content/scenarios/${name}.yaml`;
  const yaml = files[`/${file}`];
  if (yaml === undefined) {
    throw new Error(
      `${lesson}: scenario "${name}" has no file ${file}; ` +
        `available: ${Object.keys(files).map((f) => f.replace(/^.*\/|\.yaml$/g, '')).join(', ') || '(none)'}`,
    );
  }
  const whole = extendScenario(yaml, file, (base) => files[`/content/scenarios/${base}.yaml`]);
  if (!whole.ok) throw new Error(`${lesson}: ${whole.error}`);
  try {
    return parseScenario(whole.text, file);
  } catch (e) {
    // A bad scenario fails the build naming the lesson too; anything else is a bug to see as is.
    if (e instanceof ScenarioFileError) throw new Error(`${lesson}: ${e.message}`);
    throw e;
  }
}
