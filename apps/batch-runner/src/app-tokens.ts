/** Injection tokens for values that are not classes (STYLE.md 2.5: config arrives as APP_CONFIG). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The batch data sources (libs/connectors BatchConnectors): Kafka and MySQL clients of this process. */
export const BATCH_CONNECTORS = Symbol('BATCH_CONNECTORS');
