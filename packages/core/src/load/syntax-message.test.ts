import { describe, expect, it } from 'vitest';
import { syntaxMessage } from './syntax-message.js';

describe('syntaxMessage', () => {
  it('keeps fixed parser messages and only their first line', () => {
    expect(syntaxMessage('DUPLICATE_KEY', 'Map keys must be unique at line 3, column 1:\n\nkind: x\n^')).toBe(
      'Map keys must be unique at line 3, column 1:',
    );
    expect(
      syntaxMessage('BAD_INDENT', 'Flow sequence in block collection must be sufficiently indented and end with a ]'),
    ).toBe('Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(syntaxMessage('UNEXPECTED_TOKEN', 'Unexpected scalar at node end')).toBe('Unexpected scalar at node end');
    expect(syntaxMessage('UNEXPECTED_TOKEN', 'Unexpected , in flow map')).toBe('Unexpected , in flow map');
  });

  it('replaces messages that quote source text', () => {
    expect(syntaxMessage('BAD_DQ_ESCAPE', 'Invalid escape sequence \\q')).toBe(
      'Invalid escape sequence in a double-quoted string',
    );
    expect(syntaxMessage('TAG_RESOLVE_FAILED', 'Unresolved tag: !hunter2')).toBe(
      'Unknown or unsuitable tag; desired-state files use plain YAML without tags',
    );
    expect(syntaxMessage('UNEXPECTED_TOKEN', 'Block scalar header includes extra characters: hunter2')).toBe(
      'Unexpected content here',
    );
    expect(syntaxMessage('UNEXPECTED_TOKEN', 'Unexpected hunter2-token-text in flow map')).toBe(
      'Unexpected content here',
    );
    expect(syntaxMessage('BAD_DIRECTIVE', 'Unknown directive %FOO')).toBe('Invalid %YAML or %TAG directive');
  });
});
