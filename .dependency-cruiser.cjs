// Import direction and file circles, checked by `npm run lint:deps` (part of `npm run lint`, so of
// `npm test` and CI). The wall's data flows one way (docs/adr/0001-wall-architecture.md):
//
//   rank 0  src/domain, src/protocol, src/i18n      pure: types, schemas, rules, words (i18n imports nothing)
//   rank 1  src/live, src/state, src/scenes, src/tours, src/search   all wall state, pure, tested in Node
//   rank 2  src/layers                              drawing only
//   rank 3  src/ui                                  panels: read state, dispatch actions
//   rank 4  src/app, src/main.tsx                   composition, Cesium set-up
//
// A file may import its own rank or below, never above. server/ is Node and may use only the pure
// rank-0 contract (src/domain, src/protocol): scene and tour validation lives in src/protocol for
// that reason, so server/scenes needs nothing from src/scenes. A new folder under src/ must be given
// a rank here first (rule `src-folder-unranked`), otherwise nothing would check it.
/** @type {import('dependency-cruiser').IConfiguration} */

const RANK = [
  ['domain', 'protocol', 'i18n'],
  ['live', 'state', 'scenes', 'tours', 'search'],
  ['layers'],
  ['ui'],
  ['app', 'main\\.tsx$'],
];
const folders = (ranks) => `^src/(${ranks.flat().join('|')})`;

const upward = RANK.slice(0, -1).map((own, i) => ({
  name: `no-upward-from-${own[0]}`,
  comment: `src/{${own.join(',')}} is rank ${i}: it may not import rank ${i + 1} or above (${RANK.slice(i + 1)
    .flat()
    .join(', ')}). Move the shared piece down, or pass it in from above.`,
  severity: 'error',
  from: { path: folders([own]) },
  // Shared test data may sit in a higher folder's __fixtures__/ (scene files read by protocol tests).
  to: { path: folders(RANK.slice(i + 1)), pathNot: '/__fixtures__/' },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'File circles make load order matter and hide the direction of data (server included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'i18n-imports-nothing',
      comment: 'The message table is the bottom of the wall: anything may use its words, it uses nothing.',
      severity: 'error',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: '^src/i18n/' },
    },
    {
      name: 'server-uses-only-the-contract',
      comment: 'server/ is Node: it may import src/domain and src/protocol only (nothing that drags the wall in).',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^src/', pathNot: '^src/(domain|protocol)/' },
    },
    {
      name: 'wall-never-imports-server',
      comment: 'The wall bundle must not pull Node code from server/ (a test may start a real server).',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^server/' },
    },
    {
      name: 'production-never-imports-test-support',
      comment:
        'Test helpers and fixtures live under test/ or __fixtures__/ and only tests, benches and scripts import them.',
      severity: 'error',
      from: { path: '^(src|server)/', pathNot: '(\\.test\\.tsx?$|__fixtures__/)' },
      to: { path: '(^test/|__fixtures__/|\\.fixtures?\\.ts$|test-helpers\\.ts$)' },
    },
    {
      name: 'src-folder-unranked',
      comment: 'Every folder under src/ needs a rank in .dependency-cruiser.cjs, or its imports go unchecked.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${folders(RANK)}|^src/styles/|^src/vite-env\\.d\\.ts$` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|public/tiles|coverage|test-results)/' },
    // Type-only imports count: a circle of types is still a circle a reader has to untangle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
