import type { ValueTransformer } from 'typeorm';

/**
 * Stores a value as JSON in a TEXT column. MariaDB's JSON type is LONGTEXT under another name
 * and mysql2 hands it back as a string there but as an object on MySQL 8; TEXT plus this
 * transformer behaves the same on both.
 */
export function jsonTextColumn<T>(): ValueTransformer {
  return {
    to: (value: T | null | undefined) =>
      value === undefined || value === null ? value : JSON.stringify(value),
    from: (value: string | null) => (value === null ? null : (JSON.parse(value) as T)),
  };
}
