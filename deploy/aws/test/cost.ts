import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { estimate, toMarkdown } from '../lib/cost';
import { HANDLERS } from '../lib/settings';
import { synth } from './support';

const DOC = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'serverless.md');

describe('the cost estimate', () => {
  const { template } = synth();
  const e = estimate(template.toJSON() as never, HANDLERS);

  test('reads function memory, database class and alarm count from the template', () => {
    assert.match(e.monthlyFixed.map((i) => i.item).join('\n'), /db\.t4g\.micro/);
    assert.match(e.monthlyFixed.map((i) => i.item).join('\n'), /CloudWatch alarms: 15/);
    assert.match(e.per1000Uploads[1].item, /processing 6\.32 GB-s/);
  });

  test('docs/serverless.md shows what the estimate gives for the stack as it is', () => {
    assert.ok(fs.readFileSync(DOC, 'utf8').includes(toMarkdown(e)), 'run `npm run cost` and paste its tables into docs/serverless.md');
  });
});
