import { runVerifyCommand } from './verify-command.ts';

process.exitCode = await runVerifyCommand(process.env, (line) => console.log(line));
