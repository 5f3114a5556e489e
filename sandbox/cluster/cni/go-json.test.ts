// Go's encoding/json syntax errors (scanner.go), as a Go plugin or runtime prints them for a
// broken config file.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goJsonError } from './go-json.ts';

describe('goJsonError', () => {
  it('words errors as encoding/json does', () => {
    expect(goJsonError('{"a": 1,}')).toBe("invalid character '}' looking for beginning of object key string");
    expect(goJsonError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonError('{"a": 1 "b": 2}')).toBe(`invalid character '"' after object key:value pair`);
    expect(goJsonError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonError('x')).toBe("invalid character 'x' looking for beginning of value");
    expect(goJsonError('{}}')).toBe("invalid character '}' after top-level value");
    expect(goJsonError('{"a": tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonError('{"a":')).toBe('unexpected end of JSON input');
    expect(goJsonError('')).toBe('unexpected end of JSON input');
  });

  it('accepts exactly what JSON.parse accepts', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
      let valid = true;
      try { JSON.parse(text); } catch { valid = false; }
      expect(goJsonError(text) === undefined).toBe(valid);
    }), { numRuns: 2000 });
  });
});
