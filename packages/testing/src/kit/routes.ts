// The route table: which documented operation a method and path are. Built once from path
// templates; a literal segment beats a parameter (`/applications/import` before `/applications/{applicationId}`).

/** What a route needs of an operation. */
export interface RoutedOperation {
  readonly method: string;
  readonly path: string;
}

export type RouteMatch<Op> = { op: Op; pathValues: Record<string, string> } | { problem: string };

export class RouteTable<Op extends RoutedOperation> {
  readonly #routes: ReadonlyArray<{ op: Op; pattern: RegExp; names: readonly string[] }>;

  constructor(operations: Iterable<Op>) {
    this.#routes = [...operations]
      .map((op) => {
        const names: string[] = [];
        const source = op.path
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'));
        return { op, pattern: new RegExp(`^${source}$`), names };
      })
      .sort((a, b) => a.names.length - b.names.length);
  }

  /**
   * The operation a request is, with its path values as they were sent (still percent-encoded),
   * or why there is none: `label` names an operation in the problem (`GET (devices.get)`).
   */
  find(method: string, pathname: string, label: (op: Op) => string = (op) => op.method): RouteMatch<Op> {
    const onPath = this.#routes.filter((r) => r.pattern.test(pathname));
    const route = onPath.find((r) => r.op.method === method);
    if (!route) {
      const others = onPath.map((r) => label(r.op));
      return {
        problem: `no Losant action is ${method} ${pathname}${others.length ? `: that path takes ${others.join(', ')}` : ''}`,
      };
    }
    const match = route.pattern.exec(pathname)!;
    return { op: route.op, pathValues: Object.fromEntries(route.names.map((n, i) => [n, match[i + 1]!])) };
  }
}
