/** The scenario program's entry in Chromium: the page calls `ecoRun(config)` and gets the results. */
import { runScenarios } from '../scenarios.js';

(globalThis as { ecoRun?: typeof runScenarios }).ecoRun = runScenarios;
