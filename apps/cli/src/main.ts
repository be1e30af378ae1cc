#!/usr/bin/env node
import { Command } from 'commander';
import { registerRunCommand } from './commands/run.command';
import { registerServicesCommand } from './commands/services.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerGatewayCommand } from './commands/gateway.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerPostCommand } from './commands/post.command';

/**
 * The `sluice` command. Each subcommand lives in commands/<name>.command.ts and registers
 * itself here; this file only wires them together.
 */
export function buildProgram(): Command {
  const program = new Command('sluice')
    .description('Sluice: REST -> Kafka -> Flink/Spark SQL -> MySQL, on one machine')
    .showHelpAfterError()
    .enablePositionalOptions();
  registerRunCommand(program);
  registerServicesCommand(program);
  registerGatewayCommand(program);
  registerKeysCommand(program);
  registerPostCommand(program);
  registerDemoCommand(program);
  return program;
}

if (require.main === module) {
  // `sluice run ... | head` closes stdout early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`sluice: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
