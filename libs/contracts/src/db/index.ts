// TypeORM entities and migrations. Separate entry point so the engine never pulls in TypeORM.
export * from './data-source';
export * from './entities/demo-stream-count.entity';
