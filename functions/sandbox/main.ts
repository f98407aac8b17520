import { serveApp } from '../core/http/serve.ts';
import { createSandboxApp } from './app.ts';
import { loadSandboxConfig } from './config.ts';

const config = loadSandboxConfig(process.env);
const running = await serveApp(createSandboxApp(config.data), { port: config.port });
console.log(
  `sandbox (synthetic data: ${config.data.children.length} children, ${config.data.units.length} units) on port ${running.port}`,
);
