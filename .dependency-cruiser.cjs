/**
 * Architecture rules (STYLE.md 2.2), enforced in `npm run lint`.
 * The engine is pure: no frameworks, no drivers, no I/O. Imports flow inward and one way.
 */
const ENGINE_FORBIDDEN_PACKAGES =
  '^node_modules/(@nestjs/|kafkajs/|typeorm/|mysql2/|bullmq/|ioredis/|@bull-board/|fastify/|pino/|nestjs-pino/|prom-client/|testcontainers/|@testcontainers/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make the stages impossible to reason about (BullMQ runs madge --circular for the same reason).',
      from: {},
      // Type-only cycles (mutually recursive AST types) are harmless: they vanish at runtime.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'engine-no-frameworks-or-drivers',
      severity: 'error',
      comment: 'libs/engine knows nothing about Nest, Kafka, MySQL, Redis or BullMQ (DESIGN.md).',
      from: { path: '^libs/engine/' },
      to: { path: ENGINE_FORBIDDEN_PACKAGES },
    },
    {
      name: 'engine-no-io',
      severity: 'error',
      comment: 'The engine does no I/O of its own; connectors do (STYLE.md rule 1).',
      from: { path: '^libs/engine/' },
      to: { path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|child_process|cluster|tls|dns|worker_threads|readline)$' },
    },
    {
      name: 'engine-no-db-contracts',
      severity: 'error',
      comment: 'The engine may use only the pure part of contracts, never @sluice/contracts/db.',
      from: { path: '^libs/engine/' },
      to: { path: '^libs/contracts/src/db/' },
    },
    {
      name: 'engine-only-contracts',
      severity: 'error',
      comment: 'The engine imports no other Sluice lib or app.',
      from: { path: '^libs/engine/' },
      to: { path: '^(libs/(connectors)|apps|test)/' },
    },
    {
      name: 'engine-exec-not-sql',
      severity: 'error',
      comment: 'Operators never see SQL text or the AST: exec/ must not import sql/.',
      from: { path: '^libs/engine/src/exec/' },
      to: { path: '^libs/engine/src/sql/' },
    },
    {
      name: 'engine-testing-only-in-specs',
      severity: 'error',
      comment: 'testing/ holds harnesses for specs only.',
      from: { path: '^libs/engine/src/', pathNot: '(\\.spec\\.ts$|^libs/engine/src/testing/)' },
      to: { path: '^libs/engine/src/testing/' },
    },
    {
      name: 'contracts-pure',
      severity: 'error',
      comment: 'The pure contracts entry never pulls in TypeORM or I/O.',
      from: { path: '^libs/contracts/src/', pathNot: '^libs/contracts/src/db/' },
      to: { path: '(^libs/contracts/src/db/|typeorm|mysql2|^(node:)?(fs|net|child_process)$)' },
    },
    {
      name: 'connectors-no-nest',
      severity: 'error',
      from: { path: '^libs/connectors/' },
      to: { path: '^(@nestjs/|apps/)' },
    },
    {
      name: 'libs-not-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-not-each-other',
      severity: 'error',
      comment: 'Apps are thin and independent; shared code goes to a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-public-entry-only',
      severity: 'error',
      comment: 'Across libs import only the public entry (@sluice/engine, @sluice/contracts, @sluice/contracts/db).',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/',
        pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/contracts/src/db/index\\.ts$'],
      },
    },
    {
      name: 'apps-use-lib-entries',
      severity: 'error',
      comment: 'Apps, tests and benchmarks import libs through their public entries only.',
      from: { path: '^(apps|test|bench)/' },
      to: {
        path: '^libs/',
        pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/contracts/src/db/index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
