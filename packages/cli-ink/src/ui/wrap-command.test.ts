import { describe, expect, it } from 'vitest';
import { APPROVE_COMMAND } from './scripted-run.js';
import { wrapCommand } from './wrap-command.js';

describe('wrapCommand', () => {
  it('keeps a short command on one line', () => {
    expect(wrapCommand('az login', 80)).toEqual(['az login']);
  });

  it('breaks between words with shell line continuations and keeps quoted arguments whole', () => {
    const lines = wrapCommand(APPROVE_COMMAND, 60);
    expect(lines).toEqual([
      'az keyvault private-endpoint-connection approve \\',
      '  --resource-group rg-payments --vault-name kv-payments \\',
      '  --name kv-payments.pe-us-central-8f3a --description \\',
      '  "Approved for MongoDB Atlas encryption at rest"',
    ]);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    // Joining the continuation lines gives back the exact command.
    expect(lines.map((l) => l.replace(/ \\$/, '').trim()).join(' ')).toBe(APPROVE_COMMAND);
  });

  it('gives a word longer than the width a line of its own instead of cutting it', () => {
    expect(wrapCommand('az show --id /subscriptions/0000/resourceGroups/rg/providers/x', 20)).toEqual([
      'az show --id \\',
      '  /subscriptions/0000/resourceGroups/rg/providers/x',
    ]);
  });
});
