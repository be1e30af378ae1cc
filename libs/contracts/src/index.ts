// Pure contracts shared by every part of Sluice. No I/O and no framework imports here:
// TypeORM entities live behind the separate entry point '@sluice/contracts/db'.
export * from './errors';
export * from './envelope';
export * from './streams';
export * from './definitions';
