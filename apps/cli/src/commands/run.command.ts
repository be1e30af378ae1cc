import type { Command } from 'commander';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a Flink or Spark SQL script locally (batch or streaming)')
    .argument('<script>', 'path of the SQL script')
    .option('--dialect <dialect>', 'flink | spark', 'flink')
    .action(async () => {
      throw new Error('sluice run: the SQL engine has not landed yet (issue "Engine I")');
    });
}
