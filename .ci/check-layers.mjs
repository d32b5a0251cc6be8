/**
 * Checks the layer rules of .dependency-cruiser.cjs over src, test, support, bench and deploy (npm run lint).
 * Through dependency-cruiser's API rather than its command line: the command line refuses to start
 * on Node 20 (this CI machine's), the API runs there unchanged. On Node 22 or later,
 * `npx depcruise src test support bench deploy` gives the same answer.
 */
import { createRequire } from 'node:module';
import { cruise, format } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const { tsConfig, ...options } = config.options;
const result = await cruise(['src', 'test', 'support', 'bench', 'deploy'], { ...options, ruleSet: { forbidden: config.forbidden }, validate: true }, undefined, { tsConfig: extractTSConfig(tsConfig.fileName) });
const report = await format(result.output, { outputType: 'err' });
process.stdout.write(report.output);
process.exitCode = report.exitCode === 0 ? 0 : 1;
