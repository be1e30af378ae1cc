import type { Row } from '../../types/values';

/**
 * Rows that arrived after the watermark passed their window. Dropped and counted by default
 * (Flink); with the table option 'sluice.late-data.sink' they go to that table instead (a Sluice
 * extension). `add` receives the operator's input row.
 */
export class LateRows {
  dropped = 0;
  constructor(private readonly sideOutput?: (row: Row) => void) {}
  add(row: Row): void {
    if (this.sideOutput) this.sideOutput(row);
    else this.dropped++;
  }
}
