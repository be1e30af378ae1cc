import type { Command } from 'commander';
import { runScriptFile } from '../run/run-script';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a Flink or Spark SQL script locally; each bare SELECT prints NDJSON rows')
    .argument('<script>', 'path of the SQL script')
    .option('--dialect <dialect>', 'flink | spark', 'flink')
    .action(async (script: string, opts: { dialect: string }) => {
      if (opts.dialect !== 'flink' && opts.dialect !== 'spark') {
        process.stderr.write(`sluice run: --dialect must be flink or spark, got '${opts.dialect}'\n`);
        process.exitCode = 2;
        return;
      }
      const outcome = await runScriptFile(script, opts.dialect, {
        stdout: (line) => process.stdout.write(line + '\n'),
        stderr: (line) => process.stderr.write(line + '\n'),
      });
      process.exitCode = outcome.exitCode;
    });
}
