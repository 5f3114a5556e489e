/** Workshop configuration and instructor mode (src/workshop/). */
import { describe, expect, it } from 'vitest';
import { courseLessons, validateWorkshop } from './config.mjs';
import { instructorMode } from './instructor.ts';

const known = ['01-a', '02-b', '03-c'];

describe('validateWorkshop', () => {
  it('keeps the listed lessons in the given order and the title', () => {
    expect(validateWorkshop({ title: ' KubeCon lab ', lessons: ['03-c', '01-a'] }, known, 'w.json')).toEqual({ title: 'KubeCon lab', lessons: ['03-c', '01-a'], id: 'kubecon-lab' });
  });
  it('defaults to every lesson and the name packetwalk', () => {
    expect(validateWorkshop({}, known)).toEqual({ title: 'packetwalk', lessons: known, id: 'packetwalk' });
  });

  it('takes the workbook id from the file, or derives it from the title', () => {
    expect(validateWorkshop({ title: 'Lab', id: 'k8s-net-2026' }, known).id).toBe('k8s-net-2026');
    expect(() => validateWorkshop({ id: 'Bad Id' }, known, 'w.json')).toThrow('w.json: "id" must be lower-case');
  });
  it('gives the whole class one capstone seed and an optional time limit', () => {
    expect(validateWorkshop({ title: 'Lab', capstoneSeed: 42, capstoneMinutes: 60 }, known)).toEqual({ title: 'Lab', lessons: known, id: 'lab', capstoneSeed: 42, capstoneMinutes: 60 });
    expect(() => validateWorkshop({ capstoneSeed: 0 }, known, 'w.json')).toThrow('w.json: "capstoneSeed" must be a whole number from 1');
    expect(() => validateWorkshop({ capstoneMinutes: 1.5 }, known, 'w.json')).toThrow('"capstoneMinutes" must be a whole number');
  });
  it('rejects unknown lessons, duplicates, unknown fields and bad types with a clear message', () => {
    expect(() => validateWorkshop({ lessons: ['09-x'] }, known, 'w.json')).toThrow('w.json: unknown lesson "09-x"; lessons: 01-a, 02-b, 03-c');
    expect(() => validateWorkshop({ lessons: ['01-a', '01-a'] }, known, 'w.json')).toThrow('listed twice');
    expect(() => validateWorkshop({ titel: 'x' }, known, 'w.json')).toThrow('unknown field "titel"');
    expect(() => validateWorkshop({ lessons: [] }, known, 'w.json')).toThrow('non-empty list');
    expect(() => validateWorkshop({ title: 3 }, known, 'w.json')).toThrow('"title" must be');
    expect(() => validateWorkshop([], known, 'w.json')).toThrow('expected a JSON object');
  });
  it('knows the repository lessons in course order', () => {
    const lessons = courseLessons();
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons).toContain('01-pod-ip-model');
    expect(lessons.indexOf('01-pod-ip-model')).toBe(0);
  });
});

describe('instructorMode', () => {
  it('shows notes with ?instructor or ?instructor=on, hides with ?instructor=off', () => {
    expect(instructorMode('', null)).toBe(false);
    expect(instructorMode('?instructor', null)).toBe(true);
    expect(instructorMode('?instructor=on', null)).toBe(true);
    expect(instructorMode('?instructor=off', 'on')).toBe(false);
  });
  it('remembers the choice for the tab', () => {
    expect(instructorMode('', 'on')).toBe(true);
    expect(instructorMode('', 'off')).toBe(false);
  });
});
