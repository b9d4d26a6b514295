import { applicationReport } from './report.js';

const { LOSANT_TOKEN, LOSANT_APPLICATION_ID, LOSANT_BASE_URL } = process.env;
if (!LOSANT_TOKEN || !LOSANT_APPLICATION_ID) {
  console.error('set LOSANT_TOKEN and LOSANT_APPLICATION_ID (and optionally LOSANT_BASE_URL)');
  process.exit(2);
}
console.log(
  await applicationReport(LOSANT_APPLICATION_ID, {
    token: LOSANT_TOKEN,
    ...(LOSANT_BASE_URL ? { baseUrl: LOSANT_BASE_URL } : {}),
  }),
);
