#!/usr/bin/env node
// The CLI's entry point for package managers: a file that exists before the first build, so that
// `pnpm install` can link it (the CLI itself is compiled into dist/ by `pnpm generate`).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
