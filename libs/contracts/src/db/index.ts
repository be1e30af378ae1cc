// TypeORM entities and migrations. Separate entry point so the engine never pulls in TypeORM.
export * from './data-source';
export * from './entities/demo-stream-count.entity';
export * from './entities/api-key.entity';
export * from './entities/api-key-token';
export * from './entities/rule.entity';
export * from './entities/job.entity';
export * from './entities/job-run.entity';
export * from './entities/cep-checkpoint.entity';
export * from './entities/cep-partition-offset.entity';
export * from './entities/cep-rule-state.entity';
export * from './entities/alert.entity';
export * from './entities/job-offset.entity';
