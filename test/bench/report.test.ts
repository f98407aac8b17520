import { describe, expect, it } from 'vitest';
import { registeredTables } from './report.ts';

describe('the report', () => {
  it('shows the tables each registered bench printed, under its name', () => {
    expect(
      registeredTables([
        { name: 'bench:authz', text: '\n| a | b |\n| --- | --- |\n' },
        { name: 'correspondence', text: 'one line' },
      ]),
    ).toEqual([
      '',
      '## The tables the registered benches print',
      '',
      '### bench:authz',
      '',
      '| a | b |\n| --- | --- |',
      '',
      '### correspondence',
      '',
      'one line',
    ]);
  });

  it('adds nothing when no bench printed a table', () => {
    expect(registeredTables([])).toEqual([]);
  });
});
