/**
 * Parses the seed documents (Losant REST doc pages, scraped as text or markdown) for the
 * facts the cross-check compares: each action's method, URL template and required
 * query / multipart parameters. Deliberately independent of the generator: it reads
 * rendered pages, not the docs index.
 */
export interface SeedAction {
  seed: string;
  method: string;
  /** URL path with `{}` for every path component (`/applications/{}/archiveData`). */
  path: string;
  /** Required query and multipart parameters (`Y` in the Required column). */
  required: string[];
  /** All query and multipart parameters listed. */
  listed: string[];
}

const METHOD_URL = /^(GET|POST|PUT|PATCH|DELETE)\s+https:\/\/api\.losant\.com(\S*)/;
const CURL_METHOD = /-X\s*(GET|POST|PUT|PATCH|DELETE)\b/;
const URL_LINE = /^https:\/\/api\.losant\.com(\S*)/;
const AUTH = /^A valid api access token is required/i;

/** `/applications/APPLICATION_ID/data?x=1` → `/applications/{}/data` */
export function templateOf(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\*\*|`/g, '');
  return path.replace(/\/[A-Z][A-Z0-9_]*(?=\/|$)/g, '/{}') || '/';
}

/** Text seeds (000, 001, 003): sections are delimited by each action's authentication paragraph. */
export function parseTextSeed(seed: string, text: string): SeedAction[] {
  const lines = text.split('\n').map((l) => l.trim());
  const auth = lines.flatMap((l, i) => (AUTH.test(l) ? [i] : []));
  const actions: SeedAction[] = [];
  auth.forEach((start, k) => {
    const end = auth[k + 1] ?? lines.length;
    // The "METHOD URL" line, when the page kept it, sits just before the auth paragraph.
    const before = lines
      .slice(Math.max(0, start - 4), start)
      .map((l) => METHOD_URL.exec(l))
      .find(Boolean);
    const body = lines.slice(start, end);
    const curlAt = body.findIndex((l) => CURL_METHOD.test(l));
    const curlUrl =
      curlAt >= 0
        ? body
            .slice(curlAt, curlAt + 3)
            .map((l) => URL_LINE.exec(l) ?? /\s(https:\/\/api\.losant\.com\S*)/.exec(l))
            .find(Boolean)
        : undefined;
    const curlMethod = curlAt >= 0 ? CURL_METHOD.exec(body[curlAt]!)![1] : undefined;
    const method = before?.[1] ?? curlMethod;
    const url = before?.[2] ?? (curlUrl ? curlUrl[1]!.replace('https://api.losant.com', '') : undefined);
    if (!method || url === undefined) return;
    const { required, listed } = textParams(body);
    actions.push({ seed, method, path: templateOf(url), required, listed });
  });
  return actions;
}

function textParams(body: string[]): { required: string[]; listed: string[] } {
  const required: string[] = [];
  const listed: string[] = [];
  let table: 'query' | 'multipart' | 'other' = 'other';
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    if (line === 'Request Query Parameters') table = 'query';
    else if (/multipart form data/i.test(line)) table = 'multipart';
    else if (
      /^(Request Headers|Request Path Components|Curl Example|Successful Responses|Error Responses|Request Body)$/.test(
        line,
      )
    )
      table = 'other';
    if (table === 'other') continue;
    // One cell per line (000): a name followed by a Y/N line.
    const next = body[i + 1];
    if (/^[A-Za-z_$][\w$]*$/.test(line) && (next === 'Y' || next === 'N') && line !== 'Name') {
      listed.push(line);
      if (next === 'Y') required.push(line);
      continue;
    }
    // Cells run together (001, 003): name, then Y/N, then a capitalised description.
    const row = /^([A-Za-z_$][\w$]*?)([YN])(?=[A-Z])/.exec(line);
    if (row && !/^Name(Required)?/.test(line)) {
      listed.push(row[1]!);
      if (row[2] === 'Y') required.push(row[1]!);
    }
  }
  return { required, listed };
}

/** Markdown seed (002): one `##` section per action, pipe tables. */
export function parseMarkdownSeed(seed: string, text: string): SeedAction[] {
  const sections = text.split(/\n## /).slice(1);
  const actions: SeedAction[] = [];
  for (const section of sections) {
    const lines = section.split('\n').map((l) => l.trim());
    const m = lines.map((l) => METHOD_URL.exec(l.replace(/\*\*|`/g, ''))).find(Boolean);
    if (!m) continue;
    const required: string[] = [];
    const listed: string[] = [];
    let table: 'params' | 'other' = 'other';
    for (const line of lines) {
      if (line.startsWith('### ')) table = /Query Parameters|Request Body/.test(line) ? 'params' : 'other';
      const row = /^\|\s*([A-Za-z_$][\w$]*)\s*\|\s*([YN])\s*\|/.exec(line);
      if (table === 'params' && row) {
        listed.push(row[1]!);
        if (row[2] === 'Y') required.push(row[1]!);
      }
    }
    actions.push({ seed, method: m[1]!, path: templateOf(m[2]!), required, listed });
  }
  return actions;
}
