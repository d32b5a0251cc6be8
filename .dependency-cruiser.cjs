/**
 * The layer rules, checked by dependency-cruiser in `npm run lint` (.ci/check-layers.mjs).
 * README "How the code is laid out" explains the layers. A rule is loosened only with a reason
 * written beside it.
 */
/** The files of src/bot that speak botbuilder: turn handling, the adapter, proactive sends. Cards and words stay out of it. */
const BOTBUILDER_EDGE = '^src/bot/(adapter|s20-bot|reference-keeper|proactive-notifier|opened-copies|outlook-invoke)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'protocol-is-pure',
      comment: 'src/protocol imports only itself and zod: no I/O, no SDKs, nothing of the application around it.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { pathNot: ['^src/protocol/', '^node_modules/zod/'] },
    },
    {
      name: 'cases-below-the-edges',
      comment: 'The application services know ports, not Teams, HTTP or a particular store or Graph.',
      severity: 'error',
      from: { path: '^src/cases/' },
      to: { path: '^src/(bot|adapters|http|server|start|composition-root|app)([./]|$)' },
    },
    {
      name: 'bot-not-adapters',
      comment: 'The Teams edge reaches stores and Graph through ports; the composition root plugs adapters in.',
      severity: 'error',
      from: { path: '^src/bot/' },
      to: { path: '^src/(adapters|composition-root|app|server)([./]|$)' },
    },
    {
      name: 'ports-are-interfaces',
      comment: 'A port names what the application needs; it depends on the protocol\'s types at most.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: ['^src/ports/', '^src/protocol/'] },
    },
    {
      name: 'botbuilder-only-at-the-teams-edge',
      comment: 'Only the named files of src/bot import botbuilder, so a move to its successor SDK is a one-folder change and cards stay plain data.',
      severity: 'error',
      from: { path: '^src/', pathNot: BOTBUILDER_EDGE },
      to: { path: '^node_modules/(botbuilder|botbuilder-[^/]+|botframework-[^/]+)/' },
    },
    {
      name: 'presentation-below-the-turn',
      comment:
        'The cards, views, words and click handlers of src/bot never import the botbuilder edge files, so (with the rule above) ' +
        'nothing of them reaches botbuilder, even through another file: they are plain data and functions, tested without a turn.',
      severity: 'error',
      from: { path: '^src/bot/', pathNot: BOTBUILDER_EDGE },
      to: { path: BOTBUILDER_EDGE },
    },
    {
      name: 'product-not-tests',
      comment: 'The product and its deploy scripts never load test, bench or test-support code.',
      severity: 'error',
      from: { path: '^(src|deploy)/' },
      to: { path: '^(test|bench|support)/' },
    },
    {
      name: 'bench-not-tests',
      comment: 'The bench measures the product; the doubles and fixtures it shares with the tests live in support/.',
      severity: 'error',
      from: { path: '^(bench|support)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and layers meaningless. Type-only imports are erased at build time, so they cannot make one.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'ports-without-cycles',
      comment: 'Each port names its own types in its own file, and case-store.ts (the whole store) names them all: no port reads them back from it, not even as types.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/ports/', circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead, or an entry point missing from this list.',
      severity: 'error',
      from: { orphan: true, pathNot: ['[.]d[.]ts$', '(^|/)[.][^/]+[.](js|cjs|mjs|json)$', '[.]config[.](js|cjs|mjs|ts)$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^(dist|data|[.]cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
