import { buildProgram } from './apps/cli/src/main';
void buildProgram().parseAsync(process.argv);
