export * from './rule-definition';
export * from './job-definition';
