#!/usr/bin/env node
// Prints the cost estimate of docs/serverless.md from a freshly synthesized template.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../lib/app';
import { estimate, toMarkdown } from '../lib/cost';
import { HANDLERS } from '../lib/settings';

const artifact = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-cost-')), 'placeholder.zip');
fs.writeFileSync(artifact, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]));
const { stack } = createApp({ context: { artifact } });
console.log(toMarkdown(estimate(Template.fromStack(stack).toJSON() as never, HANDLERS)));
