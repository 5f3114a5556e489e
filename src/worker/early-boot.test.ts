import { describe, expect, it, vi } from 'vitest';
import { createSandbox, parseScenario, worldImage, type BootOptions, type OutputChunk, type SandboxApi, type ScenarioSpec } from '../../sandbox/api/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { earlyBoot } from './early-boot.ts';

const options: BootOptions = { scenario: parseScenario(scenarioText('default')!, 'default.yaml'), on: 'node-1' };

function post(scope: EventTarget, data: unknown): MessageEvent {
  const event = new MessageEvent('message', { data });
  scope.dispatchEvent(event);
  return event;
}

async function run(sandbox: SandboxApi, line: string): Promise<string> {
  let text = '';
  const report = await sandbox.exec(line, (chunk: OutputChunk) => {
    text += `${chunk.stream}:${chunk.text}`;
  });
  return `${text}status ${report.status}, prompt ${report.prompt}`;
}

describe('early boot: the page boots the worker before the kernel asks', () => {
  it('hands the kernel the world booted early, without building it twice', () => {
    const scope = new EventTarget();
    const sandbox = createSandbox();
    const bootSpy = vi.spyOn(sandbox, 'boot');
    const boot = earlyBoot(scope, sandbox);
    post(scope, { pwEarlyBoot: structuredClone(options) });
    expect(bootSpy).toHaveBeenCalledTimes(1);
    const report = boot(structuredClone(options));
    expect(bootSpy).toHaveBeenCalledTimes(1);
    expect(report.prompt).toBe('root@node-1:~# ');
  });

  it('leaves a session that behaves exactly as a freshly booted one', async () => {
    const scope = new EventTarget();
    const early = createSandbox();
    const boot = earlyBoot(scope, early);
    post(scope, { pwEarlyBoot: structuredClone(options) });
    const fresh = createSandbox();
    expect(boot(options)).toEqual(fresh.boot(options));
    for (const line of ['ip route', 'kubectl get pods -o wide', 'ip route add 10.9.0.0/16 dev eth0', 'ip route', 'curl -s -m 2 10.244.1.2', 'history']) {
      expect(await run(early, line), line).toBe(await run(fresh, line));
    }
    expect(early.snapshot()).toEqual(fresh.snapshot());
  });

  it('boots again when the kernel asks for other options, or asks a second time (Reset lesson)', () => {
    const scope = new EventTarget();
    const sandbox = createSandbox();
    const bootSpy = vi.spyOn(sandbox, 'boot');
    const boot = earlyBoot(scope, sandbox);
    post(scope, { pwEarlyBoot: structuredClone(options) });
    expect(boot({ ...options, on: 'node-2' }).prompt).toBe('root@node-2:~# ');
    expect(bootSpy).toHaveBeenCalledTimes(2);
    boot(options);
    expect(bootSpy).toHaveBeenCalledTimes(3);
  });

  it('ignores an early boot that arrives after the kernel booted', () => {
    const scope = new EventTarget();
    const sandbox = createSandbox();
    const boot = earlyBoot(scope, sandbox);
    boot(options);
    const bootSpy = vi.spyOn(sandbox, 'boot');
    post(scope, { pwEarlyBoot: structuredClone(options) });
    expect(bootSpy).not.toHaveBeenCalled();
  });

  it('rethrows what the early boot threw when the kernel boots, so the worker entry reports it', () => {
    const scope = new EventTarget();
    const sandbox = createSandbox();
    vi.spyOn(sandbox, 'boot').mockImplementation(() => {
      throw new TypeError('a simulator bug');
    });
    const boot = earlyBoot(scope, sandbox);
    post(scope, { pwEarlyBoot: options });
    expect(() => boot(options)).toThrow('a simulator bug');
  });

  it('passes every other message on to comlink', () => {
    const scope = new EventTarget();
    const heard: unknown[] = [];
    earlyBoot(scope, createSandbox());
    scope.addEventListener('message', (event) => heard.push((event as MessageEvent).data));
    post(scope, { id: 'x', type: 'GET', path: [] });
    post(scope, { pwEarlyBoot: options });
    expect(heard).toEqual([{ id: 'x', type: 'GET', path: [] }]);
  });
});

describe('early boot from the world image the page fetched', () => {
  const image = worldImage(options.scenario as ScenarioSpec);

  it('boots from the image, and boots from it again on Reset lesson, as from the scenario', async () => {
    const scope = new EventTarget();
    const early = createSandbox();
    const bootSpy = vi.spyOn(early, 'boot');
    const boot = earlyBoot(scope, early);
    post(scope, { pwEarlyBoot: structuredClone(options), image });
    expect(bootSpy).toHaveBeenLastCalledWith({ ...options, image });
    const fresh = createSandbox();
    expect(boot(options)).toEqual({ ...fresh.boot(options), from: 'image' });
    expect(await run(early, 'ip route add 10.9.0.0/16 dev eth0')).toBe(await run(fresh, 'ip route add 10.9.0.0/16 dev eth0'));
    // Reset lesson: the same options boot again, from the image, to the starting world.
    expect(boot(options)).toEqual({ ...fresh.boot(options), from: 'image' });
    expect(bootSpy).toHaveBeenLastCalledWith({ ...options, image });
    for (const line of ['ip route', 'kubectl get pods -o wide', 'curl -s -m 2 10.244.1.2']) {
      expect(await run(early, line), line).toBe(await run(fresh, line));
    }
    expect(early.snapshot()).toEqual(fresh.snapshot());
  }, 30_000);

  it('keeps the image for a later boot when the page was too late, and not for other options', () => {
    const scope = new EventTarget();
    const sandbox = createSandbox();
    const bootSpy = vi.spyOn(sandbox, 'boot');
    const boot = earlyBoot(scope, sandbox);
    boot(options);
    post(scope, { pwEarlyBoot: structuredClone(options), image });
    expect(bootSpy).toHaveBeenCalledTimes(1);
    boot(options);
    expect(bootSpy).toHaveBeenLastCalledWith({ ...options, image });
    boot({ ...options, on: 'node-2' });
    expect(bootSpy).toHaveBeenLastCalledWith({ ...options, on: 'node-2' });
  }, 30_000);
});
