const namesByClass = new WeakMap<object, readonly string[]>();

/** The names of the methods an object's class defines (its own prototype's), found once per class. */
export function methodNames(target: object): readonly string[] {
  const proto = Object.getPrototypeOf(target) as object;
  let names = namesByClass.get(proto);
  if (!names) {
    names = Object.getOwnPropertyNames(proto).filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function',
    );
    namesByClass.set(proto, names);
  }
  return names;
}

/**
 * Bind every method of an object's class to the object, so that a method taken off it still
 * works: `const get = losant.devices.get; await get({ applicationId })`, `ids.map(fn)`,
 * `paginate(api.experienceViews.get, query)`. The bound copies are own, non-enumerable
 * properties (inspecting a resource lists no methods); the class's types are unchanged.
 */
export function bindMethods(target: object): void {
  const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
  for (const name of methodNames(target))
    Object.defineProperty(target, name, {
      value: (proto[name] as (...args: unknown[]) => unknown).bind(target),
      writable: true,
      configurable: true,
    });
}
