// The project's own copy of the protocol documents (docs/protocol): no test reads outside the repository.
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const PROTOCOL_DOCS_DIR = path.join(REPO_ROOT, 'docs/protocol');
export const EXAMPLES_PATH = path.join(PROTOCOL_DOCS_DIR, 'examples.json');
export const RULES_MD_PATH = path.join(PROTOCOL_DOCS_DIR, 'rules.md');
