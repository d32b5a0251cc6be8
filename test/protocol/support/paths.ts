// Where the shared protocol documents live: /work/shared is a sibling of the repo, locally and on CI.
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SHARED_PROTOCOL_DIR = path.resolve(REPO_ROOT, '../shared/protocol');
export const EXAMPLES_PATH = path.join(SHARED_PROTOCOL_DIR, 'examples.json');
export const RULES_MD_PATH = path.join(SHARED_PROTOCOL_DIR, 'rules.md');
