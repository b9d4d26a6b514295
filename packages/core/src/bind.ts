const methodNames = new WeakMap<object, string[]>();

/**
 * Bind every method of an object's class to the object, so that a method taken off it still
 * works: `const get = losant.devices.get; await get({ applicationId })`, `ids.map(fn)`,
 * `paginate(api.experienceViews.get, query)`. The bound copies are own, non-enumerable
 * properties (inspecting a resource lists no methods); the class's types are unchanged.
 */
export function bindMethods(target: object): void {
  const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
  let names = methodNames.get(proto);
  if (!names) {
    names = Object.getOwnPropertyNames(proto).filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function',
    );
    methodNames.set(proto, names);
  }
  for (const name of names)
    Object.defineProperty(target, name, {
      value: (proto[name] as (...args: unknown[]) => unknown).bind(target),
      writable: true,
      configurable: true,
    });
}
